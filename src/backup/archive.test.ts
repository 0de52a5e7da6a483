import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { InterruptedError, OperationError, RocketError, UsageError } from '../shared/errors.js';
import { packageVersion } from '../shared/package-files.js';
import { HEADER_BYTES, TAG_BYTES, TRAILER_BYTES } from './archive-format.js';
import { ArchiveDamagedError, WrongKeyError } from './archive-errors.js';
import type { ArchiveManifest } from './archive-manifest.js';
import { passphraseKey, type BackupKey } from './backup-key.js';
import { openPart } from './open-part.js';
import { assertVerified, verifyArchive } from './verify-archive.js';
import { writeArchive, type ArchivePart } from './write-archive.js';

const RECORD = 1024;
let dir: string;
const key: BackupKey = { kind: 'raw', key: randomBytes(32), origin: 'test key' };
const otherKey: BackupKey = { kind: 'raw', key: randomBytes(32), origin: 'another key' };
const file = (name: string) => path.join(dir, name);

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-backup-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** Deterministic bytes, different per seed, so a record moved from one part to another could never pass unnoticed by chance. */
const bytesOf = (seed: string, length: number) => {
  const out = Buffer.alloc(length);
  for (let at = 0, block = 0; at < length; block++) at += createHash('sha256').update(`${seed}/${block}`).digest().copy(out, at);
  return out;
};

/** A stream that hands out its bytes in uneven chunks (7, 300, 1500 bytes...), crossing record boundaries anywhere. */
const unevenStream = (bytes: Buffer) =>
  Readable.from(
    (function* () {
      const sizes = [7, 300, 1500, 1, 4096];
      for (let at = 0, i = 0; at < bytes.length; i++) {
        const size = sizes[i % sizes.length]!;
        yield bytes.subarray(at, at + size);
        at += size;
      }
    })(),
    { objectMode: false },
  );

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// The archive most tests take apart: a small part, a multi-record part from a stream, an empty part, a part of exactly
// three full records, and one more after it.
const CONTENTS: Record<string, Buffer> = {
  'secrets/secrets.env': Buffer.from('POSTGRES_SUPERUSER_PASSWORD=not-a-real-one\n'),
  'postgres/dump.sql': bytesOf('dump', 5000),
  'empty/nothing.txt': Buffer.alloc(0),
  'couchdb/telemetry.ndjson': bytesOf('couch', 3 * RECORD),
  'cassandra/schema.cql': bytesOf('cql', 1500),
};
const partsOf = (contents: Record<string, Buffer>): ArchivePart[] =>
  Object.entries(contents).map(([name, bytes]) => ({ name, content: name === 'postgres/dump.sql' ? unevenStream(bytes) : bytes }));

let reference: { file: string; bytes: Buffer; manifest: ArchiveManifest };

