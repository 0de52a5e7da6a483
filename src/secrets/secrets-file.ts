import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { OperationError } from '../shared/errors.js';
import { SECRET_CATALOG, secretFormat, type SecretName } from './catalog.js';
import { secretValueProblem } from './secret-value.js';

const HEADER = [
  '# rocketctl secrets: generated, never printed. Keep this file 0600 and back it up with your data:',
  '# the values protect data that already exists (database roles, keystores, Kafka credentials).',
  '# Override one with ROCKETCTL_<NAME> in the environment; print one with `rocketctl secrets get NAME`.',
];

const RESTORE = 'restore it from a backup; rocketctl never rewrites a secrets file it cannot read, because its values protect existing data';

/** Parses `NAME=value` lines; a line that is neither that, blank nor a comment, or a value that breaks the rules, makes the file corrupt. */
export function parseSecretsFile(text: string, file: string): Map<string, string> {
  const values = new Map<string, string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new OperationError(`secrets file ${file} is corrupt at line ${index + 1}: not NAME=value`, RESTORE);
    // Hand-edited or truncated values are refused here, not after they broke a server's config.
    const problem = secretValueProblem(match[2]!, match[1]! in SECRET_CATALOG ? secretFormat(match[1] as SecretName) : 'token');
    if (problem) throw new OperationError(`secrets file ${file} is corrupt at line ${index + 1}: the value of ${match[1]} ${problem}`, RESTORE);
    if (values.has(match[1]!)) throw new OperationError(`secrets file ${file} is corrupt at line ${index + 1}: ${match[1]} appears twice`, RESTORE);
    values.set(match[1]!, match[2]!);
  });
  return values;
}

export function renderSecretsFile(values: ReadonlyMap<string, string>): string {
  return [...HEADER, ...[...values].map(([name, value]) => `${name}=${value}`), ''].join('\n');
}

export interface SecretsFileContents {
  values: Map<string, string>;
  /** Readable or writable by group or others. */
  loose: boolean;
}

/**
 * Reads the file without following a symbolic link (a planted link could point anywhere, and a chmod
 * through it would change someone else's file). With `tighten`, a loose mode is fixed on the opened
 * descriptor itself. Null when the file does not exist.
 */
export async function readSecretsFile(file: string, options: { tighten?: boolean } = {}): Promise<SecretsFileContents | null> {
  const link = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw unreadable(file, error);
  });
  if (link === null) return null;
  if (link.isSymbolicLink())
    throw new OperationError(
      `secrets file ${file} is a symbolic link; rocketctl refuses to follow it`,
      'replace the link with the real file (0600, owned by you), then re-run',
    );
  if (!link.isFile()) throw new OperationError(`secrets file ${file} is not a regular file`, 'move it away and restore the real secrets file');
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(file, error);
  });
  try {
    const loose = ((await handle.stat()).mode & 0o077) !== 0;
    const values = parseSecretsFile(await handle.readFile('utf8'), file);
    if (loose && options.tighten) await handle.chmod(0o600);
    return { values, loose };
  } finally {
    await handle.close();
  }
}

export async function writeSecretsFile(file: string, values: ReadonlyMap<string, string>, exclusive: boolean): Promise<void> {
  await writeFileAtomic(file, renderSecretsFile(values), { mode: 0o600, exclusive });
}

function unreadable(file: string, error: NodeJS.ErrnoException): OperationError {
  return new OperationError(`cannot read secrets file ${file}: ${error.message}`, 'check the file and its folder permissions', { cause: error });
}
