import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OperationError } from '../shared/errors.js';
import { describeKafkaError, isRetryableKafkaError, PermanentKafkaError } from './kafka-errors.js';

// Shapes as kafkajs builds them: the broker's answer can sit on the error, its cause, a retry's original error, or in a list.
const saslFailure = { name: 'KafkaJSSASLAuthenticationError', message: 'SASL SCRAM SHA512 authentication failed' };
const denied = { name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED', message: 'Not authorized to access topics' };
const wrapped = (inner: object) =>
  Object.assign(new Error('Connection error'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: { cause: { errors: [inner] } } });

test('a refused login, however deep kafkajs buries it, is permanent and names the command that fixes it', () => {
  const error = describeKafkaError(wrapped(saslFailure), 'guard-producer', 'publishing a batch');
  assert.ok(error instanceof PermanentKafkaError);
  assert.match(error.message, /Kafka refused the login of guard-producer while publishing a batch/);
  assert.match(error.hint!, /rocketctl kafka scram --user guard-producer/);
  assert.equal(isRetryableKafkaError(error), false);
  assert.equal(isRetryableKafkaError(wrapped(saslFailure)), false);
});

test('a missing ACL is permanent and points at kafka acls', () => {
  const error = describeKafkaError(wrapped(denied), 'guard-consumer', 'joining its group');
  assert.ok(error instanceof PermanentKafkaError);
  assert.match(error.hint!, /rocketctl kafka acls/);
  assert.equal(isRetryableKafkaError(wrapped(denied)), false);
});

test('anything else (a broker away, a leader moving) is transient: retried, with the cause kept', () => {
  const away = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9093'), { name: 'KafkaJSConnectionError', retriable: true });
  const error = describeKafkaError(away, 'guard-producer', 'publishing a batch');
  assert.ok(error instanceof OperationError && !(error instanceof PermanentKafkaError));
  assert.match(error.message, /^Kafka: publishing a batch failed: connect ECONNREFUSED/);
  assert.equal(error.cause, away);
  assert.equal(isRetryableKafkaError(away), true);
});

test('a chain that refers to itself is walked a bounded depth (no endless loop)', () => {
  const loop: { name: string; cause?: unknown } = { name: 'KafkaJSError' };
  loop.cause = loop;
  assert.equal(isRetryableKafkaError(loop), true);
});
