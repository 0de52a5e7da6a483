import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { OperationError, UsageError } from '../shared/errors.js';
import { silentLogger, type Logger } from '../shared/log.js';
import { SECRET_NAMES } from './catalog.js';
import { parseSecretsFile, renderSecretsFile } from './secrets-file.js';
import { rotateSecret } from './rotate.js';
import { ensureSecrets, readSecrets, secretsFilePath, validateSecretOverrides } from './secrets.js';
import { generateSecretValue, secretValueProblem } from './secret-value.js';

let dir: string;
let config: ResolvedConfig;
const file = () => secretsFilePath(config.stateDir);
const warnings: string[] = [];
const log: Logger = { ...silentLogger, warn: (line: string) => void warnings.push(line) };

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-secrets-'));
  config = await loadConfig({ cwd: dir, env: {} });
});
after(() => rm(dir, { recursive: true, force: true }));

describe('secret values', () => {
  test('generated values are 256 random bits, unique, and pass the rules', () => {
    const values = new Set(Array.from({ length: 200 }, generateSecretValue));
    assert.equal(values.size, 200);
    for (const value of values) {
      assert.equal(Buffer.from(value, 'base64url').length, 32);
      assert.equal(secretValueProblem(value), undefined);
    }
  });

  test('an id secret (hex32, e.g. the CouchDB server uuid) is 32 lowercase hex digits, made and checked as such', () => {
    const id = generateSecretValue('hex32');
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(secretValueProblem(id, 'hex32'), undefined);
    for (const bad of [id.toUpperCase(), id.slice(1), `${id}0`, generateSecretValue()])
      assert.match(secretValueProblem(bad, 'hex32')!, /not 32 lowercase hex/, bad);
  });

  test('the rules refuse what breaks a config format or is too weak, and say why', () => {
    assert.match(secretValueProblem('short')!, /shorter than 12/);
    assert.match(secretValueProblem('x'.repeat(257))!, /longer than 256/);
    for (const bad of ['has space inside', 'quote"inside12', 'semi;colon12345', 'back\\slash12345', 'hash#inside12345', 'colon:inside12345'])
      assert.match(secretValueProblem(bad)!, /contains a character outside/, bad);
    assert.match(secretValueProblem('-pbkdf2-abcdef0123456789')!, /CouchDB would take for a password hash/);
    assert.equal(secretValueProblem('Ab0._~+/=-Ab0._~'), undefined);
  });
});

