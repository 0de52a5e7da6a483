#!/usr/bin/env node
/**
 * `npm run lab [-- --rebuild [NAME...]]`: builds (or checks) the test lab on purpose.
 * The test runner calls ensureLab() itself; this is for a first build, a forced rebuild, or CI warm-up.
 */
import { exitCodeFor, RocketError } from '../../src/shared/errors.js';
import { ensureLab } from './ensure-lab.js';
import { LAB_IMAGES, type LabImageName } from './lab-images.js';

const USAGE = `usage: npm run lab [-- --rebuild [base|${LAB_IMAGES.map((i) => i.name).join('|')}...]]`;

function parseArgs(argv: string[]): { rebuild: boolean | (LabImageName | 'base')[] } {
  if (argv.length === 0) return { rebuild: false };
  const [flag, ...names] = argv;
  const known = new Set<string>(['base', ...LAB_IMAGES.map((i) => i.name)]);
  if (flag !== '--rebuild' || names.some((n) => !known.has(n))) {
    console.error(USAGE);
    process.exit(2);
  }
  return { rebuild: names.length === 0 ? true : (names as (LabImageName | 'base')[]) };
}

const { rebuild } = parseArgs(process.argv.slice(2));
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

try {
  const lab = await ensureLab({ signal: controller.signal, rebuild, log: (line) => console.error(`lab: ${line}`) });
  console.error(
    `lab: ready in ${lab.seconds.toFixed(1)} s (docker ${lab.engineVersion}; ${lab.built.length === 0 ? 'all images up to date' : `built ${lab.built.join(', ')}`})`,
  );
  for (const [name, tag] of Object.entries(lab.images)) console.log(`${name}\t${tag}`);
} catch (error) {
  if (controller.signal.aborted) {
    console.error('lab: interrupted');
    process.exit(130);
  }
  console.error(error instanceof Error ? error.message : String(error));
  if (error instanceof RocketError && error.hint) console.error(`hint: ${error.hint}`);
  process.exit(exitCodeFor(error));
}
