import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createRedactor, removePrivateKeys } from './redact.js';

const pem = (type: 'pkcs8' | 'sec1') => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type }).toString();

test('every PEM private key block goes: whole, inside JSON (escaped line breaks), and cut short; a certificate stays', () => {
  const pkcs8 = pem('pkcs8');
  const sec1 = pem('sec1');
  const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
  const text = `before\n${pkcs8}between\n${JSON.stringify({ key: sec1 })}\n${cert}\nafter`;
  const cleaned = removePrivateKeys(text);
  assert.doesNotMatch(cleaned, /PRIVATE KEY|MI[A-Za-z0-9+/]{20}/);
  assert.match(cleaned, /^before\n\[private key removed\]\nbetween\n\{"key":"\[private key removed\]\\n"\}\n-----BEGIN CERTIFICATE-----/);
  assert.match(cleaned, /after$/);

  // A log that ends inside a key: the marker and its base64 lines go, the next ordinary line stays.
  const cut = pkcs8.split('\n').slice(0, 3).join('\n');
  assert.equal(removePrivateKeys(`${cut}\n2025-01-01 12:00:00 INFO next`), '[private key removed]\n2025-01-01 12:00:00 INFO next');
});

test('createRedactor masks each value as written and URL-encoded, the longest first; short values are left alone', () => {
  const redact = createRedactor(['abc+def/ghi=jkl', 'abc+def/ghi=jkl-and-more', 'short']);
  assert.equal(redact('x=abc+def/ghi=jkl-and-more y=abc+def/ghi=jkl'), 'x=[redacted] y=[redacted]');
  assert.equal(redact(`url?p=${encodeURIComponent('abc+def/ghi=jkl')}`), 'url?p=[redacted]');
  assert.equal(redact('short stays'), 'short stays');
});
