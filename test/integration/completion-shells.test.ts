import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { MEMBER_NAMES } from '../../src/workers/descriptors.js';
import { rocketctl } from '../support/cli.js';
import { requireTool } from '../support/require-tool.js';

// bash is tested in the unit ring (src/cli/completion/); zsh and fish are the lab's host packages (HOST_PACKAGES).
const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function script(shell: 'zsh' | 'fish'): Promise<string> {
  const result = await rocketctl(['completion', shell], { cwd: os.tmpdir() });
  assert.equal(result.exitCode, 0, result.stderr);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-completion-'));
  dirs.push(dir);
  const file = path.join(dir, `rocketctl.${shell}`);
  await writeFile(file, result.stdout);
  return file;
}

describe('rocketctl completion zsh', () => {
  let file: string;
  before(async () => {
    await requireTool('zsh', ['--version'], 'apt-get install -y zsh');
    file = await script('zsh');
  });

  test('zsh -n: the script parses', async () => {
    await execa('zsh', ['-n', file]);
  });

  test('_rocketctl, with words and CURRENT as zsh sets them, hands compadd the names and _files a path', async () => {
    // compadd and _files stand in for the completion system (they print what they were given), so no terminal is needed.
    const call = (words: string[]) =>
      execa('zsh', [
        '-f',
        '-c',
        `compdef() { :; }; compadd() { shift; print -l -- "$@"; }; _files() { print -- "_files $*"; }; source ${file}; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _rocketctl`,
      ]).then((r) => r.stdout.split('\n'));
    assert.deepEqual(await call(['rocketctl', 'up', 'ka']), [...MEMBER_NAMES], 'the services and the workers member');
    assert.deepEqual(await call(['rocketctl', 'workers', 'st']), ['start', 'status', 'help']);
    assert.deepEqual(await call(['rocketctl', '--engine', '']), ['docker', 'swarm']);
    assert.deepEqual(await call(['rocketctl', 'init', '--dir', '']), ['_files -/']);
  });
});

describe('rocketctl completion fish', () => {
  let file: string;
  before(async () => {
    await requireTool('fish', ['--version'], 'apt-get install -y fish');
    file = await script('fish');
  });

  test('fish -n: the script parses', async () => {
    await execa('fish', ['-n', file]);
  });

  test("fish's own completion (complete -C) offers names with their descriptions", async () => {
    const complete = (line: string) =>
      execa('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`]).then((r) => r.stdout.split('\n').filter(Boolean));
    assert.deepEqual(await complete('rocketctl up ka'), ['kafka']);
    assert.deepEqual(
      (await complete('rocketctl workers st')).map((line) => line.split('\t')[0]),
      ['start', 'status'],
    );
    assert.match((await complete('rocketctl workers st'))[0]!, /^start\trun the named workers/);
    assert.deepEqual(await complete('rocketctl --engine swarm status --j'), ['--json\tprint one JSON document on stdout (progress goes to stderr)']);
    assert.deepEqual(await complete('rocketctl logs kafka '), []);
  });
});
