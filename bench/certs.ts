/**
 * bench/certs: `rocketctl certs gen` into an empty folder against the openssl+keytool baseline script
 * that makes the same set, in one invocation; then the no-op re-run. Prints wall times and ratios.
 * Run: npm run bench:certs [-- --rounds N]
 */
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/rocketctl.js');
const BASELINE = path.join(ROOT, 'bench/baseline-certs.sh');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const cold: number[] = [];
const noop: number[] = [];
const baseline: number[] = [];
for (let round = 0; round < rounds; round++) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-bench-'));
  try {
    baseline.push(await timed(() => execa('bash', [BASELINE, path.join(dir, 'baseline')])));
    const project = path.join(dir, 'project');
    await execa('mkdir', ['-p', project]);
    cold.push(await timed(() => execa(process.execPath, [BIN, 'certs', 'gen'], { cwd: project })));
    noop.push(await timed(() => execa(process.execPath, [BIN, 'certs', 'gen'], { cwd: project })));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const fmt = (s: number) => `${s.toFixed(3)} s`;
console.log(`bench/certs (${rounds} rounds, median; ${os.cpus().length} cores)`);
console.log(`  baseline openssl+keytool script : ${fmt(median(baseline))}`);
console.log(`  rocketctl certs gen (cold)      : ${fmt(median(cold))}`);
console.log(`  rocketctl certs gen (no-op)     : ${fmt(median(noop))}`);
console.log(`  ratio cold / baseline           : ${(median(cold) / median(baseline)).toFixed(3)}   (target <= 0.25)`);
console.log(`  no-op re-run                    : ${fmt(median(noop))}   (target <= 0.5 s)`);
