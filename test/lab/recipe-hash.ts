import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const RECIPE_HASH_LABEL = 'org.rocketctl.recipe-hash';

/** Every file under `dir`, relative paths in a stable order. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const relative = path.posix.join(prefix, entry.name);
      return entry.isDirectory() ? listFiles(dir, relative) : [relative];
    });
}

/**
 * sha256 over a recipe folder's files (names and bytes) plus the inputs that shape the image but live
 * in code (versions, the base image's own hash). Equal hash ⇒ the image on disk is what the recipe builds.
 */
export function recipeHash(dir: string, inputs: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) {
    hash.update(`file ${file}\n`);
    hash.update(readFileSync(path.join(dir, file)));
    hash.update('\n');
  }
  for (const key of Object.keys(inputs).sort()) hash.update(`input ${key}=${inputs[key]}\n`);
  return hash.digest('hex');
}
