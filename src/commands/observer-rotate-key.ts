import { rotateSecret } from '../secrets/rotate.js';
import { ensureSecrets } from '../secrets/secrets.js';
import { UsageError } from '../shared/errors.js';
import { keyId } from '../workers/observer/envelope.js';
import { KEY_SECRET, decodeKey, loadKeyring, retireKey, retiredKeysPath } from '../workers/observer/keyring.js';
import type { CommandContext } from './context.js';

export interface ObserverRotateKeyResult {
  retired: string;
  current: string;
  retiredKeysFile: string;
}

/**
 * `rocketctl observer rotate-key`: the current key joins the retired keys first (fsynced), then the secret gets
 * a new one. Documents sealed before keep naming the old key id and still open; a running observer seals with
 * the new key after its next start.
 */
export async function observerRotateKey(context: CommandContext): Promise<ObserverRotateKeyResult> {
  const { config, log } = context;
  const secrets = await ensureSecrets(context);
  const source = secrets.source(KEY_SECRET);
  if (source.startsWith('ROCKETCTL_')) {
    throw new UsageError(
      `the observer key is set by ${source}: rotating the file would change nothing`,
      `add the current key to ${retiredKeysPath(config.stateDir)} as \`kid=key\`, then set ${source} to a new key (or unset it to use the secrets file)`,
    );
  }
  const { current } = await loadKeyring(config.stateDir, secrets);
  await retireKey(config.stateDir, current);
  const fresh = keyId(decodeKey(await rotateSecret(config.stateDir, KEY_SECRET), KEY_SECRET));
  log.info(
    `observer key ${current.id} retired (kept in ${retiredKeysPath(config.stateDir)}); new documents are sealed with ${fresh} once the observer restarts`,
  );
  return { retired: current.id, current: fresh, retiredKeysFile: retiredKeysPath(config.stateDir) };
}
