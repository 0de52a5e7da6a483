import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { loadConfig } from '../../src/config/load.js';
import { readSecrets } from '../../src/secrets/secrets.js';
import { buildSpecs } from '../../src/services/build-specs.js';
import { projectCli } from '../support/cli.js';
import { httpsRequest } from '../support/https-request.js';
import { createLabProject } from '../support/lab-project.js';

const PROJECT = 'rocketctl-e2e-couchdb';
const CONTAINER = `${PROJECT}-couchdb`;
const OFFSET = -3000;
const dockerExec = (...command: string[]) => execa('docker', ['exec', CONTAINER, ...command], { reject: false });

/**
 * What the official `couchdb` image does at every start (chown, every file under etc/ and data/ made 0644, runtime
 * changes written into the last ini file, no start without an admin), reproduced by the lab's stand-in
 * (test/lab/images/couchdb/docker-entrypoint.sh), met by rocketctl's profile: the key stays 0600, no plaintext
 * admin password is in the container, rocketctl's file is never rewritten, and the identity survives a recreate.
 */
describe('CouchDB started the way the official image starts it', () => {
  let project: Awaited<ReturnType<typeof createLabProject>>;
  const cli = projectCli(() => project.dir);
  let ca: string;
  let address: string;
  const secret = async (name: string) => (await cli('secrets', 'get', name)).stdout.trim();
  const couch = async (options: { method?: string; path: string; auth?: string; cookie?: string; body?: unknown }) =>
    httpsRequest(address, { ca, servername: 'couchdb', ...options });
  const upCouch = async () => {
    const result = await cli('--json', 'up', 'couchdb');
    assert.equal(result.exitCode, 0, result.stderr);
    return (JSON.parse(result.stdout) as { services: { name: string; action: string }[] }).services[0]!.action;
  };

  before(async () => {
    project = await createLabProject(PROJECT, '{}', { portOffset: OFFSET });
    assert.equal(await upCouch(), 'created');
    ca = await readFile(path.join(project.dir, 'certs', 'ca', 'ca.crt'), 'utf8');
    const status = JSON.parse((await cli('--json', 'status')).stdout) as { services: { name: string; endpoints: Record<string, string> }[] };
    address = status.services.find((s) => s.name === 'couchdb')!.endpoints.https!;
  });
  after(() => project?.cleanup());

  test("the entrypoint ran (files under etc/ made 0644), and the key, kept outside etc/, is still 0600 and couchdb's", async () => {
    assert.equal((await dockerExec('stat', '-c', '%a %U', '/opt/couchdb/etc/local.d/10-rocketctl.ini')).stdout, '644 couchdb');
    assert.equal((await dockerExec('stat', '-c', '%a %U', '/opt/couchdb/certs/privkey.pem')).stdout, '600 couchdb');
    const keysUnderEtc = await dockerExec('grep', '-rl', 'PRIVATE KEY', '/opt/couchdb/etc');
    assert.equal(keysUnderEtc.stdout, '', 'a private key under /opt/couchdb/etc');
  });

  test("no plaintext admin password anywhere in the container; rocketctl's file is as rendered; docker.ini is the runtime file", async () => {
    const password = await secret('COUCHDB_ADMIN_PASSWORD');
    assert.ok(password.length >= 12);
    const found = await dockerExec('grep', '-rlF', password, '/opt/couchdb', '/etc', '/tmp');
    assert.equal(found.stdout, '', `plaintext admin password in ${found.stdout}`);
    assert.ok(!(await execa('docker', ['inspect', CONTAINER])).stdout.includes(password), 'the password is in the container config');
    // What rocketctl rendered, byte for byte: the server wrote nothing into it.
    const config = await loadConfig({ cwd: project.dir, env: {} });
    const secrets = (await readSecrets(config.stateDir, { env: {} }))!;
    const spec = buildSpecs({ config, secrets, caPem: ca }).find((s) => s.name === 'couchdb')!;
    const rendered = String(await spec.files.find((f) => f.path.endsWith('/10-rocketctl.ini'))!.read());
    assert.equal((await dockerExec('cat', '/opt/couchdb/etc/local.d/10-rocketctl.ini')).stdout, rendered.trimEnd());
    assert.deepEqual((await dockerExec('ls', '/opt/couchdb/etc/local.d')).stdout.split('\n'), ['10-rocketctl.ini', 'docker.ini']);
    // The hashed admin logs in.
    assert.equal((await couch({ path: '/_up', auth: `admin:${password}` })).status, 200);
    assert.equal((await couch({ path: '/', auth: `admin:not-${password}` })).status, 401);
  });

  test('the server keeps its uuid and its sessions when the container is recreated and when the stack goes down and up', async () => {
    const admin = `admin:${await secret('COUCHDB_ADMIN_PASSWORD')}`;
    const uuid = (await couch({ path: '/', auth: admin })).body.uuid as string;
    assert.equal(uuid, await secret('COUCHDB_SERVER_UUID'), 'the pinned uuid');
    const user = { name: 'session-probe', password: 'session-probe-password-1', roles: [], type: 'user' };
    assert.ok([201, 409].includes((await couch({ method: 'PUT', path: `/_users/org.couchdb.user:${user.name}`, auth: admin, body: user })).status));
    const login = await couch({ method: 'POST', path: '/_session', body: { name: user.name, password: user.password } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const stillSignedIn = async (when: string) => {
      const session = await couch({ path: '/_session', cookie });
      assert.equal(session.body?.userCtx?.name, user.name, `${when}: the session cookie is no longer valid`);
      assert.equal((await couch({ path: '/', auth: admin })).body.uuid, uuid, `${when}: the server uuid changed`);
    };
    await stillSignedIn('before');
    // A changed spec replaces the container (its data volume is kept).
    const configFile = path.join(project.dir, 'rocketctl.config.ts');
    const text = await readFile(configFile, 'utf8');
    const changed = text.replace('const overrides: any = {};', "const overrides: any = { services: { couchdb: { profile: { env: { TZ: 'UTC' } } } } };");
    assert.notEqual(changed, text);
    await writeFile(configFile, changed);
    assert.equal(await upCouch(), 'recreated');
    await stillSignedIn('after a recreate');
    const down = await cli('down');
    assert.equal(down.exitCode, 0, down.stderr);
    assert.equal(await upCouch(), 'created');
    await stillSignedIn('after down and up');
  });
});
