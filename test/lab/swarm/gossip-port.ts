import net from 'node:net';
import { retry } from '../../../src/shared/retry.js';
import { LabError } from '../lab-error.js';
import type { SwarmNodeName } from './swarm-lab-names.js';

/** The swarm's NetworkDB gossip (memberlist) port on every node. */
const GOSSIP_PORT = 7946;
const CONNECT_TIMEOUT_MS = 1_000;

/**
 * Waits until `address:7946` (a node on the lab bridge) accepts a TCP connection. Why: a worker whose engine
 * starts before the manager's gossip listens fails to join NetworkDB and retries only about a minute later;
 * until then no service name on an overlay network resolves from that worker ("bad address"), although
 * `node ls` lists every node as ready. Seen when all three node containers start together after a reboot.
 */
export async function waitForGossipPort(name: SwarmNodeName, address: string, signal: AbortSignal | undefined, timeoutMs = 60_000): Promise<void> {
  await retry(
    async () => {
      if (!(await accepts(address, GOSSIP_PORT))) throw new Error('not listening');
    },
    { timeoutMs, intervalMs: 250, signal, onGiveUp: (error) => error as Error },
  ).catch((error: Error) => {
    if (error.name === 'InterruptedError') throw error;
    throw new LabError(
      `gossip port of ${name}`,
      `${address}:${GOSSIP_PORT} does not accept connections after ${timeoutMs / 1000} s`,
      `its engine is in the swarm but NetworkDB did not start: \`docker logs rocketctl-swarm-${name}\` (look for "memberlist")`,
    );
  });
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    const done = (open: boolean) => (socket.destroy(), resolve(open));
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
