import type Docker from 'dockerode';
import { OperationError, throwIfAborted } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { sleep } from '../shared/sleep.js';

const STALL_MS = 60_000;
const ATTEMPTS = 3;

/**
 * Makes sure the image exists locally, pulling it with progress when not. `pull()` alone resolves when
 * the stream opens, before the image exists: followProgress waits for the end, and a stream that goes
 * quiet for STALL_MS is abandoned and retried.
 */
export async function ensureImage(engine: Docker, image: string, options: { signal: AbortSignal; log: Logger; onProgress?: (line: string) => void }): Promise<'present' | 'pulled'> {
  if (await imageExists(engine, image)) return 'present';
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    throwIfAborted(options.signal);
    try {
      await pullOnce(engine, image, options);
      return 'pulled';
    } catch (error) {
      lastError = error;
      options.log.debug(`pull ${image} attempt ${attempt} failed: ${(error as Error).message}`);
      if (attempt < ATTEMPTS) await sleep(1000 * 2 ** attempt, options.signal);
    }
  }
  throw new OperationError(
    `image ${image} is not present and could not be pulled: ${(lastError as Error)?.message ?? 'unknown error'}`,
    `load or build it locally (docker load / docker build), or set services.<name>.image in the config to an image this engine has`,
    { cause: lastError },
  );
}

async function imageExists(engine: Docker, image: string): Promise<boolean> {
  try {
    await engine.getImage(image).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

async function pullOnce(engine: Docker, image: string, options: { signal: AbortSignal; onProgress?: (line: string) => void }): Promise<void> {
  const stream = (await engine.pull(image)) as NodeJS.ReadableStream & { destroy(error?: Error): void };
  await new Promise<void>((resolve, reject) => {
    let stallTimer = setTimeout(() => stream.destroy(new Error(`no progress for ${STALL_MS / 1000} s`)), STALL_MS);
    const onAbort = () => stream.destroy(new Error('interrupted'));
    options.signal.addEventListener('abort', onAbort, { once: true });
    engine.modem.followProgress(
      stream,
      (error: Error | null) => {
        clearTimeout(stallTimer);
        options.signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      },
      (event: { status?: string; progress?: string; id?: string; error?: string }) => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(() => stream.destroy(new Error(`no progress for ${STALL_MS / 1000} s`)), STALL_MS);
        if (event.error) stream.destroy(new Error(event.error));
        else options.onProgress?.([event.id, event.status, event.progress].filter(Boolean).join(' '));
      },
    );
  });
}
