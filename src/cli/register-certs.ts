import type { Command } from 'commander';
import { ExitCode } from '../shared/errors.js';
import type { Runner } from './runner.js';
import { printJson, printTable } from './output.js';

// Command bodies are imported on use, so --help and light commands never load forge and the TLS stack.
export function registerCertsCommands(program: Command, run: Runner): void {
  const certs = program.command('certs').description('TLS material: CA, service certificates, Cockroach certs-dir, Java stores');
  certs
    .command('gen')
    .description('create or repair every certificate, key and store; rewrites nothing that is valid')
    .option('--force', 're-issue everything, the CA included', false)
    .action((options: { force: boolean }) =>
      run(async (context, globals) => {
        const { certsGen } = await import('../commands/certs-gen.js');
        const result = await certsGen(context, { force: options.force });
        if (globals.json) printJson({ ok: true, ...result });
        return ExitCode.ok;
      }),
    );
  certs
    .command('list')
    .description('every certificate and store with SANs, issuer, expiry and status; exit 1 if any is not ok')
    .action(() =>
      run(async (context, globals) => {
        const { certsList } = await import('../commands/certs-list.js');
        const result = await certsList(context);
        if (globals.json) printJson(result);
        else {
          printTable([
            ['ID', 'STATUS', 'DAYS', 'NOT AFTER', 'SUBJECT', 'SANS / REASON'],
            ...result.certificates.map((c) => [
              c.id,
              c.status,
              c.daysLeft?.toString() ?? '-',
              c.notAfter?.slice(0, 10) ?? '-',
              c.subject ?? '-',
              c.reason ?? c.sans?.join(',') ?? '',
            ]),
            ...result.stores.map((s) => [s.id, s.status, '-', '-', '(java store)', s.reason ?? '']),
          ]);
        }
        return result.ok ? ExitCode.ok : ExitCode.failed;
      }),
    );
}
