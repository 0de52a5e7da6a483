import type { AuditLedger } from '../audit/audit-ledger.js';
import type { SecretName } from '../secrets/catalog.js';
import { throwIfAborted } from '../shared/errors.js';
import type { ZkClient } from '../zookeeper/zk-client.js';
import { deriveScramCredential, formatScramCredential, generateScramSalt, parseScramCredential, scramCredentialMatches } from './scram-credential.js';
import { decodeUserConfig, updateUserConfig, userConfigPath, userEntityPath } from './user-config-znode.js';

const MECHANISM = 'SCRAM-SHA-512';

/** The Kafka identities rocketctl manages and the secret holding each password. */
export const KAFKA_SCRAM_USERS = {
  admin: 'KAFKA_ADMIN_PASSWORD',
  'guard-producer': 'KAFKA_GUARD_PRODUCER_PASSWORD',
  'guard-consumer': 'KAFKA_GUARD_CONSUMER_PASSWORD',
} as const satisfies Record<string, SecretName>;
export type KafkaScramUser = keyof typeof KAFKA_SCRAM_USERS;

export interface ScramUserPassword {
  name: string;
  password: string;
}

export interface ScramWriteResult {
  user: string;
  path: string;
  changed: boolean;
  /** The `/config/changes/config_change_N` znode written after the credential. */
  notification?: string;
}

export interface WriteScramOptions {
  zk: ZkClient;
  users: readonly ScramUserPassword[];
  iterations: number;
  /** Write a new salt and keys even when the stored credential already matches the password. */
  rotate?: boolean;
  audit: AuditLedger;
  signal?: AbortSignal;
}

/**
 * Puts a SCRAM-SHA-512 credential for each user into ZooKeeper exactly as Kafka stores it. A user whose
 * stored credential already verifies the password (with the configured iterations) is left untouched,
 * so a re-run writes nothing; every write is preceded by an audit entry.
 */
export async function writeScramCredentials(options: WriteScramOptions): Promise<ScramWriteResult[]> {
  const results: ScramWriteResult[] = [];
  for (const user of options.users) {
    throwIfAborted(options.signal);
    results.push(await writeOne(options, user));
  }
  return results;
}

async function writeOne(options: WriteScramOptions, user: ScramUserPassword): Promise<ScramWriteResult> {
  const { zk, iterations, rotate = false, audit } = options;
  // One credential for every attempt, so the audit digest names exactly what ends up in the znode.
  let credential: string | undefined;
  const newCredential = async () =>
    (credential ??= formatScramCredential(await deriveScramCredential(MECHANISM, user.password, generateScramSalt(), iterations)));
  const outcome = await updateUserConfig(
    zk,
    user.name,
    async (config) => {
      if (!rotate && (await isCurrent(config[MECHANISM], user.password, iterations))) return null;
      return { ...config, [MECHANISM]: await newCredential() };
    },
    {
      beforeWrite: async () => {
        await audit.record({
          action: rotate ? 'scram-credential-rotate' : 'scram-credential-set',
          entity: userEntityPath(user.name),
          mechanism: MECHANISM,
          iterations,
          newState: await newCredential(),
        });
      },
    },
  );
  return { user: user.name, path: userConfigPath(user.name), ...outcome };
}

async function isCurrent(stored: string | undefined, password: string, iterations: number): Promise<boolean> {
  if (stored === undefined) return false;
  let parsed;
  try {
    parsed = parseScramCredential(stored);
  } catch {
    return false; // unreadable: Kafka could not use it either, so it is replaced
  }
  return parsed.iterations === iterations && (await scramCredentialMatches(MECHANISM, parsed, password));
}

/** Whether ZooKeeper holds, for this user, a SCRAM-SHA-512 credential that verifies the password (read-only). */
export async function storedCredentialMatches(zk: ZkClient, user: string, password: string, iterations: number): Promise<boolean> {
  const node = await zk.get(userConfigPath(user));
  return isCurrent(decodeUserConfig(node?.data ?? null, userConfigPath(user))[MECHANISM], password, iterations);
}
