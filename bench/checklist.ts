/**
 * bench/checklist: on a lab stack brought to green by `checklist --resume` (and the workers started), the wall time of a verify-only
 * `checklist` and of `checklist --resume` on the all-green stack (targets: ≤ 3 s each), with `status` (the
 * readiness probes alone) as the baseline measured in the same run. Medians of ROUNDS runs, each a fresh
 * process as an operator runs it. Run: npm run bench:checklist (needs the lab: npm run lab).
 */
import { rocketctl } from '../test/support/cli.js';
import { startWorkersInBackground, type BackgroundWorkers } from '../test/support/background-workers.js';
import { createLabProject } from '../test/support/lab-project.js';

const ROUNDS = 5;
const TARGET_S = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const project = await createLabProject('rocketctl-bench-checklist', '{}', { portOffset: -5000 });
let workers: BackgroundWorkers | undefined;
try {
  const cli = (...args: string[]) => rocketctl(args, { cwd: project.dir });
  await cli('checklist', '--resume');
  workers = await startWorkersInBackground(project.dir);
  const green = await cli('checklist');
  if (green.exitCode !== 0) throw new Error(`the stack did not come up green:\n${green.stdout}`);
  const time = async (args: string[]) => {
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = process.hrtime.bigint();
      await cli(...args);
      samples.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    return median(samples);
  };
  const status = await time(['status']);
  const verify = await time(['checklist']);
  const resume = await time(['checklist', '--resume']);
  const row = (name: string, seconds: number, target?: number) =>
    console.log(
      `${name.padEnd(36)} ${seconds.toFixed(2).padStart(6)} s  ${(seconds / status).toFixed(2).padStart(5)}× status${target ? `  (target ≤ ${target} s: ${seconds <= target ? 'met' : 'NOT met'})` : ''}`,
    );
  console.log(`checklist on the lab stack, median of ${ROUNDS} fresh processes each`);
  row('status (baseline: readiness probes)', status);
  row('checklist (verify only)', verify, TARGET_S);
  row('checklist --resume (all green)', resume, TARGET_S);
} finally {
  await workers?.stop();
  await project.cleanup();
}