describe('round trip', () => {
  before(async () => {
    const target = file('reference.rcbk');
    const manifest = await writeArchive(target, partsOf(CONTENTS), { key, project: 'rocket', recordSize: RECORD, now: () => new Date('2025-01-02T03:04:05Z') });
    reference = { file: target, bytes: await readFile(target), manifest };
  });

  test('every part comes back byte for byte, and the manifest lists names, sizes, sha256, offsets and the archive facts', async () => {
    for (const [name, bytes] of Object.entries(CONTENTS)) assert.deepEqual(await readAll(await openPart(reference.file, key, name)), bytes, name);
    const { manifest } = reference;
    assert.equal(manifest.format, 1);
    assert.equal(manifest.createdAt, '2025-01-02T03:04:05.000Z');
    assert.equal(manifest.rocketctlVersion, packageVersion());
    assert.equal(manifest.project, 'rocket');
    assert.deepEqual(
      manifest.parts.map(({ name, bytes, sha256: hash, records }) => ({ name, bytes, sha256: hash, records })),
      [
        { name: 'secrets/secrets.env', bytes: CONTENTS['secrets/secrets.env']!.length, sha256: sha256(CONTENTS['secrets/secrets.env']!), records: 1 },
        { name: 'postgres/dump.sql', bytes: 5000, sha256: sha256(CONTENTS['postgres/dump.sql']!), records: 5 },
        { name: 'empty/nothing.txt', bytes: 0, sha256: sha256(Buffer.alloc(0)), records: 1 },
        { name: 'couchdb/telemetry.ndjson', bytes: 3 * RECORD, sha256: sha256(CONTENTS['couchdb/telemetry.ndjson']!), records: 3 },
        { name: 'cassandra/schema.cql', bytes: 1500, sha256: sha256(CONTENTS['cassandra/schema.cql']!), records: 2 },
      ],
    );
    // The parts tile the archive from the end of the header on, in the order given.
    manifest.parts.forEach((part, i) => assert.equal(part.offset, i === 0 ? HEADER_BYTES : manifest.parts[i - 1]!.offset + manifest.parts[i - 1]!.length));
  });

  test('verify reads everything and reports each part ok, with its size and sha256', async () => {
    const report = await verifyArchive(reference.file, key);
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.parts,
      Object.entries(CONTENTS).map(([name, bytes]) => ({ name, bytes: bytes.length, sha256: sha256(bytes), ok: true })),
    );
    assert.equal(report.project, 'rocket');
    assertVerified(report);
  });

  test('the archive is mode 0600 and nothing else is left in its folder', async () => {
    assert.equal((await stat(reference.file)).mode & 0o777, 0o600);
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.includes('.tmp')),
      [],
    );
  });

  test('with the default 1 MiB records, a 2.5 MiB part takes three records and comes back whole', async () => {
    const big = bytesOf('big', 2.5 * 1024 * 1024);
    const target = file('default-records.rcbk');
    const manifest = await writeArchive(target, [{ name: 'postgres/big.sql', content: Readable.from([big.subarray(0, 999_999), big.subarray(999_999)]) }], {
      key,
      project: 'rocket',
    });
    assert.equal(manifest.parts[0]!.records, 3);
    assert.equal((await verifyArchive(target, key)).ok, true);
    assert.deepEqual(await readAll(await openPart(target, key, 'postgres/big.sql')), big);
    await rm(target);
  });

  test('an archive of no parts, and a passphrase archive, round-trip too', async () => {
    const empty = file('no-parts.rcbk');
    await writeArchive(empty, [], { key, project: 'rocket' });
    assert.deepEqual((await verifyArchive(empty, key)).parts, []);
    const sealed = file('passphrase.rcbk');
    const passphrase = passphraseKey('correct horse battery staple', 'test passphrase');
    await writeArchive(sealed, partsOf(CONTENTS), { key: passphrase, project: 'rocket', recordSize: RECORD });
    assert.equal((await verifyArchive(sealed, passphraseKey('correct horse battery staple', 'again'))).ok, true);
    assert.deepEqual(await readAll(await openPart(sealed, passphrase, 'couchdb/telemetry.ndjson')), CONTENTS['couchdb/telemetry.ndjson']);
  });

  test('openPart refuses a name the archive does not hold, listing the names it does', async () => {
    await assert.rejects(openPart(reference.file, key, 'postgres/other.sql'), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /no part 'postgres\/other\.sql'/);
      assert.match(error.hint!, /postgres\/dump\.sql/);
      return true;
    });
  });
});

const lastPartEnd = () => reference.manifest.parts.at(-1)!.offset + reference.manifest.parts.at(-1)!.length;

/** Where a byte of the reference archive lies: header, a record of a part (which part), manifest or trailer. */
function regionAt(offset: number): { region: 'header' | 'manifest' | 'trailer' } | { region: 'part'; part: string } {
  if (offset < HEADER_BYTES) return { region: 'header' };
  const part = reference.manifest.parts.find((p) => offset >= p.offset && offset < p.offset + p.length);
  if (part) return { region: 'part', part: part.name };
  return offset >= reference.bytes.length - TRAILER_BYTES ? { region: 'trailer' } : { region: 'manifest' };
}

