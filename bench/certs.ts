/**
 * bench/certs: `rocketctl certs gen` into an empty folder against the openssl+keytool baseline script that
 * makes the same set, for both key algorithms, in one invocation (runs interleaved round by round, so the
 * machine's load hits all of them alike); then the no-op re-run. Prints median wall times and ratios.
 * The target (cold / baseline <= 0.25) is against the old way: the RSA-2048 script.
 * Run: npm run bench:certs [-- --rounds N]
 */
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/rocketctl.js');
const BASELINE = path.join(ROOT, 'bench/baseline-certs.sh');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
const ALGORITHMS = ['ecdsa-p256', 'rsa-2048'] as const;

// `default` is a project without a config file (ECDSA P-256); the others name tls.keyAlgorithm in one.
const VARIANTS = [{ name: 'default (no config file)', config: null }, ...ALGORITHMS.map((algorithm) => ({ name: algorithm, config: algorithm }))];

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const baseline = new Map<string, number[]>(ALGORITHMS.map((a) => [a, []]));
const cold = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
const noop = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));

for (let round = 0; round < rounds; round++) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-bench-'));
  try {
    for (const algorithm of ALGORITHMS) {
      baseline.get(algorithm)!.push(await timed(() => execa('bash', [BASELINE, path.join(dir, `baseline-${algorithm}`), algorithm])));
    }
    for (const variant of VARIANTS) {
      const project = path.join(dir, `project-${variant.config ?? 'default'}`);
      await mkdir(project);
      if (variant.config) {
        await writeFile(
          path.join(project, 'rocketctl.config.ts'),
          `import { defineConfig } from 'rocketctl';\nexport default defineConfig({ tls: { keyAlgorithm: '${variant.config}' } });\n`,
        );
      }
      cold.get(variant.name)!.push(await timed(() => execa(process.execPath, [BIN, 'certs', 'gen'], { cwd: project })));
      noop.get(variant.name)!.push(await timed(() => execa(process.execPath, [BIN, 'certs', 'gen'], { cwd: project })));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const fmt = (s: number) => `${s.toFixed(3)} s`;
const oldWay = median(baseline.get('rsa-2048')!);
console.log(`bench/certs (${rounds} rounds, median; ${os.cpus().length} cores)`);
for (const algorithm of ALGORITHMS) console.log(`  baseline openssl+keytool script, ${algorithm.padEnd(10)} : ${fmt(median(baseline.get(algorithm)!))}`);
for (const variant of VARIANTS) {
  const sameAlgorithm = median(baseline.get(variant.config ?? 'ecdsa-p256')!);
  const c = median(cold.get(variant.name)!);
  console.log(`  rocketctl certs gen, ${variant.name}`);
  console.log(
    `    cold                            : ${fmt(c)}   ratio to the old way (RSA script) ${(c / oldWay).toFixed(3)} (target <= 0.25), to the same-algorithm script ${(c / sameAlgorithm).toFixed(3)}`,
  );
  console.log(`    no-op re-run                    : ${fmt(median(noop.get(variant.name)!))}   (target <= 0.5 s)`);
}