describe('the secrets file', () => {
  test('parse ∘ render is the identity; comments and blank lines are skipped', () => {
    const values = new Map([
      ['KAFKA_ADMIN_PASSWORD', generateSecretValue()],
      ['REPLICATOR_PASSWORD', generateSecretValue()],
    ]);
    const text = renderSecretsFile(values);
    assert.match(text, /^# rocketctl secrets: generated, never printed/);
    assert.deepEqual(parseSecretsFile(`${text}\n\n# a note\n`, 'f'), values);
  });

  test('a corrupt file is refused naming the line, never repaired', () => {
    const ok = `A_SECRET=${generateSecretValue()}`;
    assert.throws(() => parseSecretsFile(`${ok}\nnot a line\n`, 'f'), /corrupt at line 2: not NAME=value/);
    assert.throws(() => parseSecretsFile(`${ok}\n${ok}\n`, 'f'), /corrupt at line 2: A_SECRET appears twice/);
    assert.throws(() => parseSecretsFile('B_SECRET=short\n', 'f'), /corrupt at line 1: the value of B_SECRET is shorter than 12/);
    assert.throws(
      () => parseSecretsFile(`${ok}\n`.replace('\n', '\r\n'), 'f'),
      (e: unknown) => e instanceof OperationError && /restore it from a backup/.test(e.hint!),
    );
  });
});

describe('ensureSecrets / readSecrets', () => {
  test('read-only before anything exists: null, and nothing is created', async () => {
    assert.equal(await readSecrets(config.stateDir, { env: {} }), null);
    await assert.rejects(stat(config.stateDir), /ENOENT/);
  });

  test('the first ensure makes every catalog secret, 0600 in a 0700 folder; a second changes nothing', async () => {
    const first = await ensureSecrets({ config, env: {}, log });
    assert.equal((await stat(file())).mode & 0o777, 0o600);
    assert.equal((await stat(config.stateDir)).mode & 0o777, 0o700);
    const text = await readFile(file(), 'utf8');
    const values = parseSecretsFile(text, file());
    assert.deepEqual([...values.keys()].sort(), [...SECRET_NAMES].sort());
    assert.equal(new Set(values.values()).size, SECRET_NAMES.length, 'every account its own value');
    await ensureSecrets({ config, env: {}, log });
    assert.equal(await readFile(file(), 'utf8'), text);
    assert.equal(first.source('REPLICATOR_PASSWORD'), file());
  });

  test('an override wins for this run only, is named as the source, and is never written to the file', async () => {
    const text = await readFile(file(), 'utf8');
    const value = generateSecretValue();
    const secrets = await ensureSecrets({ config, env: { ROCKETCTL_REPLICATOR_PASSWORD: value }, log });
    assert.equal(secrets.get('REPLICATOR_PASSWORD'), value);
    assert.equal(secrets.source('REPLICATOR_PASSWORD'), 'ROCKETCTL_REPLICATOR_PASSWORD');
    // The two variables the old scripts used still work for their secrets.
    assert.equal((await readSecrets(config.stateDir, { env: { ADMIN_PASSWORD: value } }))!.source('KAFKA_ADMIN_PASSWORD'), 'ADMIN_PASSWORD');
    assert.equal(await readFile(file(), 'utf8'), text);
  });

  test('a bad or shared override is a usage error before anything is written', async () => {
    const text = await readFile(file(), 'utf8');
    assert.throws(
      () => validateSecretOverrides({ ROCKETCTL_COUCHDB_ADMIN_PASSWORD: 'has a space in it' }),
      (e: unknown) => e instanceof UsageError,
    );
    const shared = generateSecretValue();
    await assert.rejects(
      ensureSecrets({ config, env: { ROCKETCTL_REPLICATOR_PASSWORD: shared, ROCKETCTL_OBSERVER_WRITER_PASSWORD: shared }, log }),
      (e: unknown) =>
        e instanceof UsageError &&
        /ROCKETCTL_REPLICATOR_PASSWORD has the same value as ROCKETCTL_OBSERVER_WRITER_PASSWORD: every account needs its own password/.test(e.message),
    );
    assert.equal(await readFile(file(), 'utf8'), text);
  });

  test('a loose mode is tightened to 0600 with a warning; a symlinked file is refused, not followed', async () => {
    await chmod(file(), 0o644);
    await ensureSecrets({ config, env: {}, log });
    assert.equal((await stat(file())).mode & 0o777, 0o600);
    assert.match(warnings.at(-1)!, /was readable by other users; its mode is now 0600/);
    const other = path.join(dir, 'elsewhere');
    await mkdir(other);
    const linked = await loadConfig({ cwd: other, env: {} });
    await mkdir(linked.stateDir, { recursive: true });
    await symlink(file(), secretsFilePath(linked.stateDir));
    await assert.rejects(readSecrets(linked.stateDir, { env: {} }), /is a symbolic link; rocketctl refuses to follow it/);
  });

  test('a missing file next to a Java store made with the old values stops the run; --new-secrets makes new ones', async () => {
    const project = path.join(dir, 'lost');
    await mkdir(path.join(project, 'certs', 'kafka'), { recursive: true });
    await writeFile(path.join(project, 'certs', 'kafka', 'kafka.keystore.jks'), 'x');
    const lost = await loadConfig({ cwd: project, env: {} });
    await assert.rejects(
      ensureSecrets({ config: lost, env: {}, log }),
      (e: unknown) => e instanceof OperationError && /Java store certs\/kafka\/kafka\.keystore\.jks/.test(e.message),
    );
    await assert.rejects(stat(secretsFilePath(lost.stateDir)), /ENOENT/);
    await assert.rejects(ensureSecrets({ config: lost, env: {}, log }, { dataVolumes: ['lost-postgres-data'] }), /data volume lost-postgres-data/);
    await ensureSecrets({ config: lost, env: {}, log, newSecrets: true });
    await stat(secretsFilePath(lost.stateDir));
  });

  test('rotate: one secret gets a new value, the others keep theirs, the file stays 0600', async () => {
    const before = parseSecretsFile(await readFile(file(), 'utf8'), file());
    const value = await rotateSecret(config.stateDir, 'REPLICATOR_PASSWORD');
    const after = parseSecretsFile(await readFile(file(), 'utf8'), file());
    assert.notEqual(value, before.get('REPLICATOR_PASSWORD'));
    assert.equal(after.get('REPLICATOR_PASSWORD'), value);
    for (const name of SECRET_NAMES.filter((n) => n !== 'REPLICATOR_PASSWORD')) assert.equal(after.get(name), before.get(name), name);
    assert.equal((await stat(file())).mode & 0o777, 0o600);
  });
});
