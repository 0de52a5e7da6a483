import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';

/**
 * What was made with the secrets file's values and would become unusable with new ones: Java stores
 * (encrypted with a store password) and a CA (every running service trusts it). Read-only.
 */
export async function existingProtectedState(config: ResolvedConfig): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (/\.(jks|p12)$/.test(entry.name)) found.push(`Java store ${path.relative(config.root, full)}`);
    }
  };
  await walk(config.certsDir);
  return found.sort();
}
