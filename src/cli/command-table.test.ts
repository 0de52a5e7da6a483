import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { COMMAND_TABLE, lockUseOf, type LockUse } from './command-table.js';
import { commandPath, createProgram, leafCommands } from './program.js';
import type { Runners } from './runner.js';

const NOTHING: Runners = { run: async () => undefined, runStandalone: async () => undefined };

/** Parses argv as main.ts does and returns what the runner it reaches would decide, without running the command. */
async function decide(argv: readonly string[]): Promise<{ path: string; lock: LockUse }> {
  let active: Command | undefined;
  let decided: { path: string; lock: LockUse } | undefined;
  const decideFor = (runner: 'project' | 'standalone') => async () => {
    decided = { path: commandPath(active!), lock: lockUseOf(commandPath(active!), active!.opts(), runner) };
  };
  const program = createProgram({ run: decideFor('project'), runStandalone: decideFor('standalone') }).hook('preAction', (_p, command) => {
    active = command;
  });
  await program.parseAsync(['node', 'rocketctl', ...argv]);
  assert.ok(decided, `${argv.join(' ')} ran nothing`);
  return decided;
}

test('the command table and the command tree name the same commands', () => {
  const tree = leafCommands(createProgram(NOTHING)).map(commandPath);
  assert.ok(tree.length >= 19, `found ${tree.length} commands`);
  assert.deepEqual([...tree].sort(), Object.keys(COMMAND_TABLE).sort());
});

test('every example of the table parses to its own command, and the runner decides the lock use the table says', async () => {
  for (const [path, entry] of Object.entries(COMMAND_TABLE)) {
    assert.ok(entry.examples.length > 0, `${path} has no example`);
    for (const example of entry.examples) {
      const decided = await decide(example.argv);
      assert.equal(decided.path, path, example.argv.join(' '));
      assert.equal(decided.lock, example.lock, example.argv.join(' '));
    }
  }
});

test('a command missing from the table, or registered with the other runner than the table says, is refused before it runs', () => {
  assert.throws(() => lockUseOf('certs renew', {}, 'project'), /missing from the command table/);
  assert.throws(() => lockUseOf('init', {}, 'project'), /init" runs with the project runner, but the command table says "no-project"/);
  assert.throws(() => lockUseOf('up', {}, 'standalone'), /up" runs with the standalone runner, but the command table says "whole-run"/);
});
