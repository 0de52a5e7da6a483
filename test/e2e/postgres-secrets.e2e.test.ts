import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { rocketctl, projectCli } from '../support/cli.js';
import { createLabProject } from '../support/lab-project.js';
import { readSecretsEnv } from '../support/scram-check.js';

const ONLY_POSTGRES = `services: { 'zookeeper-1': { enabled: false }, 'zookeeper-2': { enabled: false }, 'zookeeper-3': { enabled: false }, kafka: { enabled: false }, cassandra: { enabled: false }, couchdb: { enabled: false }`;

describe('secrets never leave through another door (Postgres on the lab)', () => {
  test('a real failure whose output carries a secret: masked on stdout and stderr, in text and in --json', async () => {
    // The container prints its own superuser password file and dies: the failed wait shows its last log lines.
    const command = `['bash', '-c', 'echo password-file-says:; cat /etc/postgresql/rocketctl/superuser-password; echo; exit 3']`;
    const project = await createLabProject('rocketctl-e2e-redact', `{ ${ONLY_POSTGRES}, postgres: { profile: { command: ${command} } } } }`, {
      portOffset: -2000,
    });
    try {
      for (const args of [['up'], ['--json', 'up']]) {
        const result = await rocketctl(args, { cwd: project.dir });
        const password = (await readSecretsEnv(path.join(project.dir, '.rocketctl/secrets.env'))).get('POSTGRES_SUPERUSER_PASSWORD')!;
        assert.equal(result.exitCode, 1, args.join(' '));
        assert.match(result.stderr, /password-file-says:\s+\[redacted\]/, 'the failure really carried the secret (shown masked)');
        assert.ok(!result.stderr.includes(password), `${args.join(' ')}: the password is on stderr`);
        assert.ok(!result.stdout.includes(password), `${args.join(' ')}: the password is on stdout`);
        if (args[0] === '--json') assert.match(JSON.parse(result.stdout).error.message, /\[redacted\]/);
      }
      const password = (await readSecretsEnv(path.join(project.dir, '.rocketctl/secrets.env'))).get('POSTGRES_SUPERUSER_PASSWORD')!;
      const logs = await rocketctl(['logs', 'postgres'], { cwd: project.dir });
      assert.match(logs.stdout, /password-file-says:\s+\[redacted\]/, '`logs` shows the container output, masked');
      assert.ok(!logs.stdout.includes(password) && !logs.stderr.includes(password));
    } finally {
      await project.cleanup();
    }
  });

  describe('role passwords and the superuser password', () => {
    let project: Awaited<ReturnType<typeof createLabProject>>;
    const cli = projectCli(() => project.dir);
    const container = 'rocketctl-e2e-pgsecrets-postgres';
    const secrets = () => readSecretsEnv(path.join(project.dir, '.rocketctl/secrets.env'));
    before(async () => {
      const command = `['postgres', '-c', 'config_file=/etc/postgresql/rocketctl/postgresql.conf', '-c', 'log_statement=all']`;
      project = await createLabProject('rocketctl-e2e-pgsecrets', `{ ${ONLY_POSTGRES}, postgres: { profile: { command: ${command} } } } }`, {
        portOffset: -1900,
      });
      const up = await cli('up');
      assert.equal(up.exitCode, 0, up.stderr);
    });
    after(() => project?.cleanup());

    test('no secret in `docker inspect`: the superuser password reaches the container as a 0600 file', async () => {
      const inspect = (await execa('docker', ['inspect', container])).stdout;
      for (const [name, value] of await secrets()) assert.ok(!inspect.includes(value), `${name} is visible in docker inspect`);
      assert.match(inspect, /POSTGRES_PASSWORD_FILE=\/etc\/postgresql\/rocketctl\/superuser-password/);
      const mode = (await execa('docker', ['exec', container, 'stat', '-c', '%a %U', '/etc/postgresql/rocketctl/superuser-password'])).stdout;
      assert.equal(mode, '600 postgres');
    });

    test('role passwords are sent pre-hashed: the server log (log_statement=all) shows SCRAM verifiers, never a password', async () => {
      assert.equal((await cli('seed')).exitCode, 0);
      const before = await secrets();
      const rotated = await cli('seed', '--rotate');
      assert.equal(rotated.exitCode, 0, rotated.stderr);
      const after = await secrets();
      const logs = (await execa('docker', ['logs', container], { all: true })).all ?? '';
      assert.match(logs, /ALTER ROLE observer_writer WITH PASSWORD 'SCRAM-SHA-256\$4096:/, 'the statements were logged');
      for (const name of ['OBSERVER_WRITER_PASSWORD', 'REPLICATOR_PASSWORD']) {
        for (const value of [before.get(name)!, after.get(name)!]) assert.ok(!logs.includes(value), `${name} reached the server log`);
      }
    });

    test('a data volume made with another superuser password: reported as exactly that, with the two ways out, in seconds', async () => {
      const file = path.join(project.dir, '.rocketctl/secrets.env');
      const original = await readFile(file, 'utf8');
      assert.equal((await cli('down')).exitCode, 0, 'down keeps the volume');
      await writeFile(file, original.replace(/^POSTGRES_SUPERUSER_PASSWORD=.*$/m, 'POSTGRES_SUPERUSER_PASSWORD=another-valid-password-123'), { mode: 0o600 });
      try {
        const started = Date.now();
        const result = await cli('up');
        assert.equal(result.exitCode, 1);
        assert.match(result.stderr, /its data volume was initialised with another superuser password than POSTGRES_SUPERUSER_PASSWORD/);
        assert.match(result.stderr, /restore the secrets file .* or delete the volume and its data with `rocketctl down --volumes`/);
        assert.ok(Date.now() - started < 60_000, 'not after the 90 s readiness timeout');
      } finally {
        await writeFile(file, original, { mode: 0o600 });
      }
      assert.equal((await cli('up')).exitCode, 0, 'with the right secret back, the same volume comes up');
    });
  });
});
