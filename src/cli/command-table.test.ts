import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { COMMAND_TABLE, lockUseOf, type LockUse } from './command-table.js';
import { commandPath, createProgram, leafCommands } from './program.js';
import type { Runner } from './runner.js';

/** Parses argv as main.ts does and returns what the runner would decide, without running the command. */
async function decide(argv: readonly string[]): Promise<{ path: string; lock: LockUse }> {
  let active: Command | undefined;
  let decided: { path: string; lock: LockUse } | undefined;
  const run: Runner = async () => {
    decided = { path: commandPath(active!), lock: lockUseOf(commandPath(active!), active!.opts()) };
  };
  const program = createProgram(run).hook('preAction', (_p, command) => {
    active = command;
  });
  await program.parseAsync(['node', 'rocketctl', ...argv]);
  assert.ok(decided, `${argv.join(' ')} ran nothing`);
  return decided;
}

test('the command table and the command tree name the same commands', () => {
  const tree = leafCommands(createProgram(async () => undefined)).map(commandPath);
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

test('a command missing from the table is refused before it runs', () => {
  assert.throws(() => lockUseOf('certs renew', {}), /missing from the command table/);
});
