import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The commands that need no project, run as a user runs them: bin/rocketctl.js (from dist/src/cli/), no engine needed.
const BIN = fileURLToPath(new URL('../../../bin/rocketctl.js', import.meta.url));

function rocketctl(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

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
