/**
 * The CI smoke job (run by .ci/run after the tests): the operator's path on the lab, through the CLI only:
 * `up` → `checklist --resume` → the workers started (`workers start`, in the background as a service manager
 * would) → `checklist --json`, which must be all green (a disabled service is `skipped`) → Ctrl-C to the
 * workers (exit 130) → `down --volumes --yes`. Any red step fails CI; the JUnit report is kept in the log folder.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ChecklistReport } from '../../src/checklist/report.js';
import { startWorkersInBackground, type BackgroundWorkers } from '../support/background-workers.js';
import { rocketctl } from '../support/cli.js';
import { createLabProject } from '../support/lab-project.js';
import { logDir } from './lab-paths.js';

const project = await createLabProject('rocketctl-ci-smoke', '{}', { portOffset: -4000 });
const failures: string[] = [];
const step = async (args: string[]) => {
  const started = Date.now();
  const result = await rocketctl(args, { cwd: project.dir });
  console.error(`smoke: rocketctl ${args.join(' ')} → exit ${result.exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
};
let workers: BackgroundWorkers | undefined;
try {
  const up = await step(['up']);
  if (up.exitCode !== 0) throw new Error(`up failed:\n${up.stderr}`);
  await step(['checklist', '--resume']);
  workers = await startWorkersInBackground(project.dir);
  mkdirSync(logDir, { recursive: true });
  const junit = path.join(logDir, 'checklist-junit.xml');
  const verify = await step(['--json', 'checklist', '--junit', junit]);
  const report = JSON.parse(verify.stdout) as ChecklistReport;
  for (const s of report.steps) console.error(`smoke:   ${s.status.padEnd(8)} ${s.id.padEnd(17)} ${s.cause ?? s.detail ?? ''}`);
  const red = report.steps.filter((s) => s.status !== 'ok' && s.status !== 'skipped');
  if (red.length > 0) failures.push(`red steps: ${red.map((s) => `${s.id} (${s.status}: ${s.cause ?? ''}; fix: ${s.fix ?? '-'})`).join(', ')}`);
  else console.error(`smoke: checklist green (exit ${verify.exitCode}); JUnit: ${junit}`);
  if (verify.exitCode !== 0) failures.push(`checklist exited ${verify.exitCode}`);
} catch (error) {
  failures.push((error as Error).message);
} finally {
  const code = await workers?.stop();
  if (code !== undefined && code !== 130) failures.push(`the workers exited ${code} after Ctrl-C (expected 130)`);
  const down = await step(['down', '--volumes', '--yes']);
  if (down.exitCode !== 0) failures.push(`down exited ${down.exitCode}`);
  await project.cleanup();
}
for (const failure of failures) console.error(`smoke: FAILED: ${failure}`);
process.exit(failures.length > 0 ? 1 : 0);
