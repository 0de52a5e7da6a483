import type Docker from 'dockerode';
import { systemClock, type Clock } from '../shared/clock.js';
import { OperationError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { retry } from '../shared/retry.js';
import { isNotFound, type Engine } from './engine.js';

const STALL_MS = 60_000;
const ATTEMPTS = 3;
const FIRST_BACKOFF_MS = 2_000;

export interface EnsureImageOptions {
  log: Logger;
  onProgress?: (line: string) => void;
  clock?: Clock;
}

/**
 * Makes sure the image exists locally, pulling it with progress when not. `pull()` alone resolves when
 * the stream opens, before the image exists: followProgress waits for the end, and a stream that goes
 * quiet for STALL_MS is abandoned and retried.
 */
export async function ensureImage(engine: Engine, image: string, options: EnsureImageOptions): Promise<'present' | 'pulled'> {
  if (await imageExists(engine, image)) return 'present';
  await retry(() => pullOnce(engine, image, options), {
    attempts: ATTEMPTS,
    timeoutMs: Number.POSITIVE_INFINITY,
    intervalMs: FIRST_BACKOFF_MS,
    backoff: 2,
    signal: engine.signal,
    clock: options.clock ?? systemClock,
    onRetry: (error, attempt) => options.log.debug(`pull ${image} attempt ${attempt} failed: ${(error as Error).message}`),
    onGiveUp: (error, attempt) => {
      options.log.debug(`pull ${image} attempt ${attempt} failed: ${(error as Error).message}`);
      return new OperationError(
        `image ${image} is not present and could not be pulled: ${(error as Error)?.message ?? 'unknown error'}`,
        `load or build it locally (docker load / docker build), or set services.<name>.image in the config to an image this engine has`,
        { cause: error },
      );
    },
  });
  return 'pulled';
}

export async function imageExists(engine: Engine, image: string): Promise<boolean> {
  try {
    await engine.call(`inspect image ${image}`, (abortSignal) => engine.docker.getImage(image).inspect({ abortSignal } as object));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

async function pullOnce(engine: Engine, image: string, options: EnsureImageOptions): Promise<void> {
  const stream = (await engine.call(`pull ${image}`, (abortSignal) => engine.docker.pull(image, { abortSignal }))) as NodeJS.ReadableStream & {
    destroy(error?: Error): void;
  };
  await new Promise<void>((resolve, reject) => {
    const stall = () => stream.destroy(new Error(`no progress for ${STALL_MS / 1000} s`));
    let stallTimer = setTimeout(stall, STALL_MS);
    const onAbort = () => stream.destroy(new Error('interrupted'));
    engine.signal.addEventListener('abort', onAbort, { once: true });
    (engine.docker.modem as Docker['modem']).followProgress(
      stream,
      (error: Error | null) => {
        clearTimeout(stallTimer);
        engine.signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      },
      (event: { status?: string; progress?: string; id?: string; error?: string }) => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(stall, STALL_MS);
        if (event.error) stream.destroy(new Error(event.error));
        else options.onProgress?.([event.id, event.status, event.progress].filter(Boolean).join(' '));
      },
    );
  });
}
