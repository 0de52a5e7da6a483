/** `srvr` Mode of a ZooKeeper peer, or `not-serving` when it is up but has no quorum. */
export type ZooKeeperMode = 'leader' | 'follower' | 'observer' | 'standalone' | 'read-only' | 'not-serving';

export function parseSrvrMode(reply: string): ZooKeeperMode {
  if (reply.includes('not currently serving requests')) return 'not-serving';
  const mode = /^Mode: (\S+)/m.exec(reply)?.[1];
  if (!mode) throw new Error(`unexpected srvr reply: ${reply.slice(0, 120) || '(empty)'}`);
  return mode as ZooKeeperMode;
}

/**
 * A four-letter word sent from inside the container, so it works whether or not the client port is
 * published: bash's /dev/tcp needs no extra tool in the image.
 */
export function fourLetterWordCommand(word: 'srvr' | 'mntr', port = 2181): string[] {
  return ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port} && printf ${word} >&3 && timeout 3 cat <&3`];
}

/** Quorum means this peer serves as leader or follower (ruok alone says imok even without quorum). */
export function isServingInEnsemble(mode: ZooKeeperMode): boolean {
  return mode === 'leader' || mode === 'follower';
}

/** A peer's mode, asked with `srvr` from inside its container (works whether or not its client port is published). */
export async function zookeeperModeOf(target: { exec(command: string[]): Promise<{ output: string }> }): Promise<ZooKeeperMode> {
  const { output } = await target.exec(fourLetterWordCommand('srvr'));
  return parseSrvrMode(output);
}
