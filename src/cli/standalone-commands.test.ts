import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedDockerHost } from '../../test/support/fakes/closed-docker-host.js';

// The commands that need no project, run as a user runs them: bin/rocketctl.js (from dist/src/cli/), no engine needed.
const BIN = fileURLToPath(new URL('../../../bin/rocketctl.js', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));

function rocketctl(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

test('--version and -V: rocketctl, Node and the engine (not reachable at a closed port), also as JSON; no config is read or needed', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-version-'));
  try {
    // A config that does not even load: --version must not care.
    await writeFile(path.join(dir, 'rocketctl.config.ts'), 'export default {{ broken');
    const env = { DOCKER_HOST: await closedDockerHost() };
    const { version } = JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { version: string };

    const json = await rocketctl(['--version', '--json'], dir, env);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { rocketctl: string; node: string; docker: { reachable: boolean; host: string; reason: string } };
    assert.equal(report.rocketctl, version);
    assert.equal(report.node, process.version);
    assert.equal(report.docker.reachable, false);
    assert.equal(report.docker.host, env.DOCKER_HOST);
    assert.match(report.docker.reason, /no Docker engine answers/);

    const text = await rocketctl(['-V'], dir, env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^rocketctl +${version.replaceAll('.', '\\.')}\nnode +${process.version}\ndocker +not reachable at tcp://`));
    assert.deepEqual(await readdir(dir), ['rocketctl.config.ts'], 'nothing written');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--version with a command runs neither; without --version, no command and an unknown one behave as before', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-version-'));
  try {
    const withCommand = await rocketctl(['certs', 'gen', '--version'], dir, {});
    assert.equal(withCommand.code, 2);
    assert.match(withCommand.stderr, /--version takes no command \(got "certs"\)/);
    assert.deepEqual(await readdir(dir), [], 'certs gen did not run');
    const unknown = await rocketctl(['stauts'], dir, {});
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'stauts'\n\(Did you mean status\?\)/);
    const bare = await rocketctl([], dir, {});
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^Usage: rocketctl \[options\] \[command\]/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('init runs without a project: a --config (or ROCKETCTL_CONFIG) that does not exist is not even read; a refusal is exit 2 with the fix', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-init-cli-'));
  try {
    const made = await rocketctl(['--config', 'missing.config.ts', '--json', 'init', '--dir', 'project'], dir, {
      ROCKETCTL_CONFIG: '/nowhere/rocketctl.config.ts',
    });
    assert.equal(made.code, 0, made.stderr);
    assert.deepEqual(JSON.parse(made.stdout).gitignore.added, ['.rocketctl/', 'certs/**/*.key', 'certs/**/privkey.pem', 'certs/**/*.jks', 'certs/**/*.p12']);
    assert.deepEqual((await readdir(path.join(dir, 'project'))).sort(), ['.gitignore', 'rocketctl.config.ts']);
    const again = await rocketctl(['init', '--dir', 'project'], dir, {});
    assert.equal(again.code, 2);
    assert.match(again.stderr, /^error: .*project\/rocketctl\.config\.ts already exists: init never overwrites a config\nfix: /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('completion runs without a project (a broken config is not read) and writes nothing; an unknown shell is exit 2 naming the ones there are', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-completion-cli-'));
  try {
    await writeFile(path.join(dir, 'rocketctl.config.ts'), 'export default {{ broken');
    const bash = await rocketctl(['completion', 'bash'], dir, {});
    assert.equal(bash.code, 0, bash.stderr);
    assert.match(bash.stdout, /\ncomplete -F _rocketctl rocketctl\n$/);
    const json = await rocketctl(['--json', 'completion', 'fish'], dir, {});
    assert.equal(JSON.parse(json.stdout).shell, 'fish');
    assert.match(JSON.parse(json.stdout).script, /\ncomplete -c rocketctl -f -a '\(__rocketctl_complete\)'\n$/);
    const unknown = await rocketctl(['completion', 'tcsh'], dir, {});
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /value 'tcsh' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish/);
    assert.deepEqual(await readdir(dir), ['rocketctl.config.ts'], 'nothing written');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
