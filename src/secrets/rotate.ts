import { OperationError } from '../shared/errors.js';
import { registerSecret } from '../shared/redact.js';
import { secretFormat, type SecretName } from './catalog.js';
import { readSecretsFile, writeSecretsFile } from './secrets-file.js';
import { generateSecretValue } from './secret-value.js';
import { secretsFilePath } from './secrets.js';

/**
 * Replaces one secret in .rocketctl/secrets.env with a fresh random value (atomic rewrite, 0600) and
 * returns it. The file must exist: call ensureSecrets() first. An environment override still wins
 * over the file, so callers check `Secrets.source()` before rotating.
 */
export async function rotateSecret(stateDir: string, name: SecretName): Promise<string> {
  const file = secretsFilePath(stateDir);
  const existing = await readSecretsFile(file);
  if (!existing)
    throw new OperationError(`secrets file ${file} does not exist`, 'run any command that needs secrets first (e.g. `rocketctl certs gen`), then rotate');
  const value = generateSecretValue(secretFormat(name));
  registerSecret(value);
  const values = new Map(existing.values);
  values.set(name, value);
  await writeSecretsFile(file, values, false);
  return value;
}
