import { readFile, readdir, readlink } from 'node:fs/promises';
import net from 'node:net';

/** True when nothing can bind host:port right now (something else listens there). */
export function isPortBusy(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES'));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/**
 * Names the local process listening on a TCP port ("postgres (pid 812)"), from /proc: the listening
 * socket's inode, then the process holding a descriptor to it. Undefined when it cannot be seen
 * (another user's process without root, or a different network namespace).
 */
export async function describePortHolder(port: number): Promise<string | undefined> {
  const sockets = await socketsOnPort(port);
  const inodes = new Set(sockets.filter((s) => s.listening).map((s) => s.inode));
  if (inodes.size === 0) return sockets.length > 0 ? await describeClientPort(port) : undefined;
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
        return `${name} (pid ${pid})`;
      }
    }
  }
  return undefined;
}

const LISTEN = '0A';
const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';

/**
 * No listener, yet the port cannot be bound: a connection's local end holds it. The kernel picks those ports from
 * its ephemeral range, so a service port inside that range is taken now and then by any client on the machine.
 */
async function describeClientPort(port: number): Promise<string> {
  const range = await ephemeralPortRange();
  if (!range || port < range[0] || port > range[1]) return 'the local end of a connection';
  return (
    `the local end of an outgoing connection: ${port} is in this machine's ephemeral range ${range[0]}–${range[1]}, ` +
    `which the kernel hands to outgoing connections; a port below ${range[0]} avoids this`
  );
}

/** Linux's range for outgoing connections' local ports; undefined where it cannot be read. */
export async function ephemeralPortRange(): Promise<[number, number] | undefined> {
  const text = await readFile(EPHEMERAL_RANGE_FILE, 'utf8').catch(() => '');
  const [low, high] = text.trim().split(/\s+/).map(Number);
  return low && high ? [low, high] : undefined;
}

/** Every TCP socket (IPv4 and IPv6) whose local port is `port`: its inode, and whether it listens. */
async function socketsOnPort(port: number): Promise<{ inode: string; listening: boolean }[]> {
  const sockets: { inode: string; listening: boolean }[] = [];
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[9]) sockets.push({ inode: fields[9], listening: fields[3] === LISTEN });
    }
  }
  return sockets;
}
