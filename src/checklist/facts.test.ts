import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InspectedStack } from '../commands/status.js';
import type { StackEntry } from '../docker/stack-view.js';
import { withSharedExecs } from './facts.js';

/** Two containers whose exec counts its calls; `failFirst` makes the first exec of a command reject. */
function stackOf(names: string[], failFirst = false) {
  const calls: string[] = [];
  const entries = names.map(
    (name) =>
      ({
        spec: { name },
        view: { name },
        probeTarget: (signal: AbortSignal) => ({
          signal,
          hostEndpoint: () => undefined,
          async exec(command: string[]) {
            calls.push(`${name}:${command.join(' ')}`);
            if (failFirst && calls.length === 1) throw new Error('container restarting');
            return { exitCode: 0, output: `${name} ${command.join(' ')}`, stdout: `${name} ${command.join(' ')}` };
          },
        }),
      }) as unknown as StackEntry,
  );
  return { calls, stack: withSharedExecs({ caPem: 'ca', entries } as InspectedStack) };
}

test('one round asks each container a given command once, however many checks ask it', async () => {
  const { calls, stack } = stackOf(['zookeeper-1', 'zookeeper-2']);
  const signal = new AbortController().signal;
  const ask = (i: number, command: string[]) => stack.entries[i]!.probeTarget(signal)!.exec(command);
  const answers = await Promise.all([ask(0, ['srvr']), ask(0, ['srvr']), ask(1, ['srvr']), ask(0, ['mntr'])]);
  assert.deepEqual(calls.sort(), ['zookeeper-1:mntr', 'zookeeper-1:srvr', 'zookeeper-2:srvr']);
  assert.equal(answers[0]!.stdout, 'zookeeper-1 srvr');
  assert.equal(answers[2]!.stdout, 'zookeeper-2 srvr');
});

test('a failed ask is not kept: the next asker runs the command itself', async () => {
  const { calls, stack } = stackOf(['workers'], true);
  const target = stack.entries[0]!.probeTarget(new AbortController().signal)!;
  await assert.rejects(target.exec(['status']), /container restarting/);
  assert.equal((await target.exec(['status'])).stdout, 'workers status');
  assert.equal(calls.length, 2);
});
