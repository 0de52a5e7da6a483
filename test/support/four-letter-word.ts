import { connect } from 'node:net';

/** Sends a ZooKeeper 4-letter word (`mntr`, `srvr`, `ruok`) and returns the whole reply. */
export function fourLetterWord(port: number, word: string, timeoutMs = 3_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(word));
    let reply = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`${word}: no reply within ${timeoutMs} ms`)));
    socket.on('data', (chunk) => (reply += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(reply));
  });
}

/** `zk_server_state` from a `mntr` reply (`leader`, `follower`, `standalone`…), or undefined when not serving. */
export function serverState(mntr: string): string | undefined {
  return /^zk_server_state\s+(\S+)/m.exec(mntr)?.[1];
}
