import { up } from '../../commands/up.js';
import { WORKERS_MEMBER } from '../../workers/descriptors.js';
import { defineStep } from '../step.js';
import { checkWorkers } from './worker-check.js';

/** The telemetry server answers and `/api/actions` reports `total: 21` (the worker's own probe); repaired with `up`. */
export const telemetryStep = defineStep({
  id: 'telemetry',
  title: 'telemetry server answers, /api/actions reports 21',
  inputs: ['config'],
  check: (facts) => checkWorkers(facts, ['telemetry']),
  fix: { command: 'rocketctl up workers', apply: (context) => up(context, { services: [WORKERS_MEMBER] }).then(() => undefined) },
});
