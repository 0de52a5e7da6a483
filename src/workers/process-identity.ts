import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

export type ProcessIdentity = 'rocketctl' | 'other' | 'gone';

/** Whether a process exists (EPERM: it does, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Node running rocketctl's entry point, wherever it is installed: `node …/bin/rocketctl.js`, the `rocketctl`
 * command a package manager links, or `node …/dist/src/cli/main.js`. No path of this installation is required,
 * so a rocketctl installed elsewhere (another checkout, a worker container's image) is recognised too.
 */
export function isRocketctlCommandLine(argv: readonly string[]): boolean {
  const [executable, ...args] = argv;
  if (executable === undefined || !/^node(js)?[-.\d]*$/.test(path.basename(executable))) return false;
  return args.some((arg) => ['rocketctl', 'rocketctl.js'].includes(path.basename(arg)) || arg.replaceAll('\\', '/').endsWith('/src/cli/main.js'));
}

/**
 * What runs under `pid` now: a rocketctl process, another one (the pid was reused, or the runtime file names a pid
 * that was never rocketctl's), or nothing. Read from /proc; where there is none, a live pid is taken on trust.
 */
export function identifyProcess(pid: number): ProcessIdentity {
  if (!Number.isInteger(pid) || pid <= 0) return 'gone';
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    if (!procAvailable()) return processAlive(pid) ? 'rocketctl' : 'gone';
    // Gone, or hidden from this user (hidepid): a rocketctl of this user's would be visible.
    return processAlive(pid) ? 'other' : 'gone';
  }
  // A zombie (exited, not yet reaped) has an empty command line.
  if (cmdline === '') return 'gone';
  return isRocketctlCommandLine(cmdline.split('\0').filter((arg) => arg !== '')) ? 'rocketctl' : 'other';
}

let procChecked: boolean | undefined;
const procAvailable = (): boolean =>
  (procChecked ??= (() => {
    try {
      readFileSync('/proc/self/cmdline');
      return true;
    } catch {
      return false;
    }
  })());

/**
 * This process's pid namespace (`pid:[4026531836]`), null where there is no /proc. A worker in a container has its
 * own: the pid it writes means nothing here, so a reader in another namespace cannot check it.
 */
export function currentPidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

/**
 * When a process started (`/proc/<pid>/stat` field 22, clock ticks since boot), null where it cannot be read. A pid
 * with another start time is another process: pids are reused, and in a restarted container they start over, while
 * even its pid namespace may get the inode number of the one that died.
 */
export function processStartTicks(pid: number | 'self'): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isSafeInteger(ticks) && ticks >= 0 ? ticks : null;
  } catch {
    return null;
  }
}
