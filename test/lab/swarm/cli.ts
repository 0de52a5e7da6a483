#!/usr/bin/env node
/**
 * `node dist/test/lab/swarm/cli.js up|down|status`: the swarm lab by hand (the swarm tests call ensureSwarmLab()).
 *   up [--publish node-N=PORT,PORT ...]   build the node image if its recipe changed, start the nodes, form the swarm
 *   down                                  remove the node containers, their data volumes and the network
 *   status [--overlay]                    each node's container, engine and swarm state; --overlay also checks VXLAN
 *   load IMAGE [node-N ...]               docker save IMAGE | docker -H node load (default: every node)
 * Timings go to stderr.
 */
import { exitCodeFor, RocketError } from '../../../src/shared/errors.js';
import { dockerResult } from './docker-command.js';
import { listSwarmNodes } from './swarm-formation.js';
import { checkOverlay, ensureSwarmLab, loadImageIntoNode, teardownSwarmLab } from './swarm-lab.js';
import { containerNameOf, dockerHostOf, MANAGER, NODE_NAMES, type SwarmNodeName } from './swarm-lab-names.js';

const USAGE = 'usage: node dist/test/lab/swarm/cli.js up [--publish node-N=PORT,PORT ...] | down | status [--overlay] | load IMAGE [node-N ...]';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
const { signal } = controller;
const log = (line: string) => console.error(`swarm-lab: ${line}`);

function usage(): never {
  console.error(USAGE);
  process.exit(2);
}

function isNodeName(name: string | undefined): name is SwarmNodeName {
  return (NODE_NAMES as readonly string[]).includes(name ?? '');
}

function parsePublish(args: string[]): Record<SwarmNodeName, number[]> {
  const publish = { 'node-1': [], 'node-2': [], 'node-3': [] } as Record<SwarmNodeName, number[]>;
  for (let i = 0; i < args.length; i++) {
    const [name, ports] = (args[i] === '--publish' ? (args[++i] ?? '') : '').split('=');
    if (!isNodeName(name) || ports === undefined) usage();
    publish[name].push(...ports.split(',').filter(Boolean).map(Number));
  }
  return publish;
}

async function status(withOverlay: boolean): Promise<void> {
  const swarm = await listSwarmNodes(signal).catch((error: Error) => {
    console.log(`manager ${MANAGER} (${dockerHostOf(MANAGER)}) does not answer: ${error.message.split('\n')[0]}`);
    return [];
  });
  for (const name of NODE_NAMES) {
    const step = `status of ${name}`;
    const container = await dockerResult(['container', 'inspect', '--format', '{{.State.Status}}', containerNameOf(name)], { step, signal });
    const engine = await dockerResult(['info', '--format', '{{.ServerVersion}} {{.Swarm.LocalNodeState}}'], {
      host: dockerHostOf(name),
      step,
      signal,
      timeoutMs: 10_000,
    });
    const entries = swarm.filter((n) => n.Description.Hostname === name).map((n) => `${n.Spec.Role} ${n.Status.State} ${n.Status.Addr}`);
    console.log(
      [
        name,
        `container ${container.ok ? container.stdout : 'missing'}`,
        `engine ${engine.ok ? `${dockerHostOf(name)} ${engine.stdout}` : 'not answering'}`,
        `swarm ${entries.join(' | ') || 'not listed'}`,
      ].join('\t'),
    );
  }
  if (withOverlay) await checkOverlay({ server: 'node-2', client: 'node-3', signal, log });
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const started = Date.now();
  switch (command) {
    case 'up': {
      const lab = await ensureSwarmLab({ signal, log, publish: parsePublish(rest) });
      for (const node of lab.nodes) console.log(`${node.name}\t${node.container}\t${node.dockerHost}\t${node.address}\t${node.manager ? 'manager' : 'worker'}`);
      break;
    }
    case 'down':
      if (rest.length > 0) usage();
      await teardownSwarmLab(signal);
      break;
    case 'status':
      if (rest.length > 1 || (rest[0] !== undefined && rest[0] !== '--overlay')) usage();
      await status(rest[0] === '--overlay');
      break;
    case 'load': {
      const [image, ...names] = rest;
      if (!image || !names.every(isNodeName)) usage();
      for (const name of names.length > 0 ? names : NODE_NAMES) {
        const loadStarted = Date.now();
        const loaded = await loadImageIntoNode(image, name, signal);
        log(`${image} on ${name}: ${loaded ? `loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s` : 'already there'}`);
      }
      break;
    }
    default:
      usage();
  }
  log(`${command} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (signal.aborted) {
    log('interrupted');
    process.exit(130);
  }
  console.error(error instanceof Error ? error.message : String(error));
  if (error instanceof RocketError && error.hint) console.error(`hint: ${error.hint}`);
  process.exit(exitCodeFor(error));
}
