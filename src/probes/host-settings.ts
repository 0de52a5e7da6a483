import { readFile, statfs } from 'node:fs/promises';

/** A kernel setting as `sysctl` names it (`vm.max_map_count`), read from /proc/sys; null where it cannot be read. */
export async function readKernelSetting(name: string): Promise<string | null> {
  const text = await readFile(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8').catch(() => null);
  return text === null ? null : text.trim();
}

/** `net.ipv4.ip_local_reserved_ports` (`8080,29000-29100`): ports the kernel never hands out as ephemeral. */
export function parsePortList(text: string): [number, number][] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [low, high] = part.split('-').map(Number);
      return [low!, high ?? low!];
    });
}

/**
 * Free bytes for an unprivileged writer on the file system holding `dir`; null where it cannot be measured from here
 * (no such folder on this machine: the engine runs elsewhere, in a VM, or rootless under another user).
 */
export async function freeBytes(dir: string): Promise<number | null> {
  const stats = await statfs(dir).catch(() => null);
  return stats ? stats.bavail * stats.bsize : null;
}
