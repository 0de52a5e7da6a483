import { retry } from '../../../src/shared/retry.js';
import { LabError } from '../lab-error.js';
import { docker, dockerResult } from './docker-command.js';
import { PROBE_IMAGE } from './node-images.js';
import { ensureSwarm } from './swarm-formation.js';
import { dockerHostOf, MANAGER, type SwarmNodeName } from './swarm-lab-names.js';

/**
 * A swarm kept from an earlier run whose overlay check fails is formed anew once, then checked again: its
 * NetworkDB state is what Docker is known to get wrong after restarts, and a new swarm holds nothing the tests
 * keep (services are made by each run; images and volumes stay on the nodes). A new swarm that fails is an error.
 */
export async function checkOverlayOrReform(opts: {
  keptSwarm: boolean;
  addresses: Record<SwarmNodeName, string>;
  signal: AbortSignal | undefined;
  log: (line: string) => void;
}): Promise<void> {
  const { signal, log } = opts;
  const check = () => checkOverlay({ server: 'node-2', client: 'node-3', signal, log });
  try {
    await check();
  } catch (error) {
    if (!opts.keptSwarm || !(error instanceof LabError)) throw error;
    log(`overlay check failed on the swarm kept from before; forming a new swarm (${error.message.split('\n')[0]})`);
    await ensureSwarm(opts.addresses, signal, log, { reform: true });
    await check();
  }
}

const CHECK_NETWORK = 'rocketctl-swarm-lab-check';
const CHECK_SERVICE = 'rocketctl-swarm-lab-check';
const CHECK_PORT = 8080;

/**
 * Proves the overlay data path (VXLAN between node containers) and the swarm's DNS: a service task on `server`
 * answers HTTP on an attachable overlay network; a plain container on `client` resolves the service name and
 * fetches from it. `--endpoint-mode dnsrr`: this kernel has no IPVS, so the default virtual IP resolves but
 * every connection to it fails with "No route to host"; dnsrr answers with the task's own overlay address.
 * Leaves nothing behind. Returns the seconds it took.
 */
export async function checkOverlay(opts: {
  server: SwarmNodeName;
  client: SwarmNodeName;
  signal: AbortSignal | undefined;
  log: (line: string) => void;
}): Promise<number> {
  const { server, client, signal } = opts;
  const started = Date.now();
  const manager = dockerHostOf(MANAGER);
  const step = 'overlay network check';
  await removeCheck(signal);
  try {
    await docker(['network', 'create', '--driver=overlay', '--attachable', CHECK_NETWORK], { host: manager, step, signal });
    await docker(
      [
        'service',
        'create',
        '--detach',
        `--name=${CHECK_SERVICE}`,
        `--network=${CHECK_NETWORK}`,
        '--endpoint-mode=dnsrr',
        `--constraint=node.hostname==${server}`,
        '--restart-condition=none',
        // Nothing can be pulled: without this the manager asks a registry for the image's digest first.
        '--no-resolve-image',
        PROBE_IMAGE,
        'sh',
        '-c',
        `echo pong > /tmp/index.html && exec httpd -f -p ${CHECK_PORT} -h /tmp`,
      ],
      { host: manager, step, signal },
    );
    await waitForTaskRunning(CHECK_SERVICE, signal);
    // Name records reach the client node by gossip a moment after the task starts: retry the whole fetch.
    let lastOutput = '';
    await retry(
      async () => {
        const result = await dockerResult(
          [
            'run',
            '--rm',
            `--network=${CHECK_NETWORK}`,
            PROBE_IMAGE,
            'sh',
            '-c',
            `nslookup ${CHECK_SERVICE} && printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 ${CHECK_SERVICE} ${CHECK_PORT}`,
          ],
          { host: dockerHostOf(client), step, signal, timeoutMs: 30_000 },
        );
        lastOutput = [result.stdout, result.stderr].filter(Boolean).join('\n');
        if (!result.ok || !result.stdout.endsWith('pong')) throw new Error('no pong');
      },
      { timeoutMs: 30_000, intervalMs: 1_000, signal, onGiveUp: (error) => error as Error },
    ).catch((error: Error) => {
      if (error.name === 'InterruptedError') throw error;
      throw new LabError(
        step,
        `a container on ${client} could not reach the service task on ${server} over overlay network ${CHECK_NETWORK}; last output:\n${lastOutput}`,
        'VXLAN (udp 4789) and gossip (7946) must pass between the node containers on the lab bridge; see docker logs of both nodes',
      );
    });
  } finally {
    await removeCheck(signal);
  }
  const seconds = (Date.now() - started) / 1000;
  opts.log(`overlay check: ${client} resolved and reached a task on ${server} in ${seconds.toFixed(1)} s`);
  return seconds;
}

async function waitForTaskRunning(service: string, signal: AbortSignal | undefined): Promise<void> {
  const step = 'overlay network check';
  let state = '';
  await retry(
    async () => {
      state = await docker(['service', 'ps', '--no-trunc', '--format', '{{.CurrentState}} {{.Error}}', service], { host: dockerHostOf(MANAGER), step, signal });
      if (/^(Failed|Rejected|Complete|Shutdown)/m.test(state))
        throw new LabError(step, `the check task did not start: ${state}`, 'see `docker logs` of the node');
      if (!/^Running/m.test(state)) throw new Error(state);
    },
    { timeoutMs: 60_000, intervalMs: 500, signal, retryOn: (error) => !(error instanceof LabError), onGiveUp: (error) => error as Error },
  ).catch((error: Error) => {
    if (error instanceof LabError || error.name === 'InterruptedError') throw error;
    throw new LabError(step, `the check task is not running after 60 s: ${state}`, 'see `docker logs` of the node');
  });
}

async function removeCheck(signal: AbortSignal | undefined): Promise<void> {
  const manager = dockerHostOf(MANAGER);
  const step = 'overlay network check cleanup';
  await dockerResult(['service', 'rm', CHECK_SERVICE], { host: manager, step, signal });
  // The task's endpoint is released a moment after the service is gone; until then the network is "in use".
  await retry(
    async () => {
      const result = await dockerResult(['network', 'rm', CHECK_NETWORK], { host: manager, step, signal });
      if (!result.ok && !/not found|No such network/i.test(result.reason)) throw new Error(result.reason);
    },
    { timeoutMs: 30_000, intervalMs: 500, signal, what: `removing network ${CHECK_NETWORK}` },
  );
}
