import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createManualClock } from './clock.js';
import { withDeadline } from './deadline.js';
import { InterruptedError, OperationError } from './errors.js';
import { retry } from './retry.js';

describe('retry', () => {
  test('backs off by the factor up to the cap, then succeeds', async () => {
    const clock = createManualClock();
    let calls = 0;
    const result = retry(
      async () => {
        calls++;
        if (calls < 5) throw new Error('not yet');
        return 'done';
      },
      { timeoutMs: 60_000, intervalMs: 100, backoff: 2, maxIntervalMs: 500, clock },
    );
    for (let i = 0; i < 5; i++) await clock.advance(1000);
    assert.equal(await result, 'done');
    assert.deepEqual(clock.slept, [100, 200, 400, 500]);
  });

  test('gives up at the deadline with the last cause', async () => {
    const clock = createManualClock();
    const result = retry(
      async () => {
        throw new Error('still down');
      },
      { timeoutMs: 1000, intervalMs: 300, clock, what: 'the broker' },
    );
    for (let i = 0; i < 5; i++) await clock.advance(300);
    await assert.rejects(
      result,
      (error: unknown) => error instanceof OperationError && /the broker still failing after 3 attempt\(s\).*still down/.test(error.message),
    );
  });

  test('an error that is not retryable is thrown at once', async () => {
    let calls = 0;
    await assert.rejects(
      retry(
        async () => {
          calls++;
          throw new TypeError('bad input');
        },
        { timeoutMs: 10_000, intervalMs: 10, retryOn: (e) => !(e instanceof TypeError) },
      ),
      TypeError,
    );
    assert.equal(calls, 1);
  });

  test('the signal stops a wait at once', async () => {
    const controller = new AbortController();
    const clock = createManualClock();
    const result = retry(
      async () => {
        throw new Error('down');
      },
      { timeoutMs: 60_000, intervalMs: 10_000, clock, signal: controller.signal },
    );
    await clock.advance(0);
    controller.abort();
    await assert.rejects(result, InterruptedError);
  });

  test('attempts caps the loop', async () => {
    let calls = 0;
    await assert.rejects(
      retry(
        async () => {
          calls++;
          throw new Error('x');
        },
        { timeoutMs: 60_000, intervalMs: 1, attempts: 3 },
      ),
    );
    assert.equal(calls, 3);
  });
});

describe('withDeadline', () => {
  test('settles at the deadline even when the work ignores its signal', async () => {
    const started = Date.now();
    await assert.rejects(
      withDeadline(() => new Promise(() => undefined), { timeoutMs: 50, what: 'the engine' }),
      /the engine did not finish within 0\.1 s|the engine did not finish within 0\.05 s|did not finish/,
    );
    assert.ok(Date.now() - started < 1000);
  });

  test('aborts the work signal on timeout and on the caller abort', async () => {
    let seen: AbortSignal | undefined;
    await assert.rejects(
      withDeadline(
        async (signal) => {
          seen = signal;
          await new Promise(() => undefined);
        },
        { timeoutMs: 20 },
      ),
    );
    assert.equal(seen?.aborted, true);
    const controller = new AbortController();
    const pending = withDeadline(() => new Promise(() => undefined), { timeoutMs: 10_000, signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, InterruptedError);
  });
});
