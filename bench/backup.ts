/**
 * bench/backup: `rocketctl backup`, `backup verify`, `drill` and `restore --force` on a lab stack holding the seeded
 * schemas plus DOCS observer-sized CouchDB documents, against the raw tools on the same data in the same run:
 * `pg_dumpall` alone (inside the Postgres container) and a `tar` of every data volume of the project (out to a file,
 * then into fresh volumes). Prints seconds, MB and MB/s, and the ratio of each command to its raw baseline; then
 * counts the documents after the restore with its own client. Run: npm run bench:backup (needs the lab: npm run lab).
 */
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { rocketctl } from '../test/support/cli.js';
import { createLabProject } from '../test/support/lab-project.js';
import { couchRequest, storeEndpoints } from '../test/support/store-clients.js';

const DOCS = 100_000;
const BATCH = 1_000;
const PROJECT = 'rocketctl-bench-backup';
const BASE_IMAGE = 'rocketctl-lab/base:bookworm';

const key = randomBytes(32).toString('base64');
const project = await createLabProject(PROJECT, '{}', { portOffset: -4000 });
const cli = async (...args: string[]) => {
  const result = await rocketctl(args, { cwd: project.dir, timeoutMs: 1_800_000, env: { ROCKETCTL_BACKUP_KEY: key } });
  if (result.exitCode !== 0) throw new Error(`rocketctl ${args.join(' ')} exit ${result.exitCode}:\n${result.stderr.slice(-2000)}`);
  return result;
};
const timed = async <T>(run: () => Promise<T>): Promise<[number, T]> => {
  const started = process.hrtime.bigint();
  const value = await run();
  return [Number(process.hrtime.bigint() - started) / 1e9, value];
};
const mb = (bytes: number) => bytes / 1e6;
const line = (name: string, seconds: number, bytes?: number, baseline?: number) =>
  console.log(
    `${name.padEnd(52)} ${seconds.toFixed(1).padStart(7)} s` +
      (bytes === undefined
        ? ''
        : `  ${mb(bytes)
            .toFixed(mb(bytes) < 1 ? 3 : 1)
            .padStart(7)} MB  ${(mb(bytes) / seconds).toFixed(1).padStart(6)} MB/s`) +
      (baseline === undefined ? '' : `  ${(seconds / baseline).toFixed(2).padStart(5)}× raw`),
  );
const scratch = path.join(os.tmpdir(), `${PROJECT}-volumes`);

try {
  await cli('up');
  await cli('seed');
  const at = await storeEndpoints((...args: string[]) => cli(...args), project.dir);
  const auth = `observer_writer:${(await cli('secrets', 'get', 'observer_writer_password')).stdout.trim()}`;
  for (let n = 0; n < DOCS; n += BATCH) {
    const docs = Array.from({ length: BATCH }, (_, i) => ({
      _id: `obs-${String(n + i).padStart(8, '0')}`,
      type: 'telemetry',
      ts: Date.now(),
      payload: randomBytes(300).toString('base64'),
    }));
    const answer = await couchRequest(at('couchdb', 'https'), 'POST', '/telemetry/_bulk_docs', { auth, body: { docs } });
    if (answer.status !== 201) throw new Error(`_bulk_docs answered ${answer.status}`);
  }
  const before = (await couchRequest(at('couchdb', 'https'), 'GET', '/telemetry', { auth })).json.doc_count as number;

  // The raw tools first, on the same data.
  const [pgSeconds, pgBytes] = await timed(async () => {
    const dump = await execa('docker', [
      'exec',
      `${PROJECT}-postgres`,
      'sh',
      '-c',
      'PGPASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")" pg_dumpall -U postgres | wc -c',
    ]);
    return Number(dump.stdout.trim());
  });
  const volumes = (await execa('docker', ['volume', 'ls', '-q', '--filter', `label=org.rocketctl.project=${PROJECT}`])).stdout.split('\n').filter(Boolean);
  await rm(scratch, { recursive: true, force: true });
  await execa('mkdir', ['-p', scratch]);
  const [tarOutSeconds] = await timed(async () => {
    for (const volume of volumes) await execa('sh', ['-c', `docker run --rm -v ${volume}:/d:ro ${BASE_IMAGE} tar -C /d -cf - . > ${scratch}/${volume}.tar`]);
  });
  let tarBytes = 0;
  for (const volume of volumes) tarBytes += (await stat(`${scratch}/${volume}.tar`)).size;
  const [tarInSeconds] = await timed(async () => {
    for (const volume of volumes)
      await execa('sh', ['-c', `docker run --rm -i -v ${volume}-scratch:/d ${BASE_IMAGE} tar -C /d -xf - < ${scratch}/${volume}.tar`]);
  });
  await execa('docker', ['volume', 'rm', ...volumes.map((volume) => `${volume}-scratch`)]);

  const archive = path.join(project.dir, 'bench.rocketctl-backup');
  const [backupSeconds] = await timed(() => cli('backup', '--out', archive));
  const archiveBytes = (await stat(archive)).size;
  const [verifySeconds] = await timed(() => cli('backup', 'verify', archive));
  const [drillSeconds, drill] = await timed(() => cli('--json', 'drill', archive));
  const drilled = JSON.parse(drill.stdout) as { ok: boolean; restoreSeconds: number; rows: { unit: string; restored: { count: number } | null }[] };
  const [restoreSeconds] = await timed(() => cli('restore', archive, '--force'));
  const after = (await couchRequest(at('couchdb', 'https'), 'GET', '/telemetry', { auth })).json.doc_count as number;

  console.log(`backup and restore of a seeded lab stack plus ${DOCS.toLocaleString('en')} CouchDB documents (${volumes.length} data volumes)`);
  line('pg_dumpall alone (raw)', pgSeconds, pgBytes);
  line('tar of every data volume, out (raw)', tarOutSeconds, tarBytes);
  line('tar of every data volume, back in (raw)', tarInSeconds, tarBytes);
  line('rocketctl backup', backupSeconds, archiveBytes, tarOutSeconds);
  line('rocketctl backup verify', verifySeconds, archiveBytes);
  line('rocketctl restore --force (down, load, checklist)', restoreSeconds, archiveBytes, tarInSeconds);
  line(`rocketctl drill (restore ${drilled.restoreSeconds.toFixed(1)} s + compare)`, drillSeconds);
  console.log(
    `documents: ${before} before, ${after} after the restore (${before - after} lost); drill ${drilled.ok ? 'same' : 'DIFFERENT'}, its couchdb telemetry: ${drilled.rows.find((r) => r.unit === 'couchdb telemetry')?.restored?.count}`,
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
  await project.cleanup();
}
