import { retry } from '../../src/shared/retry.js';
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fourLetterWord } from './four-letter-word.js';
import { LabContainers, type LabContainer } from './lab-containers.js';

export const ZOOKEEPER_IMAGE = 'rocketctl-lab/zookeeper:3.8';
// Debian's 20.10 client matches the lab's engine (test/lab/docker-engine.ts).
const DOCKER = '/usr/bin/docker';

export interface ZkNodeContainer {
  name: string;
  /** Client port published on 127.0.0.1. */
  port: number;
  container: LabContainer;
}

export interface ZkLab {
  nodes: ZkNodeContainer[];
  docker(...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

const docker = async (...args: string[]): Promise<string> => (await execa(DOCKER, args, { timeout: 120_000 })).stdout.trim();

/**
 * 1 node (standalone) or a 3-node ensemble on its own network; every client port published on 127.0.0.1
 * only. Containers are named rocketctl-it-zk-*; remove() deletes them, the network and the config folder.
 */
export async function startZooKeeperLab(size: 1 | 3): Promise<ZkLab> {
  const containers = new LabContainers('rocketctl-it-zk');
  await containers.requireImages([ZOOKEEPER_IMAGE]);
  const names = Array.from({ length: size }, (_, i) => `zk-${i + 1}`);
  const confRoot = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-it-zk-'));
  const lab: ZkLab = {
    nodes: [],
    docker,
    async remove() {
      await rm(confRoot, { recursive: true, force: true });
      await containers.cleanup();
    },
  };
  try {
    await containers.createNetwork();
    for (const [index, name] of names.entries()) {
      const ensemble = size === 3;
      const config = path.join(confRoot, `${name}.cfg`);
      if (ensemble) await writeFile(config, zooCfg(names), { mode: 0o644 });
      const container = await containers.start({
        name,
        image: ZOOKEEPER_IMAGE,
        ports: { 2181: 0 },
        ...(ensemble
          ? {
              env: { ZOO_MY_ID: String(index + 1) },
              readOnlyMounts: { [config]: '/conf/zoo.cfg' },
              // ZooKeeper 3.8 keeps a peer address it could not resolve at start "<unresolved>" for good, so a
              // follower could never reach a later leader (ZOOKEEPER-4728, fixed in 3.10): start once every peer
              // name resolves on the network.
              entrypoint: ['bash', '-c', `${waitForNames(names)}; exec docker-entrypoint.sh zkServer.sh start-foreground`],
            }
          : { env: { ZOO_4LW_COMMANDS_WHITELIST: 'srvr,mntr,ruok' } }),
      });
      lab.nodes.push({ name: container.name, port: container.hostPort(2181), container });
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
    'dataDir=/data',
    'dataLogDir=/datalog',
    'tickTime=2000',
    'initLimit=5',
    'syncLimit=2',
    'clientPort=2181',
    'admin.enableServer=false',
    '4lw.commands.whitelist=srvr,mntr,ruok',
    'quorumListenOnAllIPs=true',
    ...names.map((name, i) => `server.${i + 1}=${name}:2888:3888`),
    '',
  ].join('\n');
}

/** `Mode: leader|follower|standalone` from the `srvr` four-letter word, or undefined when not serving. */
export async function zkMode(port: number): Promise<string | undefined> {
  const reply = await fourLetterWord(port, 'srvr', 2000).catch(() => '');
  return /^Mode: (\S+)/m.exec(reply)?.[1];
}

export async function waitServing(node: ZkNodeContainer, timeoutMs: number): Promise<string> {
  return retry(
    async () => {
      const mode = await zkMode(node.port);
      if (!mode) throw new Error('not serving');
      return mode;
    },
    { timeoutMs, intervalMs: 250 },
  ).catch(async () => {
    throw new Error(`ZooKeeper container ${node.name} did not serve within ${timeoutMs / 1000} s; last log lines:\n${await node.container.lastLogLines(30)}`);
  });
}
