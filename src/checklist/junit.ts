import type { StepReport } from './report.js';

const xml = (text: string): string => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A JUnit XML report (one testcase per step) for CI systems: failed → <failure>, skipped → <skipped>. */
export function junitReport(steps: readonly StepReport[], suite = 'rocketctl checklist'): string {
  const failures = steps.filter((s) => s.status === 'failed').length;
  const skipped = steps.filter((s) => s.status === 'skipped').length;
  const total = steps.reduce((sum, s) => sum + s.seconds, 0);
  const cases = steps.map((step) => {
    const open = `  <testcase classname="rocketctl.checklist" name="${xml(step.id)}: ${xml(step.title)}" time="${step.seconds.toFixed(3)}"`;
    if (step.status === 'failed')
      return `${open}>\n    <failure message="${xml(step.cause ?? 'failed')}">${xml(step.fix ? `fix: ${step.fix}` : '')}</failure>\n  </testcase>`;
    if (step.status === 'skipped') return `${open}>\n    <skipped message="${xml(`${step.status}: ${step.cause ?? ''}`)}"/>\n  </testcase>`;
    return `${open}/>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuite name="${xml(suite)}" tests="${steps.length}" failures="${failures}" skipped="${skipped}" time="${total.toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}