/** Every header and trailer byte, the first and last byte (the tag's) of every record and of the manifest, and a stride in between. */
function flipOffsets(): number[] {
  const offsets = new Set<number>();
  for (let i = 0; i < HEADER_BYTES; i++) offsets.add(i);
  for (let i = reference.bytes.length - TRAILER_BYTES; i < reference.bytes.length; i++) offsets.add(i);
  for (const part of reference.manifest.parts) {
    for (let start = part.offset; start < part.offset + part.length; start += RECORD + TAG_BYTES) {
      const end = Math.min(start + RECORD + TAG_BYTES, part.offset + part.length);
      [start, start + 1, end - TAG_BYTES - 1, end - TAG_BYTES, end - 1].filter((o) => o >= start).forEach((o) => offsets.add(o));
    }
  }
  const manifestStart = lastPartEnd();
  const manifestEnd = reference.bytes.length - TRAILER_BYTES;
  [manifestStart, manifestStart + 1, manifestEnd - TAG_BYTES, manifestEnd - 1].forEach((o) => offsets.add(o));
  for (let o = 0; o < reference.bytes.length; o += 61) offsets.add(o);
  return [...offsets].sort((a, b) => a - b);
}

describe('tampering', () => {
  const tampered = () => file('tampered.rcbk');

  test('a flipped bit anywhere (header, each record and its tag, manifest, trailer) is refused, naming where', async () => {
    const offsets = flipOffsets();
    const seen = new Set<string>();
    for (const offset of offsets) {
      const copy = Buffer.from(reference.bytes);
      copy[offset]! ^= 0x10;
      await writeFile(tampered(), copy);
      const expected = regionAt(offset);
      seen.add(expected.region === 'part' ? expected.part : expected.region);
      const said = `flipped byte ${offset} (${JSON.stringify(expected)})`;
      if (expected.region === 'part') {
        const report = await verifyArchive(tampered(), key);
        assert.equal(report.ok, false, said);
        assert.deepEqual(
          report.parts.filter((p) => !p.ok).map((p) => p.name),
          [expected.part],
          said,
        );
        const failed = report.parts.find((p) => !p.ok)!;
        assert.match(failed.error!, new RegExp(`part '${expected.part}': record \\d+ of \\d+ \\(archive bytes \\d+-\\d+\\) fails authentication`), said);
        assert.throws(
          () => assertVerified(report),
          (error: unknown) => error instanceof ArchiveDamagedError && error.part === expected.part,
          said,
        );
      } else {
        await assert.rejects(
          verifyArchive(tampered(), key),
          (error: unknown) => {
            assert.ok(error instanceof RocketError, said);
            if (error instanceof ArchiveDamagedError) assert.equal(error.region, expected.region, `${said}: ${error.message}`);
            // The magic bytes: the file is no longer recognisable as an archive at all.
            else assert.ok(offset < 8 && /is not a rocketctl backup archive/.test(error.message), `${said}: ${error.message}`);
            assert.match(error.message, new RegExp(`${expected.region}|not a rocketctl backup archive`), said);
            return true;
          },
          said,
        );
      }
    }
    assert.deepEqual([...seen].sort(), ['header', 'manifest', 'trailer', ...Object.keys(CONTENTS)].sort());
    assert.ok(offsets.length > 250, `${offsets.length} offsets`);
  });

  test('openPart emits the records before a damaged one, then errors naming the part: never the damaged bytes', async () => {
    const part = reference.manifest.parts.find((p) => p.name === 'postgres/dump.sql')!;
    const copy = Buffer.from(reference.bytes);
    copy[part.offset + (RECORD + TAG_BYTES) * 2 + 5]! ^= 0x01;
    await writeFile(tampered(), copy);
    const stream = await openPart(tampered(), key, 'postgres/dump.sql');
    const received: Buffer[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) received.push(chunk as Buffer);
      })(),
      (error: unknown) => error instanceof ArchiveDamagedError && /part 'postgres\/dump\.sql': record 3 of 5/.test(error.message),
    );
    assert.deepEqual(Buffer.concat(received), CONTENTS['postgres/dump.sql']!.subarray(0, 2 * RECORD));
  });

  test('a truncated archive, or one with bytes appended, is refused', async () => {
    const { bytes } = reference;
    const cuts = [
      bytes.length - 1,
      bytes.length - TRAILER_BYTES,
      bytes.length - TRAILER_BYTES - 1,
      lastPartEnd(),
      3000,
      HEADER_BYTES + 10,
      HEADER_BYTES,
      50,
      0,
    ];
    for (const length of cuts) {
      await writeFile(tampered(), bytes.subarray(0, length));
      await assert.rejects(verifyArchive(tampered(), key), RocketError, `cut to ${length} bytes`);
    }
    for (const extra of [Buffer.from([0]), Buffer.from('\n'), bytes.subarray(bytes.length - TRAILER_BYTES)]) {
      await writeFile(tampered(), Buffer.concat([bytes, extra]));
      await assert.rejects(
        verifyArchive(tampered(), key),
        (error: unknown) => error instanceof ArchiveDamagedError && error.region === 'trailer',
        `${extra.length} bytes appended`,
      );
    }
  });

  test('records swapped between two parts, or within one part, are refused in both places', async () => {
    const target = file('twins.rcbk');
    const twin = { 'a/first.bin': bytesOf('a', 2 * RECORD), 'b/second.bin': bytesOf('b', 2 * RECORD) };
    const manifest = await writeArchive(target, partsOf(twin), { key, project: 'rocket', recordSize: RECORD });
    const original = await readFile(target);
    const [a, b] = manifest.parts as [ArchiveManifest['parts'][0], ArchiveManifest['parts'][0]];
    const size = RECORD + TAG_BYTES;
    const between = Buffer.from(original);
    original.copy(between, a.offset, b.offset, b.offset + size);
    original.copy(between, b.offset, a.offset, a.offset + size);
    await writeFile(tampered(), between);
    const report = await verifyArchive(tampered(), key);
    assert.deepEqual(
      report.parts.map((p) => [p.name, p.ok]),
      [
        ['a/first.bin', false],
        ['b/second.bin', false],
      ],
    );
    assert.match(report.parts[0]!.error!, /part 'a\/first\.bin': record 1 of 2/);
    assert.match(report.parts[1]!.error!, /part 'b\/second\.bin': record 1 of 2/);

    // Within one part, the first (full) record and the last (full too) swap places: same length, other positions.
    const within = Buffer.from(original);
    original.copy(within, a.offset, a.offset + size, a.offset + 2 * size);
    original.copy(within, a.offset + size, a.offset, a.offset + size);
    await writeFile(tampered(), within);
    assert.deepEqual(
      (await verifyArchive(tampered(), key)).parts.map((p) => p.ok),
      [false, true],
    );
  });

  test('a record moved from another archive (same key, same layout) is refused', async () => {
    const first = file('first.rcbk');
    const second = file('second.rcbk');
    const contents = { 'a/first.bin': bytesOf('a', 2 * RECORD) };
    const manifest = await writeArchive(first, partsOf(contents), { key, project: 'rocket', recordSize: RECORD });
    await writeArchive(second, partsOf(contents), { key, project: 'rocket', recordSize: RECORD });
    const moved = await readFile(second);
    (await readFile(first)).copy(moved, manifest.parts[0]!.offset, manifest.parts[0]!.offset, manifest.parts[0]!.offset + RECORD + TAG_BYTES);
    await writeFile(tampered(), moved);
    assert.equal((await verifyArchive(tampered(), key)).parts[0]!.ok, false);
  });
});

