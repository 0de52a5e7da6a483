import { readFile, stat, chmod } from 'node:fs/promises';
import { OperationError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/atomic-write.js';

const HEADER = [
  '# rocketctl secrets: generated, never printed. Keep this file 0600 and back it up with your data:',
  '# the values protect data that already exists (database roles, keystores, Kafka credentials).',
  '# Override one with ROCKETCTL_<NAME> in the environment; print one with `rocketctl secrets get NAME`.',
];

/** Parses `NAME=value` lines; a line that is neither that, blank nor a comment makes the file corrupt. */
export function parseSecretsFile(text: string, file: string): Map<string, string> {
  const values = new Map<string, string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = /^([A-Z][A-Z0-9_]*)=(.+)$/.exec(line);
    if (!match) {
      throw new OperationError(
        `secrets file ${file} is corrupt at line ${index + 1}`,
        'restore it from a backup; rocketctl never rewrites a corrupt secrets file, because its values protect existing data',
      );
    }
    values.set(match[1]!, match[2]!);
  });
  return values;
}

export function renderSecretsFile(values: ReadonlyMap<string, string>): string {
  return [...HEADER, ...[...values].map(([name, value]) => `${name}=${value}`), ''].join('\n');
}

export async function readSecretsFile(file: string): Promise<{ values: Map<string, string>; loose: boolean } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OperationError(`cannot read secrets file ${file}: ${(error as Error).message}`, 'check the file and its folder permissions');
  }
  const { mode } = await stat(file);
  const loose = (mode & 0o077) !== 0;
  if (loose) await chmod(file, 0o600);
  return { values: parseSecretsFile(text, file), loose };
}

export async function writeSecretsFile(file: string, values: ReadonlyMap<string, string>, exclusive: boolean): Promise<void> {
  await writeFileAtomic(file, renderSecretsFile(values), { mode: 0o600, exclusive });
}
