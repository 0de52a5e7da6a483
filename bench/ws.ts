/**
 * bench/ws: the telemetry worker as users run it (`rocketctl workers start telemetry`, its own process)
 * on 127.0.0.1. First a baseline of 1 WebSocket client, then 100 clients, at 20 Hz: frame latency
 * (server timestamp in each frame → receive time) p50/p99/max and frames received/expected. Then the
 * API: GET /api/actions requests/s from concurrent keep-alive loops for a fixed time (and GET /healthz
 * for comparison). Client and server share this machine's cores.
 * Run: npm run bench:ws [-- --clients 100 --seconds 10 --rate 20]
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { systemClock } from '../src/shared/clock.js';
import { readRuntimeFile } from '../src/workers/runtime-file.js';
import { startRocketctl } from '../test/support/cli.js';
import { createTempProject } from '../test/support/temp-project.js';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const CLIENTS = arg('clients', 100);
const SECONDS = arg('seconds', 10);
const RATE = arg('rate', 20);
const API_SECONDS = 5;
const API_LOOPS = 16;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function streamRound(endpoint: string, clients: number, seconds: number) {
  const latencies: number[] = [];
  let gaps = 0;
  let measuring = false;
  const sockets = await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${endpoint.replace(/^http/, 'ws')}/ws`);
          let lastSeq = -1;
          socket.on('message', (data) => {
            const received = Date.now();
            const frame = JSON.parse(String(data)) as { type: string; ts: number; seq: number };
            if (frame.type !== 'telemetry' || !measuring) return;
            if (lastSeq >= 0 && frame.seq !== lastSeq + 1) gaps++;
            lastSeq = frame.seq;
            latencies.push(received - frame.ts);
          });
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  measuring = true;
  await systemClock.sleep(seconds * 1000);
  measuring = false;
  for (const socket of sockets) socket.terminate();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    received: latencies.length,
    expected: clients * RATE * seconds,
    gaps,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

async function requestsPerSecond(endpoint: string, route: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: API_LOOPS });
  const { hostname, port } = new URL(endpoint);
  const get = () =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: hostname, port, path: route, agent }, (response) => {
          let size = 0;
          response.on('data', (chunk: Buffer) => (size += chunk.length));
          response.on('end', () => (response.statusCode === 200 ? resolve(size) : reject(new Error(`${route}: HTTP ${response.statusCode}`))));
        })
        .on('error', reject);
    });
  const until = performance.now() + API_SECONDS * 1000;
  let count = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: API_LOOPS }, async () => {
      while (performance.now() < until) {
        bytes = await get();
        count++;
      }
    }),
  );
  agent.destroy();
  return { perSecond: count / API_SECONDS, count, bytes };
}

const project = await createTempProject(`{ workers: { telemetry: { rateHz: ${RATE} } } }`);
const server = startRocketctl(['workers', 'start', 'telemetry', '--port', '0'], { cwd: project.dir });
try {
  const runtime = await server.waitUntil(
    async () => (await readRuntimeFile(path.join(project.dir, '.rocketctl', 'workers'), 'telemetry')) ?? Promise.reject(new Error('not yet')),
    'the telemetry worker',
  );
  const endpoint = runtime.endpoint!;
  const baseline = await streamRound(endpoint, 1, 3);
  const loaded = await streamRound(endpoint, CLIENTS, SECONDS);
  const actions = await requestsPerSecond(endpoint, '/api/actions');
  const healthz = await requestsPerSecond(endpoint, '/healthz');
  server.signal('SIGINT');
  const exit = await server.exited;

  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)}: ${value}`);
  console.log(`bench/ws (${os.cpus().length} cores; server = rocketctl workers start telemetry in its own process, clients in this one)`);
  row(
    `baseline: 1 client × ${RATE} Hz × 3 s`,
    `p50 ${ms(baseline.p50)}  p99 ${ms(baseline.p99)}  max ${ms(baseline.max)}  frames ${baseline.received}/${baseline.expected}`,
  );
  row(
    `load: ${CLIENTS} clients × ${RATE} Hz × ${SECONDS} s`,
    `p50 ${ms(loaded.p50)}  p99 ${ms(loaded.p99)}  max ${ms(loaded.max)}  frames ${loaded.received}/${loaded.expected}  seq gaps ${loaded.gaps}   (target p99 <= 50 ms)`,
  );
  row(
    `GET /api/actions (${API_LOOPS} keep-alive loops, ${API_SECONDS} s)`,
    `${actions.perSecond.toFixed(0)} requests/s  (${actions.bytes} bytes each, ${actions.count} requests)`,
  );
  row(`GET /healthz (same loops, for comparison)`, `${healthz.perSecond.toFixed(0)} requests/s`);
  row('Ctrl-C → exit', `${exit.code} in ${ms(exit.msAfterSignal ?? Number.NaN)}`);
  if (loaded.p99 > 50) process.exitCode = 1;
} finally {
  if (server.child.exitCode === null) {
    server.signal('SIGINT');
    await server.exited;
  }
  await project.cleanup();
}
