import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import { MEMBER_NAMES, WORKER_NAMES } from '../../workers/descriptors.js';
import { COMMAND_TABLE } from '../command-table.js';
import { createProgram } from '../program.js';
import { completeWith } from './completion-values.js';
import { completionScript } from './completion-script.js';

const program = createProgram({ run: async () => undefined, runStandalone: async () => undefined });
let dir: string;
let scriptFile: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-completion-'));
  scriptFile = path.join(dir, 'rocketctl.bash');
  await writeFile(scriptFile, await completionScript(program, 'bash', '0.0.0-test'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** What bash offers for the last word of `line`: the script sourced in a fresh bash, its function called as bash would. */
function complete(...words: string[]): Promise<string[]> {
  const call = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _rocketctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return new Promise((resolve, reject) =>
    execFile('bash', ['--norc', '--noprofile', '-c', call, 'bash', scriptFile, 'rocketctl', ...words], { cwd: os.tmpdir() }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.split('\n').filter(Boolean)),
    ),
  );
}

describe('rocketctl completion bash: the completion function, called with COMP_WORDS as bash calls it', () => {
  test('commands and subcommands', async () => {
    assert.deepEqual(await complete('up', 'ka'), ['kafka']);
    assert.deepEqual(await complete('workers', 'st'), ['start', 'status']);
    assert.deepEqual(await complete('ce'), ['certs']);
    assert.deepEqual(await complete('help', 'wo'), ['workers'], "commander's help takes a command name");
  });

  test('service and worker names where a command takes them, from the descriptors; a single argument is offered once', async () => {
    assert.deepEqual(await complete('up', ''), [...MEMBER_NAMES]);
    assert.deepEqual(await complete('up', 'kafka', 'postgres', 'zoo'), ['zookeeper-1', 'zookeeper-2', 'zookeeper-3'], 'up takes several');
    assert.deepEqual(await complete('logs', ''), [...MEMBER_NAMES, ...WORKER_NAMES], 'a member, or one worker of the workers member');
    assert.deepEqual(await complete('logs', 'kafka', ''), [], 'logs takes one');
    assert.deepEqual(await complete('--json', 'workers', 'start', 'telemetry', ''), [...WORKER_NAMES]);
    assert.deepEqual(await complete('secrets', 'get', 'REPL'), ['REPLICATOR_PASSWORD']);
  });

  test("options: a command's own and the global ones anywhere; the value after an option is the option's, not an argument", async () => {
    assert.deepEqual(await complete('logs', '--'), ['--follow', '--tail', '--help', '--config', '--json', '--debug', '--engine', '--new-secrets']);
    assert.deepEqual(await complete('--engine', 'sw'), ['swarm']);
    assert.deepEqual(await complete('--engine', 'swarm', 'up', 'co'), ['cockroach', 'couchdb']);
    assert.deepEqual(await complete('logs', '--tail', '5', ''), [...MEMBER_NAMES, ...WORKER_NAMES], '5 was --tail’s value');
    assert.deepEqual(await complete('checklist', '--only', 'kafka-'), ['kafka-tls', 'kafka-scram']);
    assert.deepEqual(await complete('kafka', 'scram', '--user', 'guard-'), ['guard-producer', 'guard-consumer']);
    assert.deepEqual(await complete('completion', ''), ['bash', 'zsh', 'fish']);
  });

  test('a <file> or <dir> value is completed by bash as a path', async () => {
    const paths = path.join(dir, 'paths');
    await mkdir(paths);
    await writeFile(path.join(paths, 'lab.config.ts'), '');
    assert.deepEqual(await complete('--config', path.join(paths, 'lab')), [path.join(paths, 'lab.config.ts')]);
    assert.deepEqual(await complete('init', '--dir', `${paths}/`), [], 'folders only, and it has none');
    assert.deepEqual(await complete('init', '--dir', paths.slice(0, -2)), [paths]);
  });
});

test('every command of the command table completes from its first letter: the script is made from the program itself', async () => {
  for (const command of Object.keys(COMMAND_TABLE)) {
    const words = command.split(' ');
    const last = words.pop()!;
    assert.ok((await complete(...words, last.charAt(0))).includes(last), command);
  }
});

test('a value that could break out of the script (a space, a quote) is refused when the script is made', async () => {
  const risky = new Command('rocketctl');
  completeWith(risky.command('pick <name>'), ["it's"]);
  await assert.rejects(completionScript(risky, 'bash', '0'), /"it's" cannot be offered safely/);
  const riskyOption = new Command('rocketctl');
  riskyOption.command('pick').addOption(completeWith(new Option('--name <name>'), ['a b']));
  await assert.rejects(completionScript(riskyOption, 'fish', '0'), /"a b" cannot be offered safely/);
});
