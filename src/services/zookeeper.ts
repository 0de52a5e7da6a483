import type { ResolvedService } from '../config/types.js';
import { fourLetterWordCommand, isServingInEnsemble, parseSrvrMode } from '../probes/zookeeper.js';
import { renderTemplate } from './render-template.js';
import type { ServiceSpec } from './spec.js';
import { ZOOKEEPER_NAMES, baseSpec, configFile, portsFor, type SpecInputs } from './spec-inputs.js';

/** One peer of the 3-node ensemble; ready when it serves as leader or follower (a quorum exists). */
export function zookeeperSpec(service: ResolvedService, inputs: SpecInputs): ServiceSpec {
  const myid = Number(service.name.split('-')[1]);
  const servers = ZOOKEEPER_NAMES.map((name, i) => `server.${i + 1}=${inputs.config.services[name].hostname}:2888:3888;2181`).join('\n');
  const zooCfg = renderTemplate('zookeeper/zoo.cfg', { hostname: service.hostname, myid, dataDir: service.profile.dataDir, servers });
  return {
    ...baseSpec(service),
    env: { ...service.profile.env, ZOO_MY_ID: String(myid) },
    ports: portsFor(service, { client: 2181 }),
    files: [configFile(service, 'zoo.cfg', zooCfg, false)],
    dependsOn: [],
    // ZooKeeper 3.8 never re-resolves a peer name that failed at start, so survivors could not re-elect
    // after losing the leader (ZOOKEEPER-4728, fixed in 3.10): start only once every peer resolves.
    waitForHosts: ZOOKEEPER_NAMES.map((name) => inputs.config.services[name].hostname),
    readiness: {
      description: 'serving in the ensemble (srvr Mode: leader or follower)',
      timeoutMs: 90_000,
      // From inside the container: only zookeeper-1's client port is published.
      async check(target) {
        const { output } = await target.exec(fourLetterWordCommand('srvr'));
        const mode = parseSrvrMode(output);
        if (!isServingInEnsemble(mode)) throw new Error(`srvr Mode: ${mode}`);
        return `Mode: ${mode}`;
      },
    },
  };
}
