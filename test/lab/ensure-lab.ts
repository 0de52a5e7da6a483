import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hostCodename, readDebianSources, toSourcesList } from './apt-sources.js';
import { baseRecipeHash, buildBaseImage } from './base-image.js';
import { DOCKER, ensureDockerEngine } from './docker-engine.js';
import { assertFreeDisk, assertRoot } from './host-check.js';
import { ensureHostPackages } from './host-packages.js';
import { withLabLock } from './lab-lock.js';
import { BASE_IMAGE, LAB_IMAGES, type LabImage, type LabImageName } from './lab-images.js';
import { cacheDir } from './lab-paths.js';
import { RECIPE_HASH_LABEL } from './recipe-hash.js';
import { tryOutput } from './run-command.js';
import { buildServiceImage, serviceRecipeHash } from './service-image.js';

export interface EnsureLabOptions {
  signal?: AbortSignal;
  /** Progress lines (stderr in the CLI and the test runner). */
  log?: (line: string) => void;
  /** Rebuild these images (or all, with `true`) even when their recipe hash matches. */
  rebuild?: boolean | readonly (LabImageName | 'base')[];
}

export interface LabReady {
  engineVersion: string;
  images: Record<LabImageName, string>;
  /** Images built by this call; empty on a warm run. */
  built: string[];
  seconds: number;
}

/** Roughly what a cold build adds under the engine's root dir (images + build cache), with margin. */
const DISK_NEEDED_GIB = 6;
/** Two builds at once: on 2 cores one mostly downloads while the other unpacks. */
const BUILD_CONCURRENCY = 2;

/**
 * Makes the test lab ready, idempotently: host packages, a running engine, and every lab image whose
 * recipe hash label matches its recipe. A warm run (nothing to do) touches neither apt nor the network.
 */
export async function ensureLab(options: EnsureLabOptions = {}): Promise<LabReady> {
  const { signal } = options;
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  assertRoot();
  return withLabLock(signal, log, async () => {
    await ensureHostPackages({ signal, log });
    const engineVersion = await ensureDockerEngine({ signal, log });
    const forced = (name: string) => options.rebuild === true || (Array.isArray(options.rebuild) && options.rebuild.includes(name));

    const baseHash = baseRecipeHash();
    const baseNeeded = forced('base') || (await imageRecipeHash(BASE_IMAGE, signal)) !== baseHash;
    const pending: { image: LabImage; hash: string }[] = [];
    for (const image of LAB_IMAGES) {
      const hash = serviceRecipeHash(image, baseHash);
      if (baseNeeded || forced(image.name) || (await imageRecipeHash(image.tag, signal)) !== hash) pending.push({ image, hash });
    }
    const built: string[] = [];
    if (baseNeeded || pending.length > 0) {
      const rootDir = (await tryOutput(DOCKER, ['info', '--format', '{{.DockerRootDir}}'], signal)) ?? '/var/lib/docker';
      assertFreeDisk(rootDir, DISK_NEEDED_GIB, 'building the lab images');
      assertFreeDisk(cacheDir, 1, 'the lab download cache');
      const sources = readDebianSources(hostCodename());
      if (baseNeeded) {
        await timed(log, `base image ${BASE_IMAGE}`, () => buildBaseImage({ sources, hash: baseHash, signal }));
        built.push(BASE_IMAGE);
      }
      const aptSourcesFile = writeSecretSources(toSourcesList(sources));
      try {
        await runPool(pending, BUILD_CONCURRENCY, async ({ image, hash }) => {
          await timed(log, `image ${image.tag}`, () => buildServiceImage({ image, hash, aptSourcesFile, signal }));
          built.push(image.tag);
        });
      } finally {
        rmSync(aptSourcesFile, { force: true });
      }
      // Rebuilt tags leave their previous image dangling; drop those (only the lab's own).
      await tryOutput(DOCKER, ['image', 'prune', '--force', '--filter', 'label=org.rocketctl.lab'], signal, 120_000);
    }
    const images = Object.fromEntries(LAB_IMAGES.map((i) => [i.name, i.tag])) as Record<LabImageName, string>;
    return { engineVersion, images, built, seconds: (Date.now() - started) / 1000 };
  });
}

export async function imageRecipeHash(tag: string, signal?: AbortSignal): Promise<string | undefined> {
  const format = `{{ index .Config.Labels "${RECIPE_HASH_LABEL}" }}`;
  return tryOutput(DOCKER, ['image', 'inspect', '--format', format, tag], signal);
}

/** The apt sources for BuildKit's secret mount: a root-only file outside the repo, removed after the builds. */
export function writeSecretSources(content: string): string {
  const dir = path.join(cacheDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `apt-sources-${process.pid}.list`);
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

async function timed<T>(log: (line: string) => void, what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  log(`building ${what}…`);
  const result = await work();
  log(`built ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Runs `work` over `items`, at most `limit` at once; after a failure starts nothing new and rethrows it. */
async function runPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined && !failure; item = queue.shift()) {
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
