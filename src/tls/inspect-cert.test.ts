import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalSan, parseSans } from './inspect-cert.js';

test('SANs compare in one spelling: expanded IPv6 equals its short form, DNS ignores case', () => {
  assert.equal(canonicalSan('0:0:0:0:0:0:0:1'), canonicalSan('::1'));
  assert.equal(canonicalSan('FD00:0:0:0:0:0:0:10'), canonicalSan('fd00::10'));
  assert.equal(canonicalSan('Kafka.Internal'), 'kafka.internal');
  assert.equal(canonicalSan('127.0.0.1'), '127.0.0.1');
  assert.notEqual(canonicalSan('::1'), canonicalSan('::2'));
});

test("Node's subjectAltName text becomes plain names", () => {
  assert.deepEqual(parseSans('DNS:kafka, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1'), [
    'kafka',
    'localhost',
    '127.0.0.1',
    '0:0:0:0:0:0:0:1',
  ]);
  assert.deepEqual(parseSans(undefined), []);
});
