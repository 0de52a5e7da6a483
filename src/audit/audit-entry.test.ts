import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deriveScramCredential, formatScramCredential, generateScramSalt } from '../kafka/scram-credential.js';
import { createAuditEntry } from './audit-entry.js';

test('an audit entry records who, what and a digest, and no secret material', async () => {
  const password = 'a-very-secret-password-123';
  const credential = await deriveScramCredential('SCRAM-SHA-512', password, generateScramSalt(), 4096);
  const newState = formatScramCredential(credential);
  const entry = createAuditEntry(
    { action: 'scram-credential-set', entity: 'users/guard-producer', mechanism: 'SCRAM-SHA-512', iterations: 4096, newState },
    { user: 'ops', host: 'box' },
    new Date('2030-01-02T03:04:05Z'),
  );
  assert.deepEqual(entry, {
    version: 1,
    time: '2030-01-02T03:04:05.000Z',
    actor: { user: 'ops', host: 'box' },
    action: 'scram-credential-set',
    entity: 'users/guard-producer',
    mechanism: 'SCRAM-SHA-512',
    iterations: 4096,
    digest: `sha256:${createHash('sha256').update(newState).digest('hex')}`,
  });
  const text = JSON.stringify(entry);
  const secrets = [
    password,
    Buffer.from(password).toString('base64'),
    credential.salt.toString('utf8'),
    ...[credential.salt, credential.storedKey, credential.serverKey].map((b) => b.toString('base64')),
  ];
  for (const secret of secrets) assert.equal(text.includes(secret), false, `entry contains ${secret.slice(0, 6)}…`);
  assert.equal(text.includes('salt='), false);
});
