import type { Command } from 'commander';
import { ExitCode, UsageError } from '../shared/errors.js';
import { printJson, printTable } from './output.js';
import type { StandaloneRunner } from './runner.js';

/**
 * `rocketctl --version` (`-V`): rocketctl's, Node's and the Docker engine's versions, without a project. Only a run
 * that asks for it gets a program-level action, so `rocketctl` alone still shows the help and a mistyped command
 * still gets commander's "unknown command" with its suggestion.
 */
export function registerVersionOption(program: Command, runStandalone: StandaloneRunner): void {
  program.option('-V, --version', "print rocketctl's, Node's and the Docker engine's versions (the engine's if it answers within 1.5 s)", false);
  program.on('option:version', () => program.action(() => runStandalone(printVersions)));
  program.hook('preSubcommand', (_program, command) => {
    // `rocketctl up --version` must not run `up`.
    if (program.opts().version) throw new UsageError(`--version takes no command (got "${command.name()}")`, 'run `rocketctl --version` on its own');
  });
}

const printVersions: Parameters<StandaloneRunner>[0] = async (context, globals) => {
  const { versionReport } = await import('../commands/version.js');
  const report = await versionReport(context);
  if (globals.json) printJson(report);
  else {
    const { docker } = report;
    printTable([
      ['rocketctl', report.rocketctl],
      ['node', report.node],
      ['docker', docker.reachable ? `${docker.version} (API ${docker.apiVersion}) at ${docker.host}` : `not reachable at ${docker.host}: ${docker.reason}`],
    ]);
  }
  return ExitCode.ok;
};
