import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, OperationError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { registerSecret } from '../shared/redact.js';
import { SECRET_NAMES, envVariablesFor, type SecretName } from './catalog.js';
import { readSecretsFile, writeSecretsFile } from './secrets-file.js';
import { generateSecretValue, secretValueProblem } from './secret-value.js';

export interface Secrets {
  get(name: SecretName): string;
  /** Where the value comes from: the file, or the environment variable that overrides it. */
  source(name: SecretName): string;
}

export const secretsFilePath = (stateDir: string): string => path.join(stateDir, 'secrets.env');

/**
 * Loads the secrets, creating the file (0600) with fresh random values for any that are missing.
 * Existing values are never changed; environment variables override them for this run.
 */
export async function ensureSecrets(stateDir: string, options: { env?: NodeJS.ProcessEnv; log?: Logger } = {}): Promise<Secrets> {
  const env = options.env ?? process.env;
  const file = secretsFilePath(stateDir);
  const overrides = readOverrides(env);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  let existing = await readSecretsFile(file);
  if (existing?.loose) options.log?.warn(`${file} was readable by other users; its mode is now 0600 (consider rotating the secrets)`);
  const missing = SECRET_NAMES.filter((name) => !existing?.values.has(name));
  if (missing.length > 0) {
    const values = new Map(existing?.values ?? []);
    for (const name of missing) values.set(name, generateSecretValue());
    try {
      await writeSecretsFile(file, values, existing === null);
    } catch (error) {
      // Another run created the file first: use its values rather than ours.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw writeFailure(file, error);
    }
    existing = await readSecretsFile(file);
  }
  const fileValues = existing!.values;
  for (const value of [...fileValues.values(), ...[...overrides.values()].map((o) => o.value)]) registerSecret(value);
  return {
    get: (name) => overrides.get(name)?.value ?? fileValues.get(name)!,
    source: (name) => overrides.get(name)?.variable ?? file,
  };
}

function readOverrides(env: NodeJS.ProcessEnv): Map<SecretName, { variable: string; value: string }> {
  const overrides = new Map<SecretName, { variable: string; value: string }>();
  const problems: string[] = [];
  for (const name of SECRET_NAMES) {
    const variable = envVariablesFor(name).find((v) => env[v] !== undefined && env[v] !== '');
    if (!variable) continue;
    const value = env[variable]!;
    registerSecret(value);
    const problem = secretValueProblem(value);
    if (problem) problems.push(`${variable} ${problem}`);
    else overrides.set(name, { variable, value });
  }
  const byValue = new Map<string, string>();
  for (const [, { variable, value }] of overrides) {
    const other = byValue.get(value);
    if (other) problems.push(`${variable} has the same value as ${other}: every account needs its own password`);
    byValue.set(value, variable);
  }
  if (problems.length > 0) {
    throw new UsageError(`unusable secret override:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'set a different value of at least 12 characters without quotes, backslashes or spaces, or unset the variable to use the generated secret');
  }
  return overrides;
}

function writeFailure(file: string, error: unknown): OperationError {
  return new OperationError(`cannot write secrets file ${file}: ${(error as Error).message}`, `make ${path.dirname(file)} writable by this user`, { cause: error });
}
