import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveScramCredential, formatScramCredential, generateScramSalt, parseScramCredential, scramCredentialMatches } from './scram-credential.js';

// RFC 7677 §3 inputs (also Kafka's ScramFormatterTest.rfc7677Example); SHA-512 values cross-checked with Python hashlib and Java.
const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');

describe('SCRAM credential math', () => {
  test('RFC 7677 SCRAM-SHA-256 example gives the Kafka string of ScramFormatterTest', async () => {
    const credential = await deriveScramCredential('SCRAM-SHA-256', 'pencil', salt, 4096);
    assert.equal(
      formatScramCredential(credential),
      'salt=W22ZaJ0SNY7soEsUEjb6gQ==,stored_key=WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,server_key=wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=,iterations=4096',
    );
  });

  test('SCRAM-SHA-512 with the same inputs matches the cross-checked vector', async () => {
    const credential = await deriveScramCredential('SCRAM-SHA-512', 'pencil', salt, 4096);
    assert.equal(credential.storedKey.toString('base64'), '6AAub3065EYRmyFpM2RNwqK+eGnrkYuEWbXn19LsEmBqzu8QaCXNc1FwpnX9NhH2hK/60dzj9DoO5DvVkOHbvg==');
    assert.equal(credential.serverKey.toString('base64'), 'jZHbYjC1aHh0/hKbxyBuGFjDrgjgKTT1esA7awWiKcRZ0o/0b1yWEebBeSVkkCFewf91nLDfKF24mvD5nmE6rA==');
  });

  test('format → parse round trip, in any field order', async () => {
    const credential = await deriveScramCredential('SCRAM-SHA-512', 'p@ss wörd', generateScramSalt(), 8192);
    const text = formatScramCredential(credential);
    assert.deepEqual(parseScramCredential(text), credential);
    const shuffled = text.split(',').reverse().join(',');
    assert.deepEqual(parseScramCredential(shuffled), credential);
  });

  test('parse rejects what Kafka rejects', () => {
    assert.throws(() => parseScramCredential('salt=YQ==,stored_key=YQ==,server_key=YQ=='), /exactly/);
    assert.throws(() => parseScramCredential('salt=YQ==,stored_key=YQ==,server_key=YQ==,iterations=4096,extra=1'), /exactly/);
    assert.throws(() => parseScramCredential('salt=YQ==,stored_key=YQ==,server_key=YQ==,iterations=many'), /integer/);
    assert.throws(() => parseScramCredential('garbage'), /invalid/);
  });

  test('matches the right password only', async () => {
    const credential = await deriveScramCredential('SCRAM-SHA-512', 'correct horse', generateScramSalt(), 4096);
    assert.equal(await scramCredentialMatches('SCRAM-SHA-512', credential, 'correct horse'), true);
    assert.equal(await scramCredentialMatches('SCRAM-SHA-512', credential, 'correct horse '), false);
  });

  test('iterations outside Kafka’s 4096..16384 are refused', async () => {
    await assert.rejects(deriveScramCredential('SCRAM-SHA-512', 'x', salt, 4095), RangeError);
    await assert.rejects(deriveScramCredential('SCRAM-SHA-512', 'x', salt, 16385), RangeError);
  });

  test('salt looks like Kafka’s: base-36 text of a 130-bit random number, different every time', () => {
    const salts = Array.from({ length: 50 }, () => generateScramSalt().toString('utf8'));
    for (const s of salts) assert.match(s, /^[0-9a-z]{20,26}$/);
    assert.equal(new Set(salts).size, salts.length);
  });
});
