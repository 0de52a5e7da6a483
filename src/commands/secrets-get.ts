import { UsageError } from '../shared/errors.js';
import { SECRET_NAMES, parseSecretName } from '../secrets/catalog.js';
import { ensureSecrets } from '../secrets/secrets.js';
import type { CommandContext } from './context.js';

/** `rocketctl secrets get NAME`: the one command that prints a secret, on purpose. */
export async function secretsGet(context: CommandContext, requested: string): Promise<string> {
  const name = parseSecretName(requested);
  if (!name) {
    throw new UsageError(`unknown secret "${requested}"`, `use one of: ${SECRET_NAMES.join(', ')}`);
  }
  const secrets = await ensureSecrets(context);
  return secrets.get(name);
}
