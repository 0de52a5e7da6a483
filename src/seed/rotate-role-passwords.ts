import { rotateSecret } from '../secrets/rotate.js';
import { ensureSecrets, secretsFilePath, type SecretsContext } from '../secrets/secrets.js';
import { UsageError } from '../shared/errors.js';
import { SEED_ROLES } from './roles.js';

/**
 * New random passwords for observer_writer and replicator in the secrets file; `seed` then sets them in every
 * store (it sets any role whose login fails with the current secret). Returns the rotated secret names.
 */
export async function rotateRolePasswords(context: SecretsContext): Promise<string[]> {
  const stateDir = context.config.stateDir;
  const secrets = await ensureSecrets(context);
  const file = secretsFilePath(stateDir);
  const overridden = SEED_ROLES.filter((role) => secrets.source(role.secret) !== file);
  if (overridden.length > 0) {
    throw new UsageError(
      `not rotated: ${overridden.map((role) => `${role.secret} comes from ${secrets.source(role.secret)}`).join('; ')}`,
      'unset the variable to rotate the secrets file, or give it a new value yourself and run `rocketctl seed` (seed sets each role to its current secret)',
    );
  }
  for (const role of SEED_ROLES) await rotateSecret(stateDir, role.secret);
  return SEED_ROLES.map((role) => role.secret);
}
