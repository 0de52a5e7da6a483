import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EnvelopeError, keyId, open, seal, type Envelope } from './envelope.js';

const keyOf = (key = randomBytes(32)) => ({ id: keyId(key), key });
const flipByte = (b64: string, at: number) => {
  const bytes = Buffer.from(b64, 'base64');
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString('base64');
};

describe('observer envelope (AES-256-GCM, AAD = id + key id + version)', () => {
  const key = keyOf();
  const keys = new Map([[key.id, key.key]]);
  const payload = { vehicle: 'rocket-7', altitude_m: 12_345.6, crew_note: 'do-not-leak-91c2' };

  test('round trip; nothing of the payload is visible in the envelope; a fresh 96-bit nonce per write', () => {
    const first = seal('obs-a-1', payload, key);
    const second = seal('obs-a-1', payload, key);
    assert.deepEqual(open('obs-a-1', first, keys), payload);
    assert.deepEqual(Object.keys(first).sort(), ['alg', 'ct', 'iv', 'kid', 'v']);
    assert.equal(Buffer.from(first.iv, 'base64').length, 12);
    assert.notEqual(first.iv, second.iv);
    assert.notEqual(first.ct, second.ct);
    const text = JSON.stringify(first);
    for (const leaked of ['rocket-7', 'altitude', '12345', 'do-not-leak', 'crew_note']) assert.equal(text.includes(leaked), false, leaked);
  });

  test('nonces stay distinct across many writes (more than one draw of the nonce pool)', () => {
    const ivs = new Set(Array.from({ length: 10_000 }, (_, n) => seal(`obs-n-${n}`, payload, key).iv));
    assert.equal(ivs.size, 10_000);
  });

  test('a modified ciphertext, tag or nonce fails authentication with a clear error', () => {
    const sealed = seal('obs-a-2', payload, key);
    const last = Buffer.from(sealed.ct, 'base64').length - 1;
    for (const tampered of [
      { ...sealed, ct: flipByte(sealed.ct, 0) },
      { ...sealed, ct: flipByte(sealed.ct, last) },
      { ...sealed, iv: flipByte(sealed.iv, 3) },
    ]) {
      assert.throws(
        () => open('obs-a-2', tampered, keys),
        (e: unknown) =>
          e instanceof EnvelopeError &&
          /obs-a-2 fails authentication: its ciphertext, nonce or key id was modified, or it was moved here/.test(e.message) &&
          /do not trust this copy/.test(e.hint ?? ''),
      );
    }
  });

  test('iv and ct must be canonical base64: whitespace, junk, missing padding or padding bits set are refused', () => {
    // A payload whose ciphertext ends in "==": its last character then carries 4 unused bits.
    let n = '';
    let sealed = seal('obs-a-7', { n }, key);
    while (!sealed.ct.endsWith('==')) sealed = seal('obs-a-7', { n: (n += 'x') }, key);
    const lastData = sealed.ct.length - 3;
    const withSpareBits = `${sealed.ct.slice(0, lastData)}${String.fromCharCode(sealed.ct.charCodeAt(lastData) + 1)}==`;
    assert.deepEqual(Buffer.from(withSpareBits, 'base64'), Buffer.from(sealed.ct, 'base64'), 'the same bytes, spelled another way');
    const cases: Array<[string, Envelope]> = [
      ['a line break in ct', { ...sealed, ct: `${sealed.ct.slice(0, 8)}\n${sealed.ct.slice(8)}` }],
      ['a space in ct', { ...sealed, ct: `${sealed.ct.slice(0, 8)} ${sealed.ct.slice(8)}` }],
      ['junk in iv', { ...sealed, iv: `${sealed.iv.slice(0, 4)}*!${sealed.iv.slice(4)}` }],
      ['ct without its padding', { ...sealed, ct: sealed.ct.slice(0, -2) }],
      ['ct with padding bits set', { ...sealed, ct: withSpareBits }],
    ];
    for (const [what, envelope] of cases) {
      assert.throws(
        () => open('obs-a-7', envelope, keys),
        (e: unknown) => e instanceof EnvelopeError && /its envelope's (iv|ct) is not canonical base64/.test(e.message),
        what,
      );
    }
    assert.deepEqual(open('obs-a-7', sealed, keys), { n }, 'the envelope as sealed opens');
  });

  test('the same envelope moved to another document id does not open', () => {
    const sealed = seal('obs-a-3', payload, key);
    assert.throws(() => open('obs-a-4', sealed, keys), /obs-a-4 fails authentication/);
  });

  test('relabelled with another key id or version: refused', () => {
    const other = keyOf();
    const sealed = seal('obs-a-5', payload, key);
    const both = new Map([...keys, [other.id, other.key]]);
    assert.throws(() => open('obs-a-5', { ...sealed, kid: other.id }, both), /fails authentication/);
    assert.throws(() => open('obs-a-5', { ...sealed, v: 2 } as unknown as Envelope, keys), /holds no observer envelope/);
  });

  test('an unknown key id names the key and how to restore it', () => {
    const sealed = seal('obs-a-6', payload, keyOf());
    assert.throws(
      () => open('obs-a-6', sealed, keys),
      (e: unknown) =>
        e instanceof EnvelopeError &&
        /sealed with key k1-[0-9a-f]{16}, which is neither the current observer key nor a retired one/.test(e.message) &&
        /observer-retired-keys.env/.test(e.hint ?? ''),
    );
  });

  test('key ids are stable per key and reveal nothing of it', () => {
    const raw = randomBytes(32);
    assert.equal(keyId(raw), keyId(Buffer.from(raw)));
    assert.match(keyId(raw), /^k1-[0-9a-f]{16}$/);
    assert.equal(keyId(raw).includes(raw.toString('hex').slice(0, 8)), false);
  });
});
