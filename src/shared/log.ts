import { redact } from './redact.js';

/** Progress and diagnostics go to stderr so that `--json` output on stdout stays one document. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export function createLogger(options: { debug?: boolean; stream?: NodeJS.WritableStream } = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const debugOn = options.debug ?? process.env.ROCKETCTL_DEBUG === '1';
  const write = (line: string) => stream.write(`${redact(line)}\n`);
  return {
    info: write,
    warn: (message) => write(`warning: ${message}`),
    debug: (message) => {
      if (debugOn) write(`debug: ${message}`);
    },
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };
