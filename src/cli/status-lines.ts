import { redact } from '../shared/redact.js';

export interface StatusLine {
  text: string;
  healthy: boolean;
}

/** How often a pipe (CI, a log file) gets the status lines again when nothing changed health. */
const PLAIN_REPEAT_MS = 30_000;

/**
 * One status line per worker on stderr: redrawn in place on a terminal; in a pipe printed at start,
 * whenever a worker's health flips, and every 30 s, so a log is not flooded every heartbeat.
 */
export function createStatusLines(stream: NodeJS.WriteStream = process.stderr): { update(lines: StatusLine[]): void } {
  let drawn = 0;
  let lastPrinted = 0;
  let lastHealth = '';
  return {
    update(lines) {
      const health = lines.map((l) => (l.healthy ? '1' : '0')).join('');
      if (stream.isTTY) {
        const clear = drawn > 0 ? `\x1b[${drawn}A` : '';
        stream.write(clear + lines.map((l) => `\x1b[2K${redact(l.text)}\n`).join(''));
        drawn = lines.length;
        return;
      }
      const now = Date.now();
      if (health === lastHealth && now - lastPrinted < PLAIN_REPEAT_MS) return;
      lastHealth = health;
      lastPrinted = now;
      stream.write(lines.map((l) => `${redact(l.text)}\n`).join(''));
    },
  };
}
