import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { OperationError, UsageError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { registerSecret } from '../shared/redact.js';
import { SECRET_NAMES, envVariablesFor, secretFormat, type SecretName } from './catalog.js';
import { existingProtectedState } from './protected-state.js';
import { readSecretsFile, writeSecretsFile } from './secrets-file.js';
import { SECRET_RULES, generateSecretValue, secretValueProblem } from './secret-value.js';

export interface Secrets {
  get(name: SecretName): string;
  /** Where the value comes from: the file, or the environment variable that overrides it. */
  source(name: SecretName): string;
}

export interface SecretsContext {
  config: ResolvedConfig;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** `--new-secrets`: generate a new secrets file even though data protected by the old one exists. */
  newSecrets?: boolean;
}

export const secretsFilePath = (stateDir: string): string => path.join(stateDir, 'secrets.env');

type Overrides = Map<SecretName, { variable: string; value: string }>;

/**
 * Loads the secrets, creating the file (0600) with fresh random values for any that are missing.
 * Existing values are never changed; environment variables override them for this run. Every override
 * is validated before anything is written. A missing file next to certificates, stores or data volumes
 * made with the old values stops the command instead of silently generating new ones.
 */
export async function ensureSecrets(context: SecretsContext, options: { dataVolumes?: readonly string[] } = {}): Promise<Secrets> {
  const { config, log } = context;
  const file = secretsFilePath(config.stateDir);
  const overrides = validateSecretOverrides(context.env);
  let existing = await readSecretsFile(file, { tighten: true });
  if (existing?.loose) log.warn(`${file} was readable by other users; its mode is now 0600 (consider rotating the secrets)`);
  if (existing === null && !context.newSecrets) {
    const evidence = [...(await existingProtectedState(config)), ...(options.dataVolumes ?? []).map((v) => `data volume ${v}`)];
    if (evidence.length > 0) {
      throw new OperationError(
        `${file} is missing, but data protected by its values exists:\n${evidence.map((e) => `  - ${e}`).join('\n')}\nnew secrets would lock you out of it; nothing was changed`,
        'restore the secrets file from your backup; or, to start over with new passwords on purpose, re-run with --new-secrets (stores are re-issued, and data volumes must be removed with `rocketctl down --volumes` or their passwords reset by hand)',
      );
    }
  }
  const missing = SECRET_NAMES.filter((name) => !existing?.values.has(name));
  if (missing.length > 0) {
    const values = new Map(existing?.values ?? []);
    for (const name of missing) values.set(name, generateSecretValue(secretFormat(name)));
    await mkdir(config.stateDir, { recursive: true, mode: 0o700 });
    try {
      await writeSecretsFile(file, values, existing === null);
    } catch (error) {
      // Another run created the file first: use its values rather than ours.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw writeFailure(file, error);
    }
    existing = await readSecretsFile(file);
  }
  return secretsFrom(file, existing!.values, overrides);
}

/** Read-only (status, certs list): the secrets as they are, or null when there is no secrets file. Never writes. */
export async function readSecrets(stateDir: string, options: { env: NodeJS.ProcessEnv }): Promise<Secrets | null> {
  const file = secretsFilePath(stateDir);
  const overrides = validateSecretOverrides(options.env);
  const existing = await readSecretsFile(file);
  return existing ? secretsFrom(file, existing.values, overrides) : null;
}

function secretsFrom(file: string, fileValues: Map<string, string>, overrides: Overrides): Secrets {
  const problems = sharedValues(fileValues, overrides);
  const list = problems.map((p) => `  - ${p.text}`).join('\n');
  if (problems.some((p) => p.fromEnv))
    throw new UsageError(`unusable secret override:\n${list}`, 'give each account its own value, or unset the variable to use the generated secret');
  if (problems.length > 0)
    throw new OperationError(
      `secrets file ${file} has shared values:\n${list}`,
      'restore it from a backup; rocketctl never rewrites a secrets file it cannot trust',
    );
  for (const value of [...fileValues.values(), ...[...overrides.values()].map((o) => o.value)]) registerSecret(value);
  return {
    get: (name) => {
      const value = overrides.get(name)?.value ?? fileValues.get(name);
      if (value === undefined)
        throw new OperationError(`secret ${name} is not in ${file}`, 'run a command that completes the secrets file (e.g. `rocketctl certs gen`)');
      return value;
    },
    source: (name) => overrides.get(name)?.variable ?? file,
  };
}

/** Overrides from the environment, each checked against the rules; throws UsageError (exit 2) before anything is written. */
export function validateSecretOverrides(env: NodeJS.ProcessEnv): Overrides {
  const overrides: Overrides = new Map();
  const problems: string[] = [];
  for (const name of SECRET_NAMES) {
    const variable = envVariablesFor(name).find((v) => env[v] !== undefined && env[v] !== '');
    if (!variable) continue;
    const value = env[variable]!;
    registerSecret(value);
    const problem = secretValueProblem(value, secretFormat(name));
    if (problem) problems.push(`${variable} ${problem}`);
    else overrides.set(name, { variable, value });
  }
  if (problems.length > 0) {
    throw new UsageError(
      `unusable secret override:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      `set a value of ${SECRET_RULES}, or unset the variable to use the generated secret`,
    );
  }
  return overrides;
}

/** No two accounts may share a password: every effective value (override or file) must be unique. */
function sharedValues(fileValues: Map<string, string>, overrides: Overrides): { fromEnv: boolean; text: string }[] {
  const problems: { fromEnv: boolean; text: string }[] = [];
  const seen = new Map<string, { name: SecretName; where: string; fromEnv: boolean }>();
  for (const name of SECRET_NAMES) {
    const override = overrides.get(name);
    const value = override?.value ?? fileValues.get(name);
    if (value === undefined) continue;
    const where = override ? override.variable : `${name} in the secrets file`;
    const other = seen.get(value);
    if (other)
      problems.push({
        fromEnv: Boolean(override) || other.fromEnv,
        text: `${where} has the same value as ${other.where}: every account needs its own password`,
      });
    else seen.set(value, { name, where, fromEnv: Boolean(override) });
  }
  return problems;
}

function writeFailure(file: string, error: unknown): OperationError {
  return new OperationError(`cannot write secrets file ${file}: ${(error as Error).message}`, `make ${path.dirname(file)} writable by this user`, {
    cause: error,
  });
}
