import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUserConfig, encodeUserConfig, userConfigPath, userEntityPath } from './user-config-znode.js';

test('paths use the sanitized name', () => {
  assert.equal(userConfigPath('alice@example.com'), '/config/users/alice%40example.com');
  assert.equal(userEntityPath('guard-producer'), 'users/guard-producer');
});

test('encode writes Kafka’s {"version":1,"config":{...}} and decode keeps every key', () => {
  const config = { 'SCRAM-SHA-256': 'salt=a,stored_key=b,server_key=c,iterations=4096', producer_byte_rate: '1024' };
  const data = encodeUserConfig(config);
  assert.deepEqual(JSON.parse(data.toString('utf8')), { version: 1, config });
  assert.deepEqual(decodeUserConfig(data, '/x'), config);
});

test('a missing or empty znode is an empty config; unreadable data is refused, not overwritten', () => {
  assert.deepEqual(decodeUserConfig(null, '/x'), {});
  assert.deepEqual(decodeUserConfig(Buffer.alloc(0), '/x'), {});
  assert.throws(
    () => decodeUserConfig(Buffer.from('not json'), '/config/users/x'),
    (error: Error & { hint?: string }) => /will not overwrite/.test(error.hint ?? ''),
  );
  assert.throws(() => decodeUserConfig(Buffer.from('{"version":1}'), '/config/users/x'));
});
