import { up } from '../../commands/up.js';
import { zookeeperModeOf, type ZooKeeperMode } from '../../probes/zookeeper.js';
import { ZOOKEEPER_PEERS } from '../../services/zookeeper/peers.js';
import { withDeadline } from '../../shared/deadline.js';
import type { ChecklistFacts } from '../facts.js';
import { failed, ok, defineStep } from '../step.js';

type PeerAnswer = { peer: string; mode: ZooKeeperMode | 'down' };

/** Every peer answers `srvr`, and the ensemble has exactly one leader and the rest followers (never just `ruok`). */
export const zookeeperQuorum = defineStep({
  id: 'zookeeper-quorum',
  title: 'ZooKeeper: one leader, the rest followers, every peer answering',
  inputs: ['config'],
  async check(facts) {
    const peers = ZOOKEEPER_PEERS.filter((peer) => facts.context.config.services[peer].enabled);
    if (peers.length === 0) return { status: 'skipped', cause: 'disabled in the config' };
    const answers = await peerModes(facts, peers);
    const leaders = answers.filter((a) => a.mode === 'leader').length;
    const followers = answers.filter((a) => a.mode === 'follower').length;
    if (leaders === 1 && followers === peers.length - 1) return ok(`1 leader, ${followers} followers`);
    const down = answers.filter((a) => a.mode === 'down').map((a) => a.peer);
    const serving = answers.filter((a) => a.mode === 'leader' || a.mode === 'follower');
    const quorum = serving.length > peers.length / 2 && leaders === 1;
    const seen = answers.map((a) => `${a.peer} ${a.mode === 'down' ? 'does not answer' : a.mode}`).join(', ');
    return failed(`${quorum ? 'quorum holds, but not every peer serves' : 'no quorum'}: ${seen}${down.length ? ` (down: ${down.join(', ')})` : ''}`);
  },
  fix: {
    command: 'rocketctl up zookeeper-1 zookeeper-2 zookeeper-3',
    apply: (context) => up(context, { services: [...ZOOKEEPER_PEERS] }).then(() => undefined),
  },
});

async function peerModes(facts: ChecklistFacts, peers: readonly string[]): Promise<PeerAnswer[]> {
  const { entries } = await facts.stack();
  return Promise.all(
    peers.map(async (peer): Promise<PeerAnswer> => {
      const target = entries.find((e) => e.spec.name === peer)?.probeTarget(facts.context.signal) ?? null;
      if (!target) return { peer, mode: 'down' };
      try {
        return { peer, mode: await withDeadline(() => zookeeperModeOf(target), { timeoutMs: 5_000, signal: facts.context.signal }) };
      } catch (error) {
        if ((error as Error).name === 'InterruptedError') throw error;
        return { peer, mode: 'down' };
      }
    }),
  );
}
