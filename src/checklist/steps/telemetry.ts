import { defineStep } from '../step.js';
import { checkWorkers } from './worker-check.js';

/** The telemetry server answers and `/api/actions` reports `total: 21` (the worker's own probe); the fix is shown, not applied. */
export const telemetryStep = defineStep({
  id: 'telemetry',
  title: 'telemetry server answers, /api/actions reports 21',
  inputs: ['config'],
  check: (facts) => checkWorkers(facts, ['telemetry']),
  fix: { command: 'rocketctl workers start telemetry (in its own terminal or service unit)' },
});
