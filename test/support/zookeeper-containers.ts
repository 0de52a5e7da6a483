import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ZOOKEEPER_IMAGE = 'rocketctl-lab/zookeeper:3.8';
// Debian's 20.10 client matches the lab's engine (test/lab/docker-engine.ts).
const DOCKER = '/usr/bin/docker';
const LAB_FIX = 'run `npm run lab` (it starts dockerd and builds the lab images), or `npm test`, which does it first';

export interface ZkNodeContainer {
  name: string;
  /** Client port published on 127.0.0.1. */
  port: number;
}

export interface ZkLab {
  nodes: ZkNodeContainer[];
  docker(...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

const docker = async (...args: string[]): Promise<string> => (await execa(DOCKER, args, { timeout: 120_000 })).stdout.trim();

/** Fails loudly with the fix when the engine or the lab image is missing; a lab test never skips. */
export async function requireZooKeeperImage(): Promise<void> {
  const info = await execa(DOCKER, ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 30_000 });
  if (info.exitCode !== 0) throw new Error(`prerequisite missing: no docker engine answers (${DOCKER}). Fix: ${LAB_FIX}`);
  const image = await execa(DOCKER, ['image', 'inspect', ZOOKEEPER_IMAGE], { reject: false, timeout: 30_000 });
  if (image.exitCode !== 0) throw new Error(`prerequisite missing: image ${ZOOKEEPER_IMAGE}. Fix: ${LAB_FIX}`);
}

/**
 * 1 node (standalone) or a 3-node ensemble on its own network; every client port published on 127.0.0.1
 * only. Containers are named rocketctl-it-zk-*; remove() deletes them, the network and the config folder.
 */
export async function startZooKeeperLab(size: 1 | 3): Promise<ZkLab> {
  await requireZooKeeperImage();
  const id = randomBytes(4).toString('hex');
  const prefix = `rocketctl-it-zk-${id}`;
  const names = Array.from({ length: size }, (_, i) => `${prefix}-${i + 1}`);
  const confRoot = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-it-zk-'));
  const network = size === 3 ? prefix : undefined;
  const lab: ZkLab = {
    nodes: [],
    docker,
    async remove() {
      const containers = await execa(DOCKER, ['rm', '--force', '--volumes', ...names], { reject: false, all: true });
      const net = network ? await execa(DOCKER, ['network', 'rm', network], { reject: false, all: true }) : undefined;
      await rm(confRoot, { recursive: true, force: true });
      const failed = [containers, net].filter((r) => r && r.exitCode !== 0 && !/No such (container|network)/i.test(r.all ?? ''));
      if (failed.length > 0) throw new Error(`test cleanup left ${prefix}* behind: ${failed.map((r) => r!.all).join('; ')}. Remove them with: docker rm -f ${names.join(' ')}`);
    },
  };
  try {
    if (network) await docker('network', 'create', '--label', 'org.rocketctl.it=zookeeper', network);
    for (const [index, name] of names.entries()) {
      const args = ['run', '--detach', '--name', name, '--label', 'org.rocketctl.it=zookeeper', '--publish', '127.0.0.1::2181'];
      if (network) {
        await writeFile(path.join(confRoot, `${name}.cfg`), zooCfg(names), { mode: 0o644 });
        args.push('--network', network, '--hostname', name, '--env', `ZOO_MY_ID=${index + 1}`, '--volume', `${path.join(confRoot, `${name}.cfg`)}:/conf/zoo.cfg:ro`);
        // ZooKeeper 3.8 keeps a peer address it could not resolve at start "<unresolved>" for good, so a
        // follower could never reach a later leader (ZOOKEEPER-4728, fixed in 3.10): start once every peer
        // name resolves on the network.
        args.push('--entrypoint', 'bash', ZOOKEEPER_IMAGE, '-c', `${waitForNames(names)}; exec docker-entrypoint.sh zkServer.sh start-foreground`);
      } else {
        args.push('--env', 'ZOO_4LW_COMMANDS_WHITELIST=srvr,mntr,ruok', ZOOKEEPER_IMAGE);
      }
      await docker(...args);
      const mapped = await docker('port', name, '2181/tcp');
      lab.nodes.push({ name, port: Number(mapped.split('\n')[0]!.split(':').pop()) });
    }
    await Promise.all(lab.nodes.map((node) => waitServing(node, 60_000)));
    return lab;
  } catch (error) {
    await lab.remove();
    throw error;
  }
}

const waitForNames = (names: string[]): string => `for peer in ${names.join(' ')}; do until getent hosts "$peer" >/dev/null; do sleep 0.1; done; done`;

function zooCfg(names: string[]): string {
  return [
    'dataDir=/data', 'dataLogDir=/datalog', 'tickTime=2000', 'initLimit=5', 'syncLimit=2', 'clientPort=2181',
    'admin.enableServer=false', '4lw.commands.whitelist=srvr,mntr,ruok', 'quorumListenOnAllIPs=true',
    ...names.map((name, i) => `server.${i + 1}=${name}:2888:3888`), '',
  ].join('\n');
}

/** `Mode: leader|follower|standalone` from the `srvr` four-letter word, or undefined when not serving. */
export function zkMode(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.end('srvr'));
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => resolve(undefined));
    socket.on('close', () => resolve(/^Mode: (\S+)/m.exec(answer)?.[1]));
  });
}

export async function waitServing(node: ZkNodeContainer, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mode = await zkMode(node.port);
    if (mode) return mode;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const logs = await execa(DOCKER, ['logs', '--tail', '30', node.name], { reject: false, all: true });
  throw new Error(`ZooKeeper container ${node.name} did not serve within ${timeoutMs / 1000} s; last log lines:\n${logs.all ?? ''}`);
}
