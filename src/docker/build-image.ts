import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { OperationError } from '../shared/errors.js';
import { silentLogger } from '../shared/log.js';
import type { Engine } from './engine.js';
import { ensureImage, imageExists } from './ensure-image.js';

/** A build as src/docker runs it: the Dockerfile, the context's files (read from disk as they are sent) and labels. */
export interface ImageBuild {
  tag: string;
  dockerfile: string;
  /** `source` null: an empty folder. */
  files: readonly { path: string; mode: number; source: string | null }[];
  labels: Record<string, string>;
}

/** Laying ~150 MB of files on a base takes seconds; a slow disk may take minutes, never forever. */
const BUILD_TIMEOUT_MS = 10 * 60_000;
const STALL_MS = 120_000;

/** The build context as a tar stream, each file streamed from disk in turn (nothing is held in memory). */
function contextStream(build: ImageBuild): NodeJS.ReadableStream {
  const archive = pack();
  void (async () => {
    try {
      archive.entry({ name: 'Dockerfile', mode: 0o644 }, build.dockerfile);
      for (const file of build.files) {
        if (file.source === null) {
          archive.entry({ name: `${file.path}/`, type: 'directory', mode: file.mode });
          continue;
        }
        const { size } = await stat(file.source);
        await new Promise<void>((resolve, reject) => {
          const entry = archive.entry({ name: file.path, mode: file.mode, size }, (error) => (error ? reject(error) : resolve()));
          createReadStream(file.source!).on('error', reject).pipe(entry);
        });
      }
      archive.finalize();
    } catch (error) {
      archive.destroy(error as Error);
    }
  })();
  return archive as unknown as NodeJS.ReadableStream;
}

/**
 * Builds an image on the engine (its classic builder: no frontend image to pull, so it works offline) and waits for
 * the end, with a deadline, a stall limit and the signal. A failed step is an error naming the step's output.
 */
export async function buildImage(engine: Engine, build: ImageBuild, onProgress: (line: string) => void = () => undefined): Promise<void> {
  // The base first, pulled where a registry answers; without one, the error names the image and the fix.
  const base = /^FROM\s+(\S+)/m.exec(build.dockerfile)?.[1];
  if (base) await ensureImage(engine, base, { log: silentLogger, onProgress });
  const stream = (await engine.call(
    `build ${build.tag}`,
    (abortSignal) =>
      engine.docker.buildImage(contextStream(build) as never, { t: build.tag, labels: build.labels, rm: true, forcerm: true, abortSignal } as object),
    BUILD_TIMEOUT_MS,
  )) as NodeJS.ReadableStream & { destroy(error?: Error): void };
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => stream.destroy(new Error(`the build did not finish within ${BUILD_TIMEOUT_MS / 60_000} min`)), BUILD_TIMEOUT_MS);
    let stallTimer = setTimeout(stall, STALL_MS);
    function stall() {
      stream.destroy(new Error(`the build made no progress for ${STALL_MS / 1000} s`));
    }
    const onAbort = () => stream.destroy(new Error('interrupted'));
    engine.signal.addEventListener('abort', onAbort, { once: true });
    (engine.docker.modem as Docker['modem']).followProgress(
      stream,
      (error: Error | null) => {
        clearTimeout(deadline);
        clearTimeout(stallTimer);
        engine.signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      },
      (event: { stream?: string; error?: string; errorDetail?: { message?: string } }) => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(stall, STALL_MS);
        if (event.error) return stream.destroy(new Error(event.errorDetail?.message ?? event.error));
        const line = event.stream?.trim();
        if (line) {
          output.push(line);
          onProgress(line);
        }
      },
    );
  }).catch((error: unknown) => {
    if (engine.signal.aborted) throw error;
    throw new OperationError(
      `building ${build.tag} failed: ${(error as Error).message}\n${output.slice(-8).join('\n')}`,
      'fix what the build output shows, then run the command again',
      {
        cause: error,
      },
    );
  });
}

/** The image, built when this engine does not have it yet (or when forced): tags name their recipe, so present is current. */
export async function ensureBuiltImage(
  engine: Engine,
  build: ImageBuild,
  options: { force?: boolean; onProgress?: (line: string) => void } = {},
): Promise<'present' | 'built'> {
  if (!options.force && (await imageExists(engine, build.tag))) return 'present';
  await buildImage(engine, build, options.onProgress);
  return 'built';
}
