import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectCli } from '../support/cli.js';
import { createTempProject, fileMode } from '../support/temp-project.js';

describe('secrets: generated, 0600, overridable, never printed but on purpose', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let file: string;
  const cli = projectCli(() => project.dir);

  before(async () => {
    project = await createTempProject('{}');
    file = path.join(project.dir, '.rocketctl/secrets.env');
  });
  after(() => project.cleanup());

  test('created 0600 on first need with a distinct strong value per secret', async () => {
    assert.equal((await cli(['certs', 'gen'])).exitCode, 0);
    assert.equal((await fileMode(file)).toString(8), '600');
    const entries = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.split('=') as [string, string]);
    const values = entries.map(([, value]) => value);
    const names = JSON.parse((await cli(['secrets', 'names', '--json'])).stdout) as unknown[];
    assert.equal(values.length, names.length);
    assert.equal(new Set(values).size, values.length, 'no shared passwords');
    for (const [name, value] of entries) {
      // The CouchDB server uuid is an id (16 random bytes in hex); every other secret is 32 random bytes.
      if (name === 'COUCHDB_SERVER_UUID') assert.match(value, /^[0-9a-f]{32}$/);
      else assert.ok(value.length >= 40 && value !== 'changeit', name);
    }
  });

  test('secrets get prints exactly one value; the environment overrides it (ADMIN_PASSWORD as the old scripts had)', async () => {
    const fromFile = (await cli(['secrets', 'get', 'KAFKA_ADMIN_PASSWORD'])).stdout.trim();
    assert.match(await readFile(file, 'utf8'), new RegExp(`^KAFKA_ADMIN_PASSWORD=${fromFile}$`, 'm'));
    // (execa drops the one trailing newline the command prints.)
    assert.equal(
      (await cli(['secrets', 'get', 'kafka-admin-password'], { env: { ADMIN_PASSWORD: 'operator-chosen-secret-1' } })).stdout,
      'operator-chosen-secret-1',
    );
    assert.equal(
      (await cli(['secrets', 'get', 'KAFKA_GUARD_PRODUCER_PASSWORD'], { env: { SERVICE_PASSWORD: 'operator-chosen-secret-2' } })).stdout,
      'operator-chosen-secret-2',
    );
    assert.equal(
      (await cli(['secrets', 'get', 'REPLICATOR_PASSWORD'], { env: { ROCKETCTL_REPLICATOR_PASSWORD: 'operator-chosen-secret-3' } })).stdout,
      'operator-chosen-secret-3',
    );
    assert.match(await readFile(file, 'utf8'), new RegExp(`^KAFKA_ADMIN_PASSWORD=${fromFile}$`, 'm'), 'an override is not written to the file');
  });

  test('weak or shared overrides are refused with exit 2, naming the variable', async () => {
    const short = await cli(['secrets', 'get', 'KAFKA_ADMIN_PASSWORD'], { env: { ADMIN_PASSWORD: 'short' } });
    assert.equal(short.exitCode, 2);
    assert.match(short.stderr, /ADMIN_PASSWORD is shorter than 12 characters/);
    assert.doesNotMatch(short.stdout, /short/);
    const shared = await cli(['certs', 'list'], { env: { ADMIN_PASSWORD: 'same-value-for-both', SERVICE_PASSWORD: 'same-value-for-both' } });
    assert.equal(shared.exitCode, 2);
    assert.match(shared.stderr, /SERVICE_PASSWORD has the same value as ADMIN_PASSWORD/);
    assert.doesNotMatch(shared.stderr, /same-value-for-both/, 'the refused value itself is not echoed');
  });

  test('an unknown secret name exits 2 listing the names', async () => {
    const result = await cli(['secrets', 'get', 'NOPE']);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /unknown secret "NOPE".*KAFKA_ADMIN_PASSWORD/s);
  });

  test('no other command prints or logs a secret, JSON included', async () => {
    const secrets = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.split('=')[1]!);
    const outputs = await Promise.all(
      [
        ['certs', 'gen', '--force'],
        ['--json', 'certs', 'gen'],
        ['certs', 'list', '--json'],
        ['secrets', 'names'],
        ['--debug', 'certs', 'list'],
      ].map((args) => cli(args)),
    );
    for (const { stdout, stderr } of outputs) for (const value of secrets) assert.ok(!stdout.includes(value) && !stderr.includes(value));
  });

  test('a corrupt secrets file: exit 1 with its line and the fix, and the file is left exactly as it was', async () => {
    const original = await readFile(file, 'utf8');
    const corrupt = `${original}this line is not NAME=value\n`;
    await writeFile(file, corrupt, { mode: 0o600 });
    const result = await cli(['certs', 'gen']);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /secrets file .* is corrupt at line \d+/);
    assert.match(result.stderr, /fix: restore it from a backup/);
    assert.equal(await readFile(file, 'utf8'), corrupt);
    await writeFile(file, original, { mode: 0o600 });
  });
});
