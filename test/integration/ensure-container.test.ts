import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { connectEngine, type Engine } from '../../src/docker/engine.js';
import { ensureContainer } from '../../src/docker/ensure-container.js';
import { ensureNetwork } from '../../src/docker/network-and-volumes.js';
import type { ServiceSpec } from '../../src/services/spec.js';
import { InterruptedError } from '../../src/shared/errors.js';
import { silentLogger } from '../../src/shared/log.js';

const PROJECT = 'rocketctl-it-ensure';
const NAME = `${PROJECT}-postgres`;
const stack = { project: PROJECT, bindAddress: '127.0.0.1' };
// A stand-in member on the lab's base image: what is tested is the engine calls around it, not a server.
const spec = (marker: string): ServiceSpec =>
  ({
    name: 'postgres',
    image: 'rocketctl-lab/base:bookworm',
    hostname: 'postgres',
    command: ['sleep', '300'],
    env: { MARKER: marker },
    ports: [],
    files: [{ path: '/etc/marker', mode: 0o644, source: 'the test', read: async () => marker }],
    fileOwner: { uid: 0, gid: 0 },
    dataDir: null,
    dependsOn: [],
    readiness: { description: 'none', timeoutMs: 1_000, check: async () => ({ ready: true, detail: '' }) },
  }) as unknown as ServiceSpec;

/** The real engine, but the command is "interrupted" right after the named call went through to the daemon. */
const interruptedAfter = (engine: Engine, prefix: string): Engine => ({
  ...engine,
  call: async (what, work, timeoutMs) => {
    const result = await engine.call(what, work, timeoutMs);
    if (what.startsWith(prefix)) throw new InterruptedError();
    return result;
  },
});
const state = async () => (await execa('docker', ['inspect', '--format', '{{.State.Status}}', NAME], { reject: false })).stdout.trim() || 'gone';

after(async () => {
  await execa('docker', ['rm', '-f', NAME], { reject: false });
  await execa('docker', ['network', 'rm', `${PROJECT}-net`], { reject: false });
});

test('interrupted after the engine started the container: it is whole and left running (a first initialisation is never cut)', async () => {
  const engine = await connectEngine(new AbortController().signal);
  await ensureNetwork(engine, PROJECT);
  await assert.rejects(ensureContainer(interruptedAfter(engine, 'start '), spec('a'), stack, { log: silentLogger }), { name: 'InterruptedError' });
  assert.equal(await state(), 'running', 'docker inspect says');
  // The next `up` finds it current and keeps it.
  assert.equal((await ensureContainer(engine, spec('a'), stack, { log: silentLogger })).action, 'kept');
});

test('interrupted before it ever started (files being copied): the half-made container is removed', async () => {
  const engine = await connectEngine(new AbortController().signal);
  await execa('docker', ['rm', '-f', NAME], { reject: false });
  await assert.rejects(ensureContainer(interruptedAfter(engine, 'copy files'), spec('b'), stack, { log: silentLogger }), { name: 'InterruptedError' });
  assert.equal(await state(), 'gone', 'docker inspect says');
});
