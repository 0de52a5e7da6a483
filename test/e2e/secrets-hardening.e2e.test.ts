import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, readFile, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rocketctl, projectCli } from '../support/cli.js';
import { createTempProject, fileMode } from '../support/temp-project.js';

describe('secrets: validated, never silently replaced, never chmod-ed through a link', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  let file: string;
  const cli = projectCli(() => project.dir);

  before(async () => {
    project = await createTempProject('{}');
    file = path.join(project.dir, '.rocketctl/secrets.env');
    assert.equal((await cli(['certs', 'gen'])).exitCode, 0);
  });
  after(() => project.cleanup());

  test('a bad override on a fresh project: exit 2 and nothing at all is written', async () => {
    const fresh = await createTempProject('{}');
    try {
      for (const value of ['has#hash-inside', 'has space inside', 'short']) {
        const result = await rocketctl(['certs', 'gen'], { cwd: fresh.dir, env: { ROCKETCTL_REPLICATOR_PASSWORD: value } });
        assert.equal(result.exitCode, 2, value);
        assert.match(result.stderr, /ROCKETCTL_REPLICATOR_PASSWORD (contains a character outside|is shorter than 12)/);
        assert.deepEqual(await readdir(fresh.dir), ['rocketctl.config.ts'], value);
      }
    } finally {
      await fresh.cleanup();
    }
  });

  test('an override equal to another secret (from the file) is refused: no shared passwords', async () => {
    const admin = (await cli(['secrets', 'get', 'KAFKA_ADMIN_PASSWORD'])).stdout.trim();
    const result = await cli(['certs', 'list'], { env: { ROCKETCTL_REPLICATOR_PASSWORD: admin } });
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /ROCKETCTL_REPLICATOR_PASSWORD has the same value as KAFKA_ADMIN_PASSWORD in the secrets file/);
    assert.ok(!result.stderr.includes(admin));
  });

  test('a hand-edited value breaking the rules: refused with its line, and the file is not rewritten', async () => {
    const original = await readFile(file, 'utf8');
    const lines = original.split('\n');
    const at = lines.findIndex((l) => l.startsWith('COUCHDB_ADMIN_PASSWORD='));
    lines[at] = 'COUCHDB_ADMIN_PASSWORD=truncated';
    const edited = lines.join('\n');
    await writeFile(file, edited, { mode: 0o600 });
    try {
      const result = await cli(['certs', 'gen']);
      assert.equal(result.exitCode, 1);
      assert.match(
        result.stderr,
        new RegExp(`secrets file .* is corrupt at line ${at + 1}: the value of COUCHDB_ADMIN_PASSWORD is shorter than 12 characters`),
      );
      assert.equal(await readFile(file, 'utf8'), edited);
    } finally {
      await writeFile(file, original, { mode: 0o600 });
    }
  });

  test('a symlinked secrets.env is refused, and the file it points to keeps its mode', async () => {
    const elsewhere = path.join(project.dir, 'elsewhere.env');
    await rename(file, elsewhere);
    await chmod(elsewhere, 0o644);
    await symlink(elsewhere, file);
    try {
      for (const args of [['certs', 'gen'], ['status'], ['secrets', 'get', 'REPLICATOR_PASSWORD']]) {
        const result = await cli(args);
        assert.equal(result.exitCode, 1, args.join(' '));
        assert.match(result.stderr, /secrets file .* is a symbolic link; rocketctl refuses to follow it/, args.join(' '));
      }
      assert.equal((await fileMode(elsewhere)).toString(8), '644', 'no chmod through the link');
      assert.ok((await lstat(file)).isSymbolicLink(), 'still the link, never replaced');
    } finally {
      await rm(file, { force: true });
      await rename(elsewhere, file);
      await chmod(file, 0o600);
    }
  });

  test('secrets.env missing next to Java stores made with it: stop with the explanation; --new-secrets starts over on purpose', async () => {
    const saved = await readFile(file, 'utf8');
    await rename(file, `${file}.bak`);
    try {
      const stopped = await cli(['certs', 'gen']);
      assert.equal(stopped.exitCode, 1);
      assert.match(
        stopped.stderr,
        /secrets\.env is missing, but data protected by its values exists:\n\s+- Java store certs\/cassandra\/cassandra\.keystore\.jks/,
      );
      assert.match(stopped.stderr, /fix: restore the secrets file from your backup; or, .* re-run with --new-secrets/);
      await assert.rejects(stat(file), { code: 'ENOENT' }, 'no new secrets file was generated');
      const renewed = await cli(['certs', 'gen', '--new-secrets']);
      assert.equal(renewed.exitCode, 0, renewed.stderr);
      assert.notEqual(await readFile(file, 'utf8'), saved);
      assert.match(renewed.stderr, /kafka\/keystore\.jks.*cannot be opened with its password|wrote certs\/kafka\/kafka\.keystore\.jks/);
      assert.equal((await cli(['certs', 'list'])).exitCode, 0, 'the stores now open with the new passwords');
    } finally {
      await rename(`${file}.bak`, file).catch(() => undefined);
    }
  });
});

describe('read commands are read-only', () => {
  test('status, certs list, audit log and logs on a fresh folder: exit 1 with what is missing, and nothing is created', async () => {
    const fresh = await createTempProject('{}');
    try {
      for (const args of [['certs', 'list'], ['status'], ['logs', 'kafka'], ['audit', 'log']]) {
        const result = await rocketctl(args, { cwd: fresh.dir, env: { ROCKETCTL_ENGINE_TIMEOUT_MS: '3000' } });
        assert.equal(result.exitCode, 1, `${args.join(' ')}: ${result.stderr}`);
        assert.doesNotMatch(result.stderr, /ENOENT|unexpected error/, args.join(' '));
        assert.deepEqual(await readdir(fresh.dir), ['rocketctl.config.ts'], `${args.join(' ')} created nothing`);
      }
      const certs = await rocketctl(['certs', 'list', '--json'], { cwd: fresh.dir });
      const report = JSON.parse(certs.stdout) as { certificates: Array<{ status: string }>; stores: Array<{ status: string }> };
      assert.ok([...report.certificates, ...report.stores].every((item) => item.status === 'missing'));
    } finally {
      await fresh.cleanup();
    }
  });

  test('a loose secrets file is reported by writers and tightened by them only: status leaves it as it is', async () => {
    const project = await createTempProject('{}');
    try {
      await rocketctl(['certs', 'gen'], { cwd: project.dir });
      const file = path.join(project.dir, '.rocketctl/secrets.env');
      await chmod(file, 0o644);
      await mkdir(path.join(project.dir, '.rocketctl'), { recursive: true });
      await rocketctl(['status'], { cwd: project.dir, env: { ROCKETCTL_ENGINE_TIMEOUT_MS: '3000' } });
      await rocketctl(['certs', 'list'], { cwd: project.dir });
      assert.equal((await fileMode(file)).toString(8), '644', 'read commands do not chmod');
      const writer = await rocketctl(['certs', 'gen'], { cwd: project.dir });
      assert.match(writer.stderr, /was readable by other users; its mode is now 0600/);
      assert.equal((await fileMode(file)).toString(8), '600');
    } finally {
      await project.cleanup();
    }
  });
});