describe('keys', () => {
  const message = /^the key does not open this archive/;

  test('a wrong key gets one clear message, before any part is read (even when every record is damaged too)', async () => {
    const copy = Buffer.from(reference.bytes);
    for (const part of reference.manifest.parts) copy[part.offset + part.length - 1]! ^= 0xff;
    await writeFile(file('wrong-key.rcbk'), copy);
    for (const target of [reference.file, file('wrong-key.rcbk')]) {
      await assert.rejects(verifyArchive(target, otherKey), (error: unknown) => {
        assert.ok(error instanceof WrongKeyError && error instanceof UsageError);
        assert.match(error.message, message);
        assert.match(error.message, /another key/);
        return true;
      });
      await assert.rejects(openPart(target, otherKey, 'postgres/dump.sql'), WrongKeyError);
    }
  });

  test('a wrong passphrase gets the same message; a key for a passphrase archive says which one it needs', async () => {
    const target = file('passphrase.rcbk');
    await assert.rejects(verifyArchive(target, passphraseKey('correct horse battery stapler', 'ROCKETCTL_BACKUP_PASSPHRASE')), (error: unknown) => {
      assert.ok(error instanceof WrongKeyError);
      assert.match(error.message, message);
      return true;
    });
    await assert.rejects(verifyArchive(target, key), /written with a passphrase, and test key is a key/);
    await assert.rejects(verifyArchive(reference.file, passphraseKey('correct horse battery staple', 'p')), /written with a key, and p is a passphrase/);
  });

  test('a passphrase shorter than 12 characters is refused for writing, before any file exists', async () => {
    await assert.rejects(writeArchive(file('weak.rcbk'), partsOf(CONTENTS), { key: passphraseKey('short', 'the passphrase'), project: 'rocket' }), UsageError);
    assert.equal(existsSync(file('weak.rcbk')), false);
  });

  test('a file that is no archive, or is missing, is a usage error', async () => {
    await writeFile(file('not-an-archive.txt'), 'hello, this is not an archive at all, but it is long enough to hold a header and a trailer\n'.repeat(3));
    await assert.rejects(
      verifyArchive(file('not-an-archive.txt'), key),
      (error: unknown) => error instanceof UsageError && /is not a rocketctl backup archive/.test(error.message),
    );
    await assert.rejects(verifyArchive(file('missing.rcbk'), key), (error: unknown) => error instanceof UsageError && /does not exist/.test(error.message));
  });
});

