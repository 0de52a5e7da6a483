import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { createFakeProject, type FakeProject } from '../../test/support/fakes/fake-project.js';
import { secretsFilePath } from '../secrets/secrets.js';
import { readSecretsFile } from '../secrets/secrets-file.js';
import { UsageError } from '../shared/errors.js';
import { retiredKeysPath } from '../workers/observer/keyring.js';
import type { CommandContext } from './context.js';
import { checkBundlePath, collectBundle, writeBundle } from './doctor-bundle.js';
import { doctor } from './doctor.js';
import { up } from './up.js';

// No engine in the unit ring: the engine look and `--version`'s part meet a closed port (this file runs in a process of
// its own); the stack is the fake one, whose service logs the test writes.
process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';

/** Every file of a .tar.gz, by its name below the bundle's top folder. */
async function readBundle(file: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const tar = extract();
  const done = new Promise<void>((resolve, reject) => {
    tar.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('end', () => {
        files.set(header.name.split('/').slice(1).join('/'), Buffer.concat(chunks).toString('utf8'));
        next();
      });
    });
    tar.on('finish', resolve);
    tar.on('error', reject);
  });
  Readable.from([gunzipSync(await readFile(file))]).pipe(tar);
  await done;
  return files;
}

interface Planted {
  secrets: string[];
  keys: string[];
}

/** What of the planted material is found anywhere in the bundle: a secret value, a key's PEM or any line of its body. */
function leaks(files: Map<string, string>, planted: Planted): string[] {
  const all = [...files.values()].join('\n');
  const found = planted.secrets.filter((value) => all.includes(value)).map((value) => `secret ${value.slice(0, 6)}…`);
  for (const key of planted.keys) {
    const body = key.split('\n').filter((line) => line && !line.startsWith('-----'));
    if (all.includes(key) || body.some((line) => line.length >= 8 && all.includes(line))) found.push(`key ${body[0]!.slice(0, 12)}…`);
  }
  if (/PRIVATE KEY-----/.test(all)) found.push('a PEM private key marker');
  return found;
}

describe('doctor --bundle: what a bug report may carry', () => {
  let project: FakeProject;
  let context: CommandContext;
  const planted: Planted = { secrets: [], keys: [] };
  const override = randomBytes(24).toString('base64url');
  let out: string;

  before(async () => {
    project = await createFakeProject(
      `{ project: 'unitdoctor', services: { kafka: { enabled: false }, cockroach: { enabled: false }, cassandra: { enabled: false } } }`,
    );
    // Secrets, certificates and containers as `up` leaves them (the fake engine): real keys under certsDir.
    await up(await project.context());
    const base = await project.context();
    const { stateDir, certsDir } = base.config;
    const fileValues = [...(await readSecretsFile(secretsFilePath(stateDir)))!.values.values()];
    const retired = randomBytes(32).toString('base64url');
    await writeFile(retiredKeysPath(stateDir), `k1-0123456789abcdef=${retired}\n`, { mode: 0o600 });
    planted.secrets.push(...fileValues, override, retired);
    const keyFiles = (await readdir(certsDir, { recursive: true })).filter((name) => name.endsWith('.key'));
    planted.keys.push(...(await Promise.all(keyFiles.map((name) => readFile(path.join(certsDir, name), 'utf8')))));
    assert.ok(planted.secrets.length >= 10 && planted.keys.length >= 4, `${planted.secrets.length} secrets, ${planted.keys.length} keys`);

    // Each secret in the config (where the schema says never to put one) and in a service's log, and each key too.
    const env = Object.fromEntries(planted.secrets.map((value, i) => [`LEAK_${i}`, value]));
    env.LEAK_KEY = planted.keys[0]!;
    await project.writeConfig(
      `{ project: 'unitdoctor', services: { kafka: { enabled: false }, cockroach: { enabled: false }, cassandra: { enabled: false }, postgres: { profile: { env: ${JSON.stringify(env)} } } } }`,
    );
    project.stack.logLines.postgres = planted.secrets.map((value) => `FATAL: password authentication failed for "${value}"`);
    project.stack.logLines['zookeeper-1'] = planted.keys.flatMap((key) => ['loaded key:', ...key.trimEnd().split('\n')]);
    // A key printed without its BEGIN line (a log cut at the tail): its body alone must not survive either.
    project.stack.logLines.couchdb = planted.keys.map((key) => key.split('\n').slice(1, -2).join('\n'));
    context = { ...(await project.context()), env: { ROCKETCTL_POSTGRES_SUPERUSER_PASSWORD: override } };
    out = path.join(project.dir, 'out');
    await mkdir(out);
  });
  after(() => project.cleanup());

  test('no secret value and no private key survives into the bundle; every part is there; the file is 0600', async () => {
    const file = path.join(out, 'redacted.tar.gz');
    const report = await doctor(context, { bundle: file });
    assert.equal(report.bundle, file);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const files = await readBundle(file);
    const members = ['zookeeper-1', 'zookeeper-2', 'zookeeper-3', 'postgres', 'couchdb', 'workers'];
    assert.deepEqual(
      [...files.keys()].sort(),
      ['certs.json', 'checklist.json', 'config.json', 'doctor.json', 'status.json', 'versions.json', ...members.map((m) => `logs/${m}.log`)].sort(),
    );
    assert.deepEqual(leaks(files, planted), []);
    // What was planted is still there, masked: the redactor removed values, not whole files.
    assert.match(files.get('logs/postgres.log')!, /^FATAL: password authentication failed for "\[redacted\]"$/m);
    assert.match(files.get('logs/zookeeper-1.log')!, /^loaded key:\n\[private key removed\]$/m);
    assert.match(files.get('config.json')!, /"LEAK_0": "\[redacted\]"/);
    assert.equal(JSON.parse(files.get('doctor.json')!).ok, report.ok);
    assert.ok(JSON.parse(files.get('certs.json')!).certificates.some((c: { id: string; subject?: string }) => c.id === 'ca' && c.subject));
  });

  test('the same check finds every planted secret and key when redaction is off: it can see a leak', async () => {
    const file = path.join(out, 'unredacted.tar.gz');
    await writeBundle(file, await collectBundle(context, { ok: true, checks: [] }), (text) => text);
    const found = leaks(await readBundle(file), planted);
    assert.equal(found.filter((f) => f.startsWith('secret ')).length, planted.secrets.length);
    assert.equal(found.filter((f) => f.startsWith('key ')).length, planted.keys.length);
    assert.ok(found.includes('a PEM private key marker'));
  });

  test('the bundle path is checked before any work: a .tar.gz, in an existing folder, never over an existing file (exit 2)', async () => {
    const refused = async (file: string, pattern: RegExp) =>
      assert.rejects(doctor(context, { bundle: file }), (e: unknown) => e instanceof UsageError && pattern.test(e.message));
    await refused(path.join(out, 'report.zip'), /must end in \.tar\.gz/);
    await refused(path.join(out, 'nope', 'report.tar.gz'), /folder .* does not exist/);
    await writeFile(path.join(out, 'taken.tar.gz'), 'mine');
    await refused(path.join(out, 'taken.tar.gz'), /the file exists/);
    assert.equal(await readFile(path.join(out, 'taken.tar.gz'), 'utf8'), 'mine');
    await assert.doesNotReject(checkBundlePath(path.join(out, 'fresh.tar.gz')));
  });
});
