import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { couchEndpointFor } from './couch-endpoint.js';

let dir: string;
const project = async (body: string) => {
  await writeFile(path.join(dir, 'rocketctl.config.ts'), `import { defineConfig } from 'rocketctl';\nexport default defineConfig(${body});\n`);
  return loadConfig({ cwd: dir, env: {} });
};
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-couch-endpoint-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('CouchDB not published or disabled: a usage error that says how to publish it', async () => {
  for (const body of [`{ services: { couchdb: { ports: { https: null } } } }`, `{ services: { couchdb: { enabled: false } } }`]) {
    await assert.rejects(couchEndpointFor(await project(body)), (e: unknown) => e instanceof UsageError && /services\.couchdb\.ports\.https/.test(e.hint!));
  }
});

test('no CA yet: an operation error pointing at certs gen', async () => {
  await assert.rejects(couchEndpointFor(await project('{}')), (e: unknown) => e instanceof OperationError && /rocketctl certs gen/.test(e.hint!));
});

test('the published port on the bind address (a wildcard bind through loopback), verified as the service host name against the CA', async () => {
  await mkdir(path.join(dir, 'certs', 'ca'), { recursive: true });
  await writeFile(path.join(dir, 'certs', 'ca', 'ca.crt'), 'CA PEM');
  assert.deepEqual(await couchEndpointFor(await project(`{ services: { couchdb: { ports: { https: 16984 } } } }`)), {
    host: '127.0.0.1',
    port: 16984,
    servername: 'couchdb',
    ca: 'CA PEM',
  });
  const wildcard = await couchEndpointFor(await project(`{ bindAddress: '0.0.0.0', allowPublicBind: true }`));
  assert.equal(wildcard.host, '127.0.0.1');
});