describe('writing through a temporary file', () => {
  const tempFiles = async () => (await readdir(dir)).filter((name) => name.endsWith('.tmp'));

  test('while a part is being written, only a 0600 temporary file exists; the final name appears at the end', async () => {
    const target = file('in-progress.rcbk');
    const observed: { final: boolean; temps: string[]; mode: number }[] = [];
    async function* slowPart() {
      yield bytesOf('slow', 3 * RECORD);
      const temps = await tempFiles();
      observed.push({ final: existsSync(target), temps, mode: (await stat(path.join(dir, temps[0]!))).mode & 0o777 });
      yield bytesOf('slow-end', 10);
    }
    await writeArchive(target, [{ name: 'slow/part', content: slowPart() }], { key, project: 'rocket', recordSize: RECORD });
    assert.equal(observed.length, 1);
    assert.equal(observed[0]!.final, false);
    assert.equal(observed[0]!.temps.length, 1);
    assert.match(observed[0]!.temps[0]!, /^in-progress\.rcbk\.[0-9a-f]{12}\.tmp$/);
    assert.equal(observed[0]!.mode, 0o600);
    assert.equal(existsSync(target), true);
    assert.deepEqual(await tempFiles(), []);
  });

  test('a part whose stream fails, or an abort, leaves nothing under the final name and no temporary file', async () => {
    const target = file('interrupted.rcbk');
    const failing = new Readable({ read() {} });
    failing.push(bytesOf('x', 4 * RECORD));
    setImmediate(() => failing.destroy(new Error('pg_dump exited with code 1')));
    await assert.rejects(
      writeArchive(
        target,
        [
          { name: 'secrets/secrets.env', content: CONTENTS['secrets/secrets.env']! },
          { name: 'postgres/dump.sql', content: failing },
        ],
        { key, project: 'rocket', recordSize: RECORD },
      ),
      (error: unknown) => {
        assert.ok(error instanceof OperationError);
        assert.match(error.message, /part 'postgres\/dump\.sql' could not be read: pg_dump exited with code 1/);
        return true;
      },
    );
    assert.equal(existsSync(target), false);
    assert.deepEqual(await tempFiles(), []);

    // The same while the part is being read: a record of it is written already.
    async function* failsMidway() {
      yield bytesOf('w', 3 * RECORD);
      throw new Error('pg_dump exited with code 2');
    }
    const later = new Readable({ read() {} });
    await assert.rejects(
      writeArchive(
        target,
        [
          { name: 'postgres/dump.sql', content: failsMidway() },
          { name: 'couchdb/telemetry.ndjson', content: later },
        ],
        { key, project: 'rocket', recordSize: RECORD },
      ),
      /part 'postgres\/dump\.sql' could not be read: pg_dump exited with code 2/,
    );
    assert.equal(later.destroyed, true, 'a stream never reached is destroyed');
    assert.equal(existsSync(target), false);
    assert.deepEqual(await tempFiles(), []);

    const controller = new AbortController();
    async function* abortedMidway() {
      yield bytesOf('y', 3 * RECORD);
      controller.abort();
      yield bytesOf('z', 3 * RECORD);
    }
    await assert.rejects(
      writeArchive(target, [{ name: 'postgres/dump.sql', content: abortedMidway() }], {
        key,
        project: 'rocket',
        recordSize: RECORD,
        signal: controller.signal,
      }),
      InterruptedError,
    );
    assert.equal(existsSync(target), false);
    assert.deepEqual(await tempFiles(), []);
  });

  test('a process killed mid-write leaves nothing under the final name', async () => {
    const target = file('killed.rcbk');
    const module = fileURLToPath(new URL('./write-archive.js', import.meta.url));
    const script = `
      import { writeArchive } from ${JSON.stringify(module)};
      async function* endless() { for (;;) { yield Buffer.alloc(4096, 7); await new Promise((r) => setTimeout(r, 5)); } }
      setTimeout(() => process.stderr.write('writing\\n'), 200);
      await writeArchive(${JSON.stringify(target)}, [{ name: 'postgres/dump.sql', content: endless() }], { key: { kind: 'raw', key: Buffer.alloc(32, 1), origin: 'k' }, project: 'p', recordSize: 1024 });
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    await once(child.stderr, 'data');
    const temps = await tempFiles();
    assert.equal(temps.length, 1, 'the child is writing its temporary file');
    assert.ok((await stat(path.join(dir, temps[0]!))).size > HEADER_BYTES);
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(existsSync(target), false);
    await rm(path.join(dir, temps[0]!));
  });

  test('an existing archive is never replaced unless asked; bad part names are refused and nothing is written', async () => {
    const target = file('existing.rcbk');
    await writeFile(target, 'an older backup');
    await assert.rejects(
      writeArchive(target, partsOf(CONTENTS), { key, project: 'rocket' }),
      (error: unknown) => error instanceof UsageError && /exists already/.test(error.message),
    );
    assert.equal(await readFile(target, 'utf8'), 'an older backup');
    await writeArchive(target, [{ name: 'a/b', content: Buffer.from('new') }], { key, project: 'rocket', replace: true });
    assert.equal((await verifyArchive(target, key)).ok, true);

    for (const name of ['../escape', '/absolute', 'a//b', '.hidden', 'a/./b', '', 'spaces in name']) {
      await assert.rejects(writeArchive(file('names.rcbk'), [{ name, content: Buffer.from('x') }], { key, project: 'rocket' }), UsageError, name);
    }
    await assert.rejects(
      writeArchive(
        file('names.rcbk'),
        [
          { name: 'a', content: Buffer.from('x') },
          { name: 'a', content: Buffer.from('y') },
        ],
        { key, project: 'rocket' },
      ),
      /given twice/,
    );
    assert.equal(existsSync(file('names.rcbk')), false);
    assert.deepEqual(await tempFiles(), []);
  });
});
