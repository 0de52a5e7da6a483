/**
 * bench/checklist: on a lab stack brought to green by `checklist --resume` alone (the workers as the stack's member),
 * the wall time of a verify-only `checklist` and of `checklist --resume` on the all-green stack (targets: ≤ 3 s each;
 * verify ≤ 1.3× status), with `status` (the readiness probes alone) as the baseline measured in the same run.
 * Medians of ROUNDS runs, each a fresh process as an operator runs it. Run: npm run bench:checklist (needs the lab:
 * npm run lab).
 */
import { rocketctl } from '../test/support/cli.js';
import { createLabProject } from '../test/support/lab-project.js';

const ROUNDS = 5;
const TARGET_S = 3;
const TARGET_RATIO = 1.3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const project = await createLabProject('rocketctl-bench-checklist', '{ workers: { telemetry: { port: 3480 } } }', { portOffset: -5000 });
try {
  const cli = (...args: string[]) => rocketctl(args, { cwd: project.dir });
  await cli('checklist', '--resume');
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
  const row = (name: string, seconds: number, target?: number, ratioTarget?: number) =>
    console.log(
      `${name.padEnd(36)} ${seconds.toFixed(2).padStart(6)} s  ${(seconds / status).toFixed(2).padStart(5)}× status` +
        (target ? `  (target ≤ ${target} s: ${seconds <= target ? 'met' : 'NOT met'})` : '') +
        (ratioTarget ? `  (target ≤ ${ratioTarget}×: ${seconds / status <= ratioTarget ? 'met' : 'NOT met'})` : ''),
    );
  console.log(`checklist on the lab stack, median of ${ROUNDS} fresh processes each`);
  row('status (baseline: readiness probes)', status);
  row('checklist (verify only)', verify, TARGET_S, TARGET_RATIO);
  row('checklist --resume (all green)', resume, TARGET_S);
} finally {
  await project.cleanup();
}
