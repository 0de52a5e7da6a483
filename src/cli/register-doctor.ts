import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import type { Runner } from './runner.js';
import { printJson, printLine, printTable } from './output.js';

const MARK = { ok: '✔', warn: '!', fail: '✖' } as const;

export function registerDoctorCommand(program: Command, run: Runner): void {
  program
    .command('doctor')
    .description(
      'one screen of what support asks first (Node, engine, docker socket, ports, images, disk, clock, certificates, file modes, kernel), each with its fix; exit 1 if any fails',
    )
    .option('--bundle <file>', 'also write a .tar.gz for a bug report (config, status, checklist, certs, versions, logs), secrets and private keys removed')
    .action((options: { bundle?: string }) =>
      run(async (context, globals) => {
        const { doctor } = await import('../commands/doctor.js');
        const report = await doctor(context, options.bundle === undefined ? {} : { bundle: path.resolve(options.bundle) });
        if (globals.json) printJson(report);
        else {
          printTable(report.checks.map((c) => [MARK[c.status], c.id, c.fix ? `${c.detail} — fix: ${c.fix}` : c.detail]));
          const count = (status: keyof typeof MARK) => report.checks.filter((c) => c.status === status).length;
          printLine(`doctor: ${count('ok')} ok, ${count('warn')} warn, ${count('fail')} fail`);
          if (report.bundle) printLine(`bundle: ${report.bundle} (secrets and private keys removed; look inside before you share it)`);
        }
        return report.ok ? ExitCode.ok : ExitCode.failed;
      }),
    );
}
