/**
 * How a command uses the project: `none` reads only (it never creates or changes a file, and never waits for
 * the lock); `whole-run` holds `<stateDir>/lock` from before its first write to its end; `until-started` holds
 * it while it prepares (secrets, checks that nothing else runs the same thing) and lets go once it runs;
 * `no-project` works outside any project: no config is loaded (none may exist yet, or a broken one must not stop
 * it), no secret is read and no lock is taken (`init` creates its config exclusively, so two runs cannot both write).
 */
export type LockUse = 'none' | 'whole-run' | 'until-started' | 'no-project';

export interface CommandEntry {
  /** Whether it writes, and so how it holds the lock; a function of the command's own options where a flag decides. */
  readonly lock: LockUse | ((options: Record<string, unknown>) => LockUse);
  /** A run that exercises the entry (a test walks the table with these), each with the lock use it must show. */
  readonly examples: readonly { readonly argv: readonly string[]; readonly lock: LockUse }[];
}

const readOnly = (...argv: string[]): CommandEntry => ({ lock: 'none', examples: [{ argv, lock: 'none' }] });
const writer = (...argv: string[]): CommandEntry => ({ lock: 'whole-run', examples: [{ argv, lock: 'whole-run' }] });
const withoutProject = (...argv: string[]): CommandEntry => ({ lock: 'no-project', examples: [{ argv, lock: 'no-project' }] });

/**
 * Every command, by its path (`certs gen`), and whether it writes: the one place that decides which commands
 * take the project lock. The CLI looks each command up here before running it; a command missing from the
 * table does not run (and a test fails).
 */
export const COMMAND_TABLE = {
  init: withoutProject('init'),
  completion: withoutProject('completion', 'bash'),
  up: writer('up'),
  status: readOnly('status'),
  logs: readOnly('logs', 'postgres', '--tail', '1'),
  down: writer('down'),
  'certs gen': writer('certs', 'gen'),
  'certs list': readOnly('certs', 'list'),
  seed: writer('seed'),
  'kafka scram': writer('kafka', 'scram'),
  'kafka topics': writer('kafka', 'topics'),
  'kafka acls': writer('kafka', 'acls'),
  'audit log': readOnly('audit', 'log'),
  checklist: {
    lock: (options) => (options.resume ? 'whole-run' : 'none'),
    examples: [
      { argv: ['checklist'], lock: 'none' },
      { argv: ['checklist', '--resume'], lock: 'whole-run' },
    ],
  },
  'secrets get': readOnly('secrets', 'get', 'REPLICATOR_PASSWORD'),
  'secrets names': readOnly('secrets', 'names'),
  'workers start': { lock: 'until-started', examples: [{ argv: ['workers', 'start', 'telemetry', '--port', '0'], lock: 'until-started' }] },
  'workers status': readOnly('workers', 'status'),
  'observer decrypt': readOnly('observer', 'decrypt', 'obs-x-1'),
  'observer rotate-key': writer('observer', 'rotate-key'),
  'images build': writer('images', 'build'),
  'images push-to-nodes': writer('images', 'push-to-nodes'),
  // Holds the lock so that no `up` or rotation changes a secret or a certificate while they are being copied.
  backup: writer('backup', '--out', 'x.rocketctl-backup'),
  'backup verify': readOnly('backup', 'verify', 'x.rocketctl-backup'),
  restore: writer('restore', 'x.rocketctl-backup'),
  // Restores into a throwaway project of its own (outside this one, with its own lock), and only reads this one.
  drill: {
    lock: 'none',
    examples: [
      { argv: ['drill', 'x.rocketctl-backup'], lock: 'none' },
      { argv: ['drill', '--clean'], lock: 'none' },
    ],
  },
  // --bundle writes only the file it is given (never in the project's state), so doctor is a reader either way.
  doctor: readOnly('doctor'),
} as const satisfies Record<string, CommandEntry>;

export type CommandPath = keyof typeof COMMAND_TABLE;

/**
 * How the command at `path` uses the project, checked against the runner it was registered with: a command the
 * table marks `no-project` must run without a project (`runStandalone`), every other one with it (`run`).
 */
export function lockUseOf(path: string, options: Record<string, unknown>, runner: 'project' | 'standalone'): LockUse {
  const entry = (COMMAND_TABLE as Record<string, CommandEntry>)[path];
  if (!entry) throw new Error(`command "${path}" is missing from the command table (src/cli/command-table.ts)`);
  const lock = typeof entry.lock === 'function' ? entry.lock(options) : entry.lock;
  if ((lock === 'no-project') !== (runner === 'standalone')) {
    throw new Error(`command "${path}" runs with the ${runner} runner, but the command table says "${lock}" (src/cli/command-table.ts)`);
  }
  return lock;
}
