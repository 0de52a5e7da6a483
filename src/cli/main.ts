import { Command, Option } from 'commander';
import { loadConfig } from '../config/load.js';
import { ENGINE_KINDS } from '../config/engine-config.js';
import { ExitCode, type ExitCodeValue } from '../shared/errors.js';
import type { GlobalOptions, Runner } from './runner.js';
import { createLogger } from '../shared/log.js';
import { reportError } from './errors.js';
import { acquireProjectLock } from './project-lock.js';
import { readSecrets, validateSecretOverrides } from '../secrets/secrets.js';
import { createInterruptSignal } from './signals.js';
import { registerCertsCommands } from './register-certs.js';
import { registerSecretsCommands } from './register-secrets.js';
import { registerStackCommands } from './register-stack.js';
import { registerKafkaCommands } from './register-kafka.js';
import { registerAuditCommands } from './register-audit.js';
import { registerSeedCommand } from './register-seed.js';
import { registerChecklistCommand } from './register-checklist.js';
import { registerWorkersCommands } from './register-workers.js';
import { registerObserverCommands } from './register-observer.js';
import { registerImagesCommands } from './register-images.js';

const program = new Command('rocketctl')
  .description('Bring the Conscious Rocket secure telemetry backend to 100% and keep it there')
  .addOption(new Option('--config <file>', 'config file (default: rocketctl.config.ts in the current folder, or $ROCKETCTL_CONFIG)'))
  .option('--json', 'print one JSON document on stdout (progress goes to stderr)', false)
  .option('--debug', 'verbose diagnostics on stderr', false)
  .addOption(new Option('--engine <kind>', 'run on one Docker host or on a Swarm, whatever the config says (config: engine.kind)').choices(ENGINE_KINDS))
  .option('--new-secrets', 'generate a new secrets file even though certificates, stores or data volumes made with the old one exist', false)
  .showHelpAfterError()
  .exitOverride();

const signal = createInterruptSignal();
let exitCode: ExitCodeValue = ExitCode.ok;
const globals = (): GlobalOptions => program.opts<GlobalOptions>();

const run: Runner = async (body, { writes = false } = {}) => {
  const options = globals();
  const log = createLogger({ debug: options.debug });
  const config = await loadConfig({ configFile: options.config, engine: options.engine });
  const command = `rocketctl ${process.argv.slice(2).join(' ')}`;
  // Every known secret is registered with the redactor before any command runs (read-only; a broken secrets
  // file is the command's to report), so nothing a command prints can show one.
  await readSecrets(config.stateDir, { env: process.env }).catch(() => undefined);
  // Bad overrides are usage errors: refused before the lock (or anything else) touches the folder.
  if (writes) validateSecretOverrides(process.env);
  const release = writes ? await acquireProjectLock(config, { signal, log, env: process.env, command }) : undefined;
  try {
    exitCode = await body({ config, env: process.env, signal, log, newSecrets: options.newSecrets }, options);
  } finally {
    await release?.();
  }
};

registerStackCommands(program, run);
registerCertsCommands(program, run);
registerSeedCommand(program, run);
registerKafkaCommands(program, run);
registerAuditCommands(program, run);
registerChecklistCommand(program, run);
registerSecretsCommands(program, run);
registerWorkersCommands(program, run);
registerObserverCommands(program, run);
registerImagesCommands(program, run);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitCode = reportError(error, { json: globals().json ?? false, debug: globals().debug ?? false });
}
if (signal.aborted && exitCode === ExitCode.ok) exitCode = ExitCode.interrupted;
process.exitCode = exitCode;
