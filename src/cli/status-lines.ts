import { redact } from '../shared/redact.js';

export interface StatusLine {
  text: string;
  healthy: boolean;
}

/** How often a pipe (CI, a log file) gets the status lines again when nothing changed health. */
const PLAIN_REPEAT_MS = 30_000;

/** ROCKETCTL_STATUS_REPEAT_MS shortens the repeat (tests that must see a repeat without waiting 30 s). */
const repeatFromEnv = (env: NodeJS.ProcessEnv): number => {
  const value = Number(env.ROCKETCTL_STATUS_REPEAT_MS);
  return env.ROCKETCTL_STATUS_REPEAT_MS !== undefined && Number.isInteger(value) && value >= 0 ? value : PLAIN_REPEAT_MS;
};

/**
 * One status line per worker on stderr: redrawn in place on a terminal; in a pipe printed at start,
 * whenever a worker's health flips, and every 30 s, so a log is not flooded every heartbeat.
 * A reader that went away (`| head -1`, a closed log pipe) makes writes fail with EPIPE: the lines are
 * only a view, so the workers keep running and still close cleanly on the signal.
 */
export function createStatusLines(
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  repeatMs: number = repeatFromEnv(process.env),
): { update(lines: StatusLine[]): void } {
  let drawn = 0;
  let lastPrinted = 0;
  let lastHealth = '';
  let readerGone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // Without a listener the stream's error is an uncaught exception that kills every worker mid-flight.
    if (error.code !== 'EPIPE') throw error;
    readerGone = true;
  });
  return {
    update(lines) {
      if (readerGone) return;
      const health = lines.map((l) => (l.healthy ? '1' : '0')).join('');
      if (stream.isTTY) {
        const clear = drawn > 0 ? `\x1b[${drawn}A` : '';
        stream.write(clear + lines.map((l) => `\x1b[2K${redact(l.text)}\n`).join(''));
        drawn = lines.length;
        return;
      }
      const now = Date.now();
      if (health === lastHealth && now - lastPrinted < repeatMs) return;
      lastHealth = health;
      lastPrinted = now;
      stream.write(lines.map((l) => `${redact(l.text)}\n`).join(''));
    },
  };
}
