import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SIGNALS = fileURLToPath(new URL('./signals.js', import.meta.url));

// A process that takes the interrupt signal and then keeps "cleaning up" forever: the first SIGTERM must
// only abort the signal; the second must end the process at once with 130.
const SCRIPT = `
const { createInterruptSignal } = await import(${JSON.stringify(SIGNALS)});
const signal = createInterruptSignal();
signal.addEventListener('abort', () => process.stderr.write('aborted\\n'));
setInterval(() => undefined, 1000);
process.stderr.write('ready\\n');
`;

test('the first SIGTERM aborts the one signal (as Ctrl-C does); a second one exits at once with 130', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const seen = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => (stderr.includes(text) ? resolve() : undefined);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        check();
      });
      check();
    });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await seen('ready');
  child.kill('SIGTERM');
  await seen('aborted');
  assert.equal(child.exitCode, null, 'still cleaning up after the first signal');
  const second = Date.now();
  child.kill('SIGTERM');
  assert.equal(await exited, 130);
  assert.ok(Date.now() - second < 1_000);
  assert.match(stderr, /SIGTERM: stopping at the next safe point \(press Ctrl-C again to exit now\)/);
});
