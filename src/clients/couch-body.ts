import type { IncomingMessage } from 'node:http';
import { OperationError } from '../shared/errors.js';

/** The most of one CouchDB answer rocketctl reads: far beyond any it asks for (a `_changes` batch of 10 000 observer documents is ~12 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MiB` : bytes >= 1024 ? `${Number((bytes / 1024).toFixed(1))} KiB` : `${bytes} bytes`;

/**
 * A response body read whole, but never more than `maxBytes`: beyond that the response is destroyed and the
 * error names the cap (a server, or whatever answers on its port, cannot make rocketctl buffer without end).
 */
export function readBody(
  response: IncomingMessage,
  options: { maxBytes: number; what: string; hint: string; onChunk?: (chunk: Buffer) => void },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) {
        // Rejected before the destroy: destroying emits 'aborted', whose rejection must not win.
        reject(
          new OperationError(
            `${options.what}: the answer is larger than ${formatBytes(options.maxBytes)}, the most rocketctl reads of one answer`,
            options.hint,
          ),
        );
        response.destroy();
        return;
      }
      chunks.push(chunk);
      options.onChunk?.(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    response.on('aborted', () =>
      reject(new OperationError(`${options.what}: CouchDB closed the response early`, 'check that CouchDB runs (`rocketctl status`)')),
    );
  });
}
