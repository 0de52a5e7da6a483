import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type LabImage } from './lab-images.js';
import { cacheDir, recipesDir } from './lab-paths.js';
import { runLogged } from './run-command.js';

/**
 * Assembles an image's build context in the cache: the recipe files plus what the host fetched for it
 * (jars from Maven Central, npm packages). Keyed by recipe hash and marked complete, so an interrupted
 * or failed build does not fetch again.
 */
export async function prepareBuildContext(image: LabImage, hash: string, signal?: AbortSignal): Promise<string> {
  const contextsDir = path.join(cacheDir, 'contexts');
  const dir = path.join(contextsDir, `${image.name}-${hash.slice(0, 16)}`);
  const marker = path.join(dir, '.complete');
  if (existsSync(marker)) return dir;
  removeOtherContexts(contextsDir, image.name, dir);
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(recipesDir, image.name), dir, { recursive: true });
  if (image.artifacts === 'maven') await fetchMavenLibs(image.name, dir, signal);
  if (image.artifacts === 'npm') await fetchNpmPackages(image.name, dir, signal);
  writeFileSync(marker, `${hash}\n`);
  return dir;
}

/** `pom.xml` names the artifacts; the plugin settings in it pick runtime scope and the natives to keep. */
async function fetchMavenLibs(name: string, dir: string, signal?: AbortSignal): Promise<void> {
  await runLogged('mvn', ['-B', '-q', '-f', path.join(dir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(dir, 'libs')}`], {
    step: `fetch ${name} jars`,
    hint: 'Maven Central must be reachable (mvn uses ~/.m2/settings.xml for proxies and mirrors); see the log',
    signal,
    timeoutMs: 900_000,
    cwd: dir,
  });
}

/**
 * npm runs on the host (Debian's nodejs 18 in the image ships without npm). Install scripts are skipped:
 * leveldown loads its prebuilt N-API binary at run time, so nothing needs compiling or downloading.
 */
async function fetchNpmPackages(name: string, dir: string, signal?: AbortSignal): Promise<void> {
  await runLogged('npm', ['install', '--omit=dev', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    step: `fetch ${name} npm packages`,
    hint: 'the npm registry must be reachable (npm config: registry, proxy); see the log',
    signal,
    timeoutMs: 900_000,
    cwd: path.join(dir, 'peer'),
  });
}

function removeOtherContexts(contextsDir: string, name: string, keep: string): void {
  mkdirSync(contextsDir, { recursive: true });
  for (const entry of readdirSync(contextsDir)) {
    const full = path.join(contextsDir, entry);
    if (entry.startsWith(`${name}-`) && full !== keep) rmSync(full, { recursive: true, force: true });
  }
}
