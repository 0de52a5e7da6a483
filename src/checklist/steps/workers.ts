import type { ChecklistStep } from '../step.js';

/** The observer and listener workers running and healthy: not built yet, so honestly pending (not green). */
export const workersStep: ChecklistStep = {
  id: 'workers',
  title: 'observer and listener workers running and healthy',
  inputs: ['config'],
  check: async () => ({ status: 'pending', cause: 'not built' }),
};
