/**
 * The CI smoke job (run by .ci/run after the tests): the operator's path on the lab, through the CLI only:
 * `up` → `checklist --resume` → the workers started (`workers start`, in the background as a service manager
 * would) → `checklist --json`, which must be all green (a disabled service is `skipped`) → Ctrl-C to the
 * workers (exit 130) → `down --volumes --yes`. Any red step fails CI; the JUnit report is kept in the log folder.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ChecklistReport } from '../../src/checklist/report.js';
import { retry } from '../../src/shared/retry.js';
import { ROCKETCTL_BIN, rocketctl } from '../support/cli.js';
import { createLabProject } from '../support/lab-project.js';
import { logDir } from './lab-paths.js';

const project = await createLabProject('rocketctl-ci-smoke', '{}', { portOffset: 6000 });
const failures: string[] = [];
const step = async (args: string[]) => {
  const started = Date.now();
  const result = await rocketctl(args, { cwd: project.dir });
  console.error(`smoke: rocketctl ${args.join(' ')} → exit ${result.exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
};
const workers = { exited: Promise.resolve<number | null>(null), stop: () => undefined as void };
try {
  const up = await step(['up']);
  if (up.exitCode !== 0) throw new Error(`up failed:\n${up.stderr}`);
  await step(['checklist', '--resume']);
  const child = spawn(process.execPath, [ROCKETCTL_BIN, 'workers', 'start', '--port', '0'], { cwd: project.dir, stdio: ['ignore', 'ignore', 'inherit'] });
  workers.exited = new Promise((resolve) => child.on('exit', resolve));
  workers.stop = () => void child.kill('SIGINT');
  await retry(
    async () => {
      if ((await rocketctl(['workers', 'status'], { cwd: project.dir })).exitCode !== 0) throw new Error('the workers are not all running and healthy');
    },
    { timeoutMs: 90_000, intervalMs: 1_000, what: 'the workers' },
  );
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
  workers.stop();
  const code = await workers.exited;
  if (code !== null && code !== 130) failures.push(`the workers exited ${code} after Ctrl-C (expected 130)`);
  const down = await step(['down', '--volumes', '--yes']);
  if (down.exitCode !== 0) failures.push(`down exited ${down.exitCode}`);
  await project.cleanup();
}
for (const failure of failures) console.error(`smoke: FAILED: ${failure}`);
process.exit(failures.length > 0 ? 1 : 0);
