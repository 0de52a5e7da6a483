import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ExitCode } from '../shared/errors.js';
import { WORKER_NAMES } from '../workers/descriptors.js';
import { completeWith } from './completion/completion-values.js';
import type { Runner } from './runner.js';
import { printJson, printTable } from './output.js';
import { createStatusLines } from './status-lines.js';

const parsePort = (value: string): number => {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a port number 0-65535 (0 picks a free port)');
  return Number(value);
};

export function registerWorkersCommands(program: Command, run: Runner): void {
  const workers = program
    .command('workers')
    .description(
      'in-process workers: the telemetry generator (dashboard, stream, action API), the encrypted offline-first observer, the CouchDB → Kafka listener and the guard',
    );
  completeWith(workers.command('start [names...]'), WORKER_NAMES)
    .description('run the named workers (default: every built one) in the foreground until Ctrl-C; one status line per worker on stderr')
    .option('--port <n>', 'telemetry server port for this run (0 = a free port)', parsePort)
    .action((names: string[], options: { port?: number }) =>
      run(async (context, globals) => {
        const { workersStart } = await import('../commands/workers-start.js');
        const lines = createStatusLines();
        const result = await workersStart(context, {
          names,
          ...(options.port === undefined ? {} : { port: options.port }),
          onStatus: (rows) =>
            lines.update(
              rows.map((r) => ({ healthy: r.health.healthy, text: `${r.health.healthy ? '●' : '○'} ${r.name}  ${r.endpoint ?? '-'}  ${r.health.detail}` })),
            ),
        });
        if (globals.json) printJson({ ok: true, interrupted: true, workers: result.workers });
        else for (const w of result.workers) process.stderr.write(`${w.name}: closed after ${w.ranSeconds} s\n`);
        // It runs until interrupted: that is how it ends, so the exit code says so.
        return ExitCode.interrupted;
      }),
    );
  completeWith(workers.command('status [names...]'), WORKER_NAMES)
    .description('what runs (read-only): state, health, pid, endpoint; live probe of the telemetry server; exit 1 unless every counted worker runs healthy')
    .option('--live', 'exit 0 when every counted worker runs (a fresh heartbeat), healthy or still waiting for the stack: the question a restart can answer')
    .action((names: string[], options: { live?: boolean }) =>
      run(async (context, globals) => {
        const { workersStatus } = await import('../commands/workers-status.js');
        const result = await workersStatus(context, { names, live: options.live === true });
        if (globals.json) printJson(result);
        else {
          printTable([
            ['WORKER', 'STATE', 'HEALTHY', 'WHERE', 'PID', 'ENDPOINT', 'DETAIL'],
            ...result.workers.map((w) => [w.name, w.state, w.healthy ? 'yes' : 'no', w.runsIn ?? '-', w.pid?.toString() ?? '-', w.endpoint ?? '-', w.detail]),
          ]);
        }
        return result.ok ? ExitCode.ok : ExitCode.failed;
      }),
    );
}
