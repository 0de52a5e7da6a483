/**
 * The CI smoke job (run by .ci/run after the tests): the operator's path on the lab, through the CLI only, with no
 * helper: `up` → `checklist --resume` (exit 0) → `checklist --json --junit` all green (a disabled service is
 * `skipped`) → the workers' container killed (as a crash would) → green again without any command →
 * `down --volumes --yes`. Any red step fails CI; the JUnit report is kept in the log folder.
 * `--project DIR`: the same path on a project already brought up (CI passes the one `npm start` made), so the job
 * also proves that `up` and `checklist --resume` on it are quick no-ops; it is taken down with its volumes after.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { ChecklistReport } from '../../src/checklist/report.js';
import { retry } from '../../src/shared/retry.js';
import { rocketctl } from '../support/cli.js';
import { createLabProject } from '../support/lab-project.js';
import { logDir } from './lab-paths.js';
import { loadConfig } from '../../src/config/load.js';

const given = process.argv.indexOf('--project');
const givenDir = given > 0 ? path.resolve(process.argv[given + 1] ?? '.') : null;
// `workers: {}`: every worker on, as the product's defaults have it (the lab config turns them off for other tests).
const project = givenDir ? { dir: givenDir, cleanup: async () => {} } : await createLabProject('rocketctl-ci-smoke', '{ workers: {} }', { portOffset: -4000 });
const PROJECT = (await loadConfig({ cwd: project.dir, env: process.env })).project;
const failures: string[] = [];
const step = async (args: string[]) => {
  const started = Date.now();
  const result = await rocketctl(args, { cwd: project.dir, timeoutMs: 600_000 });
  console.error(`smoke: rocketctl ${args.join(' ')} → exit ${result.exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
};
const greenReport = async (junit?: string) => {
  const verify = await step(['--json', 'checklist', ...(junit ? ['--junit', junit] : [])]);
  const report = JSON.parse(verify.stdout) as ChecklistReport;
  const red = report.steps.filter((s) => s.status !== 'ok' && s.status !== 'skipped');
  return { verify, report, red };
};
try {
  const up = await step(['up']);
  if (up.exitCode !== 0) throw new Error(`up failed:\n${up.stderr}`);
  const resumed = await step(['checklist', '--resume']);
  if (resumed.exitCode !== 0) failures.push(`checklist --resume exited ${resumed.exitCode}:\n${resumed.stdout}\n${resumed.stderr}`);
  mkdirSync(logDir, { recursive: true });
  const junit = path.join(logDir, 'checklist-junit.xml');
  const { verify, report, red } = await greenReport(junit);
  for (const s of report.steps) console.error(`smoke:   ${s.status.padEnd(8)} ${s.id.padEnd(17)} ${s.cause ?? s.detail ?? ''}`);
  if (red.length > 0) failures.push(`red steps: ${red.map((s) => `${s.id} (${s.status}: ${s.cause ?? ''}; fix: ${s.fix ?? '-'})`).join(', ')}`);
  else console.error(`smoke: checklist green (exit ${verify.exitCode}); JUnit: ${junit}`);
  if (verify.exitCode !== 0) failures.push(`checklist exited ${verify.exitCode}`);
  // A crash of the workers' container (its init killed, as the OOM killer would): the engine restarts it.
  const pid = (await execa('docker', ['inspect', '-f', '{{.State.Pid}}', `${PROJECT}-workers`])).stdout.trim();
  await execa('kill', ['-KILL', pid]);
  const killed = Date.now();
  console.error(`smoke: killed the workers' container (pid ${pid}); waiting for green with no command`);
  await retry(
    async () => {
      const again = await greenReport();
      if (again.red.length > 0 || again.verify.exitCode !== 0) throw new Error(again.red.map((s) => `${s.id}: ${s.cause ?? ''}`).join('; '));
    },
    { timeoutMs: 90_000, intervalMs: 2_000, onGiveUp: (error) => error as Error },
  ).then(
    () => console.error(`smoke: green again ${((Date.now() - killed) / 1000).toFixed(1)} s after the kill`),
    (error: Error) => failures.push(`not green again within 90 s of the kill: ${error.message}`),
  );
} catch (error) {
  failures.push((error as Error).message);
} finally {
  const down = await step(['down', '--volumes', '--yes']);
  if (down.exitCode !== 0) failures.push(`down exited ${down.exitCode}`);
  await project.cleanup();
}
for (const failure of failures) console.error(`smoke: FAILED: ${failure}`);
process.exit(failures.length > 0 ? 1 : 0);
