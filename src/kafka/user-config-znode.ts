import { OperationError } from '../shared/errors.js';
import { ensureZnodePath } from '../zookeeper/ensure-path.js';
import { updateZnode, type UpdateZnodeOptions } from '../zookeeper/update-znode.js';
import type { ZkClient } from '../zookeeper/zk-client.js';
import { sanitizeKafkaName } from './sanitize.js';

/** A user's whole config map: SCRAM credentials per mechanism and quota keys, all string values. */
export type UserConfig = Record<string, string>;

const CHANGES_PATH = '/config/changes';

/** Kafka's entity path, as used in change notifications: `users/<sanitized>` (ZkData.scala `ConfigEntityChangeNotificationSequenceZNode`, AdminZkClient.changeEntityConfig). */
export const userEntityPath = (user: string): string => `users/${sanitizeKafkaName(user)}`;
export const userConfigPath = (user: string): string => `/config/${userEntityPath(user)}`;

export function decodeUserConfig(data: Buffer | null, path: string): UserConfig {
  if (data === null || data.length === 0) return {};
  try {
    const parsed = JSON.parse(data.toString('utf8')) as { config?: unknown };
    if (parsed.config !== null && typeof parsed.config === 'object') return { ...(parsed.config as UserConfig) };
  } catch {
    // fall through: reported below
  }
  throw new OperationError(
    `${path} does not hold Kafka's {"version":1,"config":{...}} JSON`,
    'inspect it with zkCli.sh; rocketctl will not overwrite data it cannot read',
  );
}

export const encodeUserConfig = (config: UserConfig): Buffer => Buffer.from(JSON.stringify({ version: 1, config }), 'utf8');

/**
 * Read-modify-write of `/config/users/<sanitized>` keeping every key `modify` leaves alone (a SCRAM-SHA-256
 * login, quotas): the broker drops the cached credential of every mechanism missing from the map.
 * After a write, the change notification makes running brokers re-read the znode. Returns whether it wrote.
 */
export async function updateUserConfig(
  zk: ZkClient,
  user: string,
  modify: (config: UserConfig) => Promise<UserConfig | null>,
  options: Pick<UpdateZnodeOptions, 'beforeWrite'> = {},
): Promise<{ changed: boolean; notification?: string }> {
  const path = userConfigPath(user);
  const changed = await updateZnode(
    zk,
    path,
    async (current) => {
      const next = await modify(decodeUserConfig(current, path));
      return next === null ? null : encodeUserConfig(next);
    },
    options,
  );
  if (!changed) return { changed };
  return { changed, notification: await notifyUserConfigChange(zk, user) };
}

export async function notifyUserConfigChange(zk: ZkClient, user: string): Promise<string> {
  await ensureZnodePath(zk, CHANGES_PATH);
  const data = JSON.stringify({ version: 2, entity_path: userEntityPath(user) });
  return zk.create(`${CHANGES_PATH}/config_change_`, Buffer.from(data, 'utf8'), { sequential: true });
}
