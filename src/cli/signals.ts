import { ExitCode } from '../shared/errors.js';

/**
 * The first Ctrl-C aborts the one AbortSignal every wait and request listens to, so the command
 * stops at a safe point; a second Ctrl-C exits at once.
 */
export function createInterruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    process.stderr.write(`\n${name}: stopping at the next safe point (press Ctrl-C again to exit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
