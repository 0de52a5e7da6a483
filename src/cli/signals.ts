import { setMaxListeners } from 'node:events';
import { ExitCode } from '../shared/errors.js';

/**
 * The first Ctrl-C aborts the one AbortSignal every wait and request listens to, so the command
 * stops at a safe point; a second Ctrl-C exits at once.
 */
export function createInterruptSignal(): AbortSignal {
  const controller = new AbortController();
  // The one signal reaches every wait, client and request of the command: many listeners at once are by design.
  setMaxListeners(0, controller.signal);
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    process.stderr.write(`\n${name}: stopping at the next safe point (press Ctrl-C again to exit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
