import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { readSecrets, validateSecretOverrides } from '../secrets/secrets.js';
import { ExitCode, type ExitCodeValue } from '../shared/errors.js';
import { createLogger } from '../shared/log.js';
import { lockUseOf } from './command-table.js';
import { reportError } from './errors.js';
import { commandPath, createProgram } from './program.js';
import { acquireProjectLock } from './project-lock.js';
import type { GlobalOptions, Runner, StandaloneRunner } from './runner.js';
import { createInterruptSignal } from './signals.js';

const signal = createInterruptSignal();
let exitCode: ExitCodeValue = ExitCode.ok;
// The command commander is about to run (set by the preAction hook), so the runner can look it up.
let active: Command | undefined;

const run: Runner = async (body) => {
  const options = globals();
  const lock = lockUseOf(commandPath(active!), active!.opts(), 'project');
  const log = createLogger({ debug: options.debug });
  const config = await loadConfig({ configFile: options.config, engine: options.engine });
  const command = `rocketctl ${process.argv.slice(2).join(' ')}`;
  // Every known secret is registered with the redactor before any command runs (read-only; a broken secrets
  // file is the command's to report), so nothing a command prints can show one.
  await readSecrets(config.stateDir, { env: process.env }).catch(() => undefined);
  if (lock === 'none') {
    exitCode = await body({ config, env: process.env, signal, log, newSecrets: options.newSecrets }, options);
    return;
  }
  // Bad overrides are usage errors: refused before the lock (or anything else) touches the folder.
  validateSecretOverrides(process.env);
  const release = once(await acquireProjectLock(config, { signal, log, env: process.env, command }));
  try {
    const context = { config, env: process.env, signal, log, newSecrets: options.newSecrets, ...(lock === 'until-started' ? { releaseLock: release } : {}) };
    exitCode = await body(context, options);
  } finally {
    await release();
  }
};

const runStandalone: StandaloneRunner = async (body) => {
  const options = globals();
  // `--version` is rocketctl's own flag (the program is the active command), not a row of the table.
  if (active !== program) lockUseOf(commandPath(active!), active!.opts(), 'standalone');
  exitCode = await body({ cwd: process.cwd(), env: process.env, signal, log: createLogger({ debug: options.debug }) }, options);
};

const program = createProgram({ run, runStandalone }).hook('preAction', (_program, actionCommand) => {
  active = actionCommand;
});
const globals = (): GlobalOptions => program.opts<GlobalOptions>();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitCode = reportError(error, { json: globals().json ?? false, debug: globals().debug ?? false });
}
if (signal.aborted && exitCode === ExitCode.ok) exitCode = ExitCode.interrupted;
process.exitCode = exitCode;

function once(release: () => Promise<void>): () => Promise<void> {
  let released: Promise<void> | undefined;
  return () => (released ??= release());
}
