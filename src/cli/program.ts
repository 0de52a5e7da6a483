import { Command, Option } from 'commander';
import { ENGINE_KINDS } from '../config/engine-config.js';
import { registerAuditCommands } from './register-audit.js';
import { registerBackupCommands } from './register-backup.js';
import { runsItself } from './runs-itself.js';
import { registerCertsCommands } from './register-certs.js';
import { registerChecklistCommand } from './register-checklist.js';
import { registerCompletionCommand } from './register-completion.js';
import { registerDoctorCommand } from './register-doctor.js';
import { registerImagesCommands } from './register-images.js';
import { registerInitCommand } from './register-init.js';
import { registerKafkaCommands } from './register-kafka.js';
import { registerObserverCommands } from './register-observer.js';
import { registerSecretsCommands } from './register-secrets.js';
import { registerSeedCommand } from './register-seed.js';
import { registerStackCommands } from './register-stack.js';
import { registerWorkersCommands } from './register-workers.js';
import { registerVersionOption } from './register-version.js';
import type { Runners } from './runner.js';

/** The whole command tree, declared without running anything (tests walk it; main.ts parses argv with it). */
export function createProgram({ run, runStandalone }: Runners): Command {
  const program = new Command('rocketctl')
    .description('Bring the Conscious Rocket secure telemetry backend to 100% and keep it there')
    .addOption(new Option('--config <file>', 'config file (default: rocketctl.config.ts in the current folder, or $ROCKETCTL_CONFIG)'))
    .option('--json', 'print one JSON document on stdout (progress goes to stderr)', false)
    .option('--debug', 'verbose diagnostics on stderr', false)
    .addOption(new Option('--engine <kind>', 'run on one Docker host or on a Swarm, whatever the config says (config: engine.kind)').choices(ENGINE_KINDS))
    .option('--new-secrets', 'generate a new secrets file even though certificates, stores or data volumes made with the old one exist', false)
    .showHelpAfterError()
    .exitOverride();
  registerVersionOption(program, runStandalone);
  registerInitCommand(program, runStandalone);
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
  registerBackupCommands(program, run);
  registerDoctorCommand(program, run);
  registerCompletionCommand(program, runStandalone);
  return program;
}

/** `certs gen` for the `gen` command under `certs`: the key of the command table. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Every command that runs something (no group like `certs` itself), in declaration order. */
export function leafCommands(program: Command): Command[] {
  return program.commands.flatMap((c) => (c.commands.length > 0 ? [...(runsItself.has(c) ? [c] : []), ...leafCommands(c)] : [c]));
}
