import net from 'node:net';

/** `srvr` Mode of a ZooKeeper peer, or `not-serving` when it is up but has no quorum. */
export type ZooKeeperMode = 'leader' | 'follower' | 'observer' | 'standalone' | 'read-only' | 'not-serving';

export function parseSrvrMode(reply: string): ZooKeeperMode {
  if (reply.includes('not currently serving requests')) return 'not-serving';
  const mode = /^Mode: (\S+)/m.exec(reply)?.[1];
  if (!mode) throw new Error(`unexpected srvr reply: ${reply.slice(0, 120) || '(empty)'}`);
  return mode as ZooKeeperMode;
}

/** `mntr` lines `zk_key<TAB>value` as a map. */
export function parseMntr(reply: string): Record<string, string> {
  return Object.fromEntries(reply.split('\n').filter((l) => l.startsWith('zk_')).map((line) => line.split('\t') as [string, string]));
}

/** Sends a four-letter word over TCP (the 4lw whitelist must contain it). */
export function fourLetterWord(host: string, port: number, word: 'srvr' | 'mntr' | 'ruok', timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let reply = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no ${word} reply from ${host}:${port} within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.end(word));
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

/**
 * The same word sent from inside the container (for peers whose client port is not published):
 * bash's /dev/tcp needs no extra tool in the image.
 */
export function fourLetterWordCommand(word: 'srvr' | 'mntr', port = 2181): string[] {
  return ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port} && printf ${word} >&3 && timeout 3 cat <&3`];
}

/** Quorum means this peer serves as leader or follower (ruok alone says imok even without quorum). */
export function isServingInEnsemble(mode: ZooKeeperMode): boolean {
  return mode === 'leader' || mode === 'follower';
}
