import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postgresScramVerifier } from './scram-verifier.js';

test('the Postgres SCRAM-SHA-256 verifier of the RFC 7677 example (password "pencil")', async () => {
  const verifier = await postgresScramVerifier('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'), 4096);
  assert.equal(
    verifier,
    'SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=',
  );
});

test('a fresh salt each time, and never the password itself', async () => {
  const [a, b] = await Promise.all([postgresScramVerifier('operator-secret-1'), postgresScramVerifier('operator-secret-1')]);
  assert.notEqual(a, b);
  assert.ok(!a.includes('operator-secret-1'));
  assert.match(a, /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
});
