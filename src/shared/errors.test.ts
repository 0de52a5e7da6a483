import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, ExitCode, InterruptedError, OperationError, UsageError, exitCodeFor } from './errors.js';

test('exit codes: 2 bad usage or config, 1 a failed operation or anything unexpected, 130 interrupted', () => {
  assert.equal(exitCodeFor(new UsageError('x')), ExitCode.usage);
  assert.equal(exitCodeFor(new ConfigError('f', ['a: b'])), ExitCode.usage);
  assert.equal(exitCodeFor(new OperationError('x')), ExitCode.failed);
  assert.equal(exitCodeFor(new InterruptedError()), ExitCode.interrupted);
  assert.equal(exitCodeFor(Object.assign(new Error('aborted'), { name: 'AbortError' })), ExitCode.interrupted);
  assert.equal(exitCodeFor(new TypeError('bug')), ExitCode.failed);
  assert.equal(exitCodeFor('a string'), ExitCode.failed);
});
