import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_DRILL_PORT_OFFSET } from '../commands/drill-parts/drill-project.js';
import { ExitCode, UsageError } from '../shared/errors.js';
import { printJson, printLine, printTable } from './output.js';
import { runsItself } from './runs-itself.js';
import type { Runner } from './runner.js';

const wholeNumber = (value: string): number => {
  if (!/^-?\d{1,5}$/.test(value)) throw new InvalidArgumentError('expected a whole number of ports, e.g. 100 or -100');
  return Number(value);
};

const KEY_HELP = 'a file holding the base64 of a 32-byte key (0600); else ROCKETCTL_BACKUP_KEY or ROCKETCTL_BACKUP_PASSPHRASE';

export function registerBackupCommands(program: Command, run: Runner): void {
  const backup = runsItself(program.command('backup'))
    .description('one encrypted, tamper-evident archive of the running stack: secrets, certificates, ZooKeeper, Postgres, CouchDB, Cassandra')
    .option('--out <file>', 'the archive to write (never over an existing one); default: <project>-<UTC time>.rocketctl-backup here')
    .option('--key-file <file>', KEY_HELP)
    .action((options: { out?: string; keyFile?: string }) =>
      run(async (context, globals) => {
        const { backup: runBackup } = await import('../commands/backup.js');
        const summary = await runBackup(context, options);
        if (globals.json) printJson({ ok: true, ...summary });
        else {
          printTable([['PART', 'BYTES'], ...summary.parts.map((part) => [part.name, String(part.bytes)])]);
          printLine(`backup: ${summary.parts.length} parts, ${summary.bytes} bytes in ${summary.seconds.toFixed(1)} s → ${summary.file}`);
        }
        if (summary.fromEnvironment.length > 0)
          context.log.warn(
            `backup: ${summary.fromEnvironment.join(', ')} come from the environment, not the secrets file, so the archive does not hold them: keep them with the key`,
          );
        return ExitCode.ok;
      }),
    );
  backup
    .command('verify <file>')
    .description("check an archive without restoring it: the key, the manifest, every part's records and sha256 (exit 1 naming a damaged part)")
    .option('--key-file <file>', KEY_HELP)
    .action((file: string, options: { keyFile?: string }) =>
      run(async (context, globals) => {
        const { backupVerify } = await import('../commands/backup.js');
        // `--key-file` after `verify` is parsed by `backup` too (commander gives a group its options anywhere): take either.
        const keyFile = options.keyFile ?? backup.opts<{ keyFile?: string }>().keyFile;
        const report = await backupVerify(context, file, keyFile === undefined ? {} : { keyFile });
        if (globals.json) printJson(report);
        else {
          printTable([
            ['PART', 'BYTES', 'SHA256', 'OK'],
            ...report.parts.map((p) => [p.name, String(p.bytes), p.sha256.slice(0, 16), p.ok ? 'yes' : `no: ${p.error}`]),
          ]);
          printLine(
            `${report.ok ? 'verified' : 'DAMAGED'}: ${report.file} (project ${report.project}, written ${report.createdAt} by rocketctl ${report.rocketctlVersion})`,
          );
        }
        return report.ok ? ExitCode.ok : ExitCode.failed;
      }),
    );
  program
    .command('restore <file>')
    .description(
      'into an empty project: verify the archive, put back secrets and certificates, bring the stack up, load every store, end with checklist --resume',
    )
    .option('--key-file <file>', KEY_HELP)
    .option(
      '--force',
      "onto a project that holds something: remove its containers and data volumes, move its secrets, certificates and workers' state aside, then restore",
    )
    .action((file: string, options: { keyFile?: string; force?: boolean }) =>
      run(async (context, globals) => {
        const { restore } = await import('../commands/restore.js');
        const summary = await restore(context, file, options);
        if (globals.json) printJson({ ok: summary.checklist.ok, ...summary });
        else {
          printTable([['PART', 'LOADED'], ...summary.loaded.map((l) => [l.part, String(l.items)])]);
          if (summary.replaced) printLine(`restore: what the project held before is in ${summary.replaced} (its data volumes are gone)`);
          printLine(
            `restore: ${summary.parts} parts from ${summary.file} in ${summary.seconds.toFixed(1)} s; checklist ${summary.checklist.ok ? 'green' : 'NOT green: run `rocketctl checklist` to see which step'}`,
          );
        }
        return summary.checklist.ok ? ExitCode.ok : ExitCode.failed;
      }),
    );
  program
    .command('drill [file]')
    .description(
      'prove an archive restores: restore it into a throwaway project on other ports, compare counts and digests per table, database and keyspace with the archive (and the live stack), remove it; exit 1 on any difference',
    )
    .option('--key-file <file>', KEY_HELP)
    .option('--port-offset <n>', `how far the throwaway project's ports are moved from the live ones (default ${DEFAULT_DRILL_PORT_OFFSET})`, wholeNumber)
    .option('--keep', 'leave the throwaway project running to look at it (`rocketctl drill --clean` removes it)')
    .option('--clean', 'only remove what an earlier drill left (after --keep, or a kill)')
    .action((file: string | undefined, options: { keyFile?: string; portOffset?: number; keep?: boolean; clean?: boolean }) =>
      run(async (context, globals) => {
        const { drill, cleanDrill } = await import('../commands/drill.js');
        if (options.clean) {
          if (file !== undefined) throw new UsageError('--clean takes no archive', 'run `rocketctl drill --clean` alone');
          await cleanDrill(context);
          if (globals.json) printJson({ ok: true });
          else printLine('drill: nothing of an earlier drill is left');
          return ExitCode.ok;
        }
        if (file === undefined) throw new UsageError('drill needs the archive to restore', 'run `rocketctl drill FILE` (or `rocketctl drill --clean`)');
        const report = await drill(context, file, options);
        if (globals.json) printJson(report);
        else {
          const figure = (f: { count: number; sha256: string } | null) => (f ? `${f.count} ${f.sha256.slice(0, 12)}` : '-');
          printTable([
            ['UNIT', 'ARCHIVE', 'RESTORED', 'LIVE NOW', 'SAME'],
            ...report.rows.map((row) => [
              row.unit,
              figure(row.archive),
              figure(row.restored),
              figure(row.live),
              row.same ? (row.added > 0 ? `yes (+${row.added} by the restore)` : 'yes') : 'NO',
            ]),
          ]);
          const differ = report.rows.filter((row) => !row.same).length;
          printLine(
            `drill: ${report.ok ? 'the archive restores' : 'FAILED'}: ${report.rows.length} units, ${differ} different; restore ${report.restoreSeconds.toFixed(1)} s, checklist ${report.checklistOk ? 'green' : 'NOT green'}; ${report.kept ? `project ${report.project} kept` : `project ${report.project} removed`} (${report.seconds.toFixed(1)} s)`,
          );
        }
        return report.ok ? ExitCode.ok : ExitCode.failed;
      }),
    );
}
