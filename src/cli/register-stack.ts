import type { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import { MEMBER_NAMES, WORKER_NAMES } from '../workers/descriptors.js';
import { completeWith } from './completion/completion-values.js';
import type { Runner } from './runner.js';
import { redact } from '../shared/redact.js';
import { askOnTerminal } from './confirm.js';
import { printJson, printLine, printTable } from './output.js';

// Command bodies are imported on use, so --help and light commands never load dockerode and the drivers.
export function registerStackCommands(program: Command, run: Runner): void {
  completeWith(program.command('up [members...]'), MEMBER_NAMES)
    .description('preflight, then network, volumes and containers (the services and the workers member) in dependency order until each is ready; idempotent')
    .action((services: string[]) =>
      run(async (context, globals) => {
        const { up } = await import('../commands/up.js');
        const result = await up(context, { services });
        if (globals.json) printJson({ ok: true, ...result });
        else printLine(`up: ${result.services.length} services ready in ${result.seconds.toFixed(1)} s`);
        return ExitCode.ok;
      }),
    );
  program
    .command('status')
    .description('live state of every service from container labels and protocol probes; exit 1 unless all are ready')
    .action(() =>
      run(async (context, globals) => {
        const { status } = await import('../commands/status.js');
        const result = await status(context);
        if (globals.json) printJson(result);
        else {
          printTable([
            ['SERVICE', ...(context.config.engine.kind === 'swarm' ? ['NODE'] : []), 'STATE', 'READY', 'ENDPOINTS', 'DETAIL'],
            ...result.services.map((s) => [
              s.name,
              ...(context.config.engine.kind === 'swarm' ? [s.node ?? '-'] : []),
              s.state,
              s.ready ? 'yes' : 'no',
              Object.entries(s.endpoints)
                .map(([k, v]) => `${k}=${v}`)
                .join(' ') || '-',
              s.detail,
            ]),
          ]);
        }
        return result.ok ? ExitCode.ok : ExitCode.failed;
      }),
    );
  completeWith(program.command('logs <member>'), [...MEMBER_NAMES, ...WORKER_NAMES])
    .description("a member's container output (a service, `workers`), or one worker's lines of the workers member")
    .option('-f, --follow', 'keep streaming until Ctrl-C', false)
    .option('--tail <lines>', 'only the last N lines', (value) => Number.parseInt(value, 10))
    .action((service: string, options: { follow: boolean; tail?: number }) =>
      run(async (context) => {
        const { logs } = await import('../commands/logs.js');
        await logs(context, service, options, { stdout: process.stdout, stderr: process.stderr, transform: redact });
        return ExitCode.ok;
      }),
    );
  program
    .command('down')
    .description('remove the containers and network `up` made (found by label); data volumes are kept')
    .option('--volumes', 'also delete the data volumes (asks first on a terminal)', false)
    .option('--yes', 'do not ask before deleting volumes', false)
    .action((options: { volumes: boolean; yes: boolean }) =>
      run(async (context, globals) => {
        const { down } = await import('../commands/down.js');
        const result = await down(context, { ...options, ...(process.stdin.isTTY ? { confirm: askOnTerminal } : {}) });
        if (globals.json) printJson({ ok: true, ...result });
        else {
          printLine(`removed ${result.containers.length} containers${result.network ? ` and network ${result.network}` : ''}`);
          if (result.volumesRemoved.length) printLine(`deleted volumes: ${result.volumesRemoved.join(', ')}`);
          if (result.volumesKept.length) printLine(`kept volumes (data): ${result.volumesKept.join(', ')} — rocketctl down --volumes deletes them`);
        }
        return ExitCode.ok;
      }),
    );
}
