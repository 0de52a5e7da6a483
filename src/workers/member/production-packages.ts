import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OperationError } from '../../shared/errors.js';

export interface InstalledPackage {
  name: string;
  version: string;
  /** Absolute folder of the installed package. */
  dir: string;
}

interface Manifest {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

/** Node's lookup: `node_modules/<name>` in the requiring package's folder, then in every folder above it. */
function locate(name: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Every package the installed rocketctl needs at run time (its dependencies, theirs, and so on), found the way Node
 * finds them, without npm and without development-only packages. A missing required dependency is an error with the
 * fix; missing optional and peer dependencies are left out, as Node would run without them.
 */
export function productionPackages(root: string): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const missing: string[] = [];
  const queue: { dir: string; manifest: Manifest }[] = [{ dir: root, manifest: readManifest(root) }];
  while (queue.length > 0) {
    const { dir, manifest } = queue.shift()!;
    const required = Object.keys(manifest.dependencies ?? {});
    const optional = [...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
    for (const name of [...required, ...optional]) {
      const location = locate(name, dir);
      if (location === null) {
        if (required.includes(name) && !(manifest.optionalDependencies ?? {})[name]) missing.push(`${name} (needed by ${manifest.name ?? dir})`);
        continue;
      }
      if (found.has(location)) continue;
      const installed = readManifest(location);
      found.set(location, { name, version: installed.version ?? '0.0.0', dir: location });
      queue.push({ dir: location, manifest: installed });
    }
  }
  if (missing.length > 0) {
    throw new OperationError(
      `rocketctl's installation lacks packages it needs at run time: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
      'reinstall rocketctl (`npm ci` in a checkout, or `npm i -g rocketctl`), then run the command again',
    );
  }
  return [...found.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}
