/**
 * `npm test [-- FILTER...]`: makes the lab ready (host packages, docker engine, images; seconds when warm),
 * then runs every compiled *.test.js (unit tests beside the code, integration and end-to-end under test/)
 * with node's built-in runner. FILTER keeps only test files whose path contains one of the words.
 * `--unit` (npm run test:unit) runs only the unit ring beside the code: no lab, no Docker, no root.
 * `--swarm` (npm run test:swarm) runs only the multi-host ring under test/swarm/ (three nested Docker nodes).
 * `--package` (npm run test:package) runs only the package ring under test/package/: `npm pack`, the tarball installed
 * as users install it, run from empty folders; no Docker, so no lab.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLab } from './lab/ensure-lab.js';

const DIST = fileURLToPath(new URL('../', import.meta.url));

async function findTests(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return findTests(full);
      return Promise.resolve(entry.name.endsWith('.test.js') ? [full] : []);
    }),
  );
  return nested.flat().sort();
}

const unitOnly = process.argv.includes('--unit');
// Rings of their own, not part of the whole run: each has its npm script (and its step in .ci/run).
const OWN_RINGS = { '--swarm': path.join(DIST, 'test', 'swarm'), '--package': path.join(DIST, 'test', 'package') };
const ownRing = Object.entries(OWN_RINGS).find(([flag]) => process.argv.includes(flag))?.[1];
const filters = process.argv.slice(2).filter((arg) => arg !== '--unit' && !(arg in OWN_RINGS));
const inOwnRing = (file: string) => Object.values(OWN_RINGS).some((ring) => file.startsWith(ring + path.sep));
const all = ownRing
  ? await findTests(ownRing)
  : [...(await findTests(path.join(DIST, 'src'))), ...(unitOnly ? [] : (await findTests(path.join(DIST, 'test'))).filter((file) => !inOwnRing(file)))];
// Matched below dist/, so a word in the checkout's own path (e.g. a folder named after a feature) selects nothing extra.
const selected = filters.length === 0 ? all : all.filter((file) => filters.some((f) => path.relative(DIST, file).includes(f)));
if (selected.length === 0) {
  console.error(`no test file matches ${filters.join(', ')}`);
  process.exit(2);
}

if (!unitOnly) {
  const lab = await ensureLab({ log: (line) => console.error(`lab: ${line}`) });
  console.error(`lab: ready in ${lab.seconds.toFixed(1)} s${lab.built.length ? ` (built ${lab.built.join(', ')})` : ''}`);
}

// One file at a time: lab tests start containers and the machine has 2 cores. --test-force-exit: a file whose
// tests have all reported exits even if a handle it leaked (a test's own listener, on a failure path) is still
// open; without it CI waited on such a file forever. The product's own shutdown is checked in child processes.
// The tests read the plain text a script would see: a machine that forces colour (FORCE_COLOR, or a CI variable some
// tools honour) must not paint it, so every tool the tests start inherits NO_COLOR and no FORCE_COLOR.
const { FORCE_COLOR: _forced, ...plainEnv } = process.env;
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-force-exit', ...selected], {
  stdio: 'inherit',
  env: { ...plainEnv, NO_COLOR: '1' },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
