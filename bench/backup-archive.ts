/**
 * bench/backup-archive: writes a synthetic backup archive (three parts read from one file, 200 MB unless --mb N) and
 * verifies it, against two baselines over the same bytes in the same run: a plain fs stream copy (for write: read,
 * write, fsync) and sha256 alone (for verify: the hashing every verify does anyway). Rounds run interleaved, so the
 * machine's load hits all of them alike; medians are printed, with MB = 10^6 bytes, and the resident memory the
 * write added (parts are streamed: it stays near a few records, whatever the size).
 * Run: npm run bench:backup [-- --mb 50 --rounds 3]
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BackupKey } from '../src/backup/backup-key.js';
import { openPart } from '../src/backup/open-part.js';
import { verifyArchive } from '../src/backup/verify-archive.js';
import { writeArchive } from '../src/backup/write-archive.js';

const option = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const megabytes = option('--mb', 200);
const rounds = option('--rounds', 3);
const size = megabytes * 1e6;
const key: BackupKey = { kind: 'raw', key: randomBytes(32), origin: 'bench key' };

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-bench-backup-'));
try {
  // Random content (one random MiB repeated): neither AES-GCM nor sha256 runs faster on any kind of data.
  const source = path.join(dir, 'source.bin');
  const block = randomBytes(1024 * 1024);
  const out = await open(source, 'w');
  for (let written = 0; written < size; written += block.length) await out.write(block, 0, Math.min(block.length, size - written));
  await out.close();
  const cuts = [0, Math.floor(size * 0.6), size - 64 * 1024, size];
  const partNames = ['postgres/dump.sql', 'couchdb/telemetry.ndjson', 'secrets/secrets.env'];
  const parts = () => partNames.map((name, i) => ({ name, content: createReadStream(source, { start: cuts[i]!, end: cuts[i + 1]! - 1 }) }));

  const times = { copy: [] as number[], write: [] as number[], sha256: [] as number[], verify: [] as number[], read: [] as number[] };
  let peakGrowth = 0;
  for (let round = 0; round < rounds; round++) {
    const copy = path.join(dir, 'copy.bin');
    const archive = path.join(dir, 'archive.rcbk');
    times.copy.push(await timed(() => pipeline(createReadStream(source), createWriteStream(copy, { flush: true }))));
    await rm(copy);

    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    times.write.push(await timed(() => writeArchive(archive, parts(), { key, project: 'bench' })));
    clearInterval(sampler);
    peakGrowth = Math.max(peakGrowth, peak - before);

    times.sha256.push(
      await timed(async () => {
        const hash = createHash('sha256');
        for await (const chunk of createReadStream(source)) hash.update(chunk as Buffer);
        hash.digest();
      }),
    );
    times.verify.push(
      await timed(async () => {
        const report = await verifyArchive(archive, key);
        if (!report.ok) throw new Error('the bench archive does not verify');
      }),
    );
    times.read.push(
      await timed(async () => {
        let bytes = 0;
        for (const name of partNames) for await (const chunk of await openPart(archive, key, name)) bytes += (chunk as Buffer).length;
        if (bytes !== size) throw new Error(`read ${bytes} bytes back, not ${size}`);
      }),
    );
    if (round === rounds - 1) console.log(`archive: ${((await stat(archive)).size / 1e6).toFixed(1)} MB for ${megabytes} MB of parts`);
    await rm(archive);
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rate = (seconds: number) => `${(size / 1e6 / seconds).toFixed(0).padStart(5)} MB/s`;
  const line = (label: string, seconds: number, ratio?: string) =>
    console.log(`  ${label.padEnd(34)}: ${seconds.toFixed(3)} s  ${rate(seconds)}${ratio ? `  ${ratio}` : ''}`);
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<keyof typeof times, number>;
  console.log(`bench/backup-archive (${megabytes} MB of parts, ${rounds} rounds, median; ${os.cpus().length} cores, page cache warm)`);
  line('baseline: fs stream copy + fsync', m.copy);
  line('archive write (encrypt + sha256)', m.write, `speed vs copy: ${(m.copy / m.write).toFixed(2)}`);
  line('baseline: sha256 alone', m.sha256);
  line('archive verify (decrypt + sha256)', m.verify, `speed vs sha256: ${(m.sha256 / m.verify).toFixed(2)}`);
  line('openPart, every part read through', m.read, `speed vs sha256: ${(m.sha256 / m.read).toFixed(2)}`);
  console.log(`  resident memory added by the write: ${(peakGrowth / 1e6).toFixed(1)} MB (peak, sampled every 10 ms)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
