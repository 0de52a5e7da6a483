import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { passphraseKey, type BackupKey } from './backup-key.js';
import { writeArchive, type ArchivePart } from './write-archive.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-backup-leak-'));
});
after(() => rm(dir, { recursive: true, force: true }));

// Known secrets, planted in the parts as a backup would carry them: in clear, base64-encoded (Kubernetes-style) and a
// PEM private key (the CA's). None may be found in the archive; every one is found in the plaintext it came from.
const secrets = Array.from({ length: 4 }, (_, i) => `planted-secret-${i}-${randomBytes(18).toString('base64url')}`);
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const der = privateKey.export({ type: 'pkcs8', format: 'der' });
const pemLines = pem.split('\n').filter((line) => line.length > 0);

const secretsEnv = Buffer.from(secrets.map((value, i) => `SECRET_${i}=${value}\nSECRET_${i}_B64=${Buffer.from(value).toString('base64')}\n`).join(''));
// A dump spanning several records, with the secrets at record boundaries and in between.
const dump = Buffer.concat(
  Array.from({ length: 12 }, (_, i) => Buffer.from(`INSERT INTO roles VALUES ('${secrets[i % secrets.length]}');\n${'-- filler\n'.repeat(90 + i)}`)),
);
const parts = (): ArchivePart[] => [
  { name: 'secrets/secrets.env', content: secretsEnv },
  { name: 'tls/ca.key', content: Buffer.from(pem) },
  { name: 'tls/ca.der', content: der },
  { name: 'postgres/dump.sql', content: dump },
];

/** Every form a secret could leak in: as is, base64, base64url, hex, and each line and the DER of the PEM key. */
function needles(extra: (string | Buffer)[] = []): { label: string; bytes: Buffer }[] {
  const forms = (label: string, value: Buffer) => [
    { label, bytes: value },
    { label: `${label} (base64)`, bytes: Buffer.from(value.toString('base64')) },
    { label: `${label} (base64url)`, bytes: Buffer.from(value.toString('base64url')) },
    { label: `${label} (hex)`, bytes: Buffer.from(value.toString('hex')) },
  ];
  return [
    ...secrets.flatMap((value, i) => forms(`secret ${i}`, Buffer.from(value))),
    ...pemLines.map((line, i) => ({ label: `PEM line ${i}`, bytes: Buffer.from(line) })),
    { label: 'PEM key (DER)', bytes: der },
    ...extra.map((value, i) => ({ label: `extra ${i}`, bytes: typeof value === 'string' ? Buffer.from(value) : value })),
  ];
}

const found = (haystack: Buffer, list: { label: string; bytes: Buffer }[]) => list.filter((n) => haystack.includes(n.bytes)).map((n) => n.label);

test('the control: the search finds every planted secret, in each of its forms, in the plaintext parts', () => {
  const plaintext = Buffer.concat([secretsEnv, Buffer.from(pem), der, dump]);
  // Each plain form as it was planted (hex is not planted: it is looked for in the archive only).
  const planted = needles().filter((n) => !n.label.endsWith('(hex)') && !n.label.endsWith('(base64url)'));
  assert.deepEqual(
    found(plaintext, planted),
    planted.map((n) => n.label),
  );
  assert.ok(planted.length >= secrets.length * 2 + pemLines.length + 1);
  // A search that finds nothing at all would prove nothing: its needles must be long enough to be unique.
  assert.ok(needles().every((n) => n.bytes.length >= 16 || /PEM line/.test(n.label)));
});

for (const [label, key] of [
  ['a raw key', { kind: 'raw', key: randomBytes(32), origin: 'test key' }],
  ['a passphrase', passphraseKey('planted passphrase 0123456789', 'test passphrase')],
] as [string, BackupKey][]) {
  test(`with ${label}: no planted secret, part name, project name or the key itself is readable in the archive bytes`, async () => {
    const file = path.join(dir, `${label.replace(/ /g, '-')}.rcbk`);
    await writeArchive(file, parts(), { key, project: 'planted-project-name', recordSize: 1024 });
    const archive = await readFile(file);
    const keyForms = key.kind === 'raw' ? [key.key, key.key.toString('base64'), key.key.toString('hex')] : [key.passphrase];
    const names = ['secrets/secrets.env', 'tls/ca.key', 'postgres/dump.sql', 'planted-project-name', 'PRIVATE KEY', 'INSERT INTO', 'filler'];
    assert.deepEqual(found(archive, needles([...keyForms, ...names])), []);
    // The same search over the same bytes decrypted would find them (the control above): here they are only ciphertext.
    assert.ok(archive.length > dump.length, 'the archive carries the parts');
  });
}
