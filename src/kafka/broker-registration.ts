import { OperationError } from '../shared/errors.js';
import { retry } from '../shared/retry.js';
import type { ZkClient } from '../zookeeper/zk-client.js';

/** broker.id in templates/kafka/server.properties. */
export const BROKER_ID = 1;
// Kafka's zookeeper.session.timeout.ms default (18 s), plus room for ZooKeeper to notice.
const STALE_SESSION_WAIT_MS = 30_000;

/**
 * A broker that died without a clean shutdown leaves its ephemeral /brokers/ids/<id> until its ZooKeeper
 * session expires; a new broker started before that exits with NodeExists. Called only when no broker
 * container is running, so any registration found is stale: wait for it to go.
 */
export async function waitForStaleBrokerRegistration(zk: ZkClient, signal: AbortSignal, log: (line: string) => void): Promise<void> {
  const path = `/brokers/ids/${BROKER_ID}`;
  if ((await zk.get(path)) === null) return;
  log(`waiting for the previous broker's ZooKeeper session to expire (${path} still registered)`);
  await retry(
    async () => {
      if ((await zk.get(path)) !== null) throw new Error(`${path} still registered`);
    },
    {
      timeoutMs: STALE_SESSION_WAIT_MS,
      intervalMs: 500,
      signal,
      onGiveUp: () =>
        new OperationError(
          `${path} is still registered after ${STALE_SESSION_WAIT_MS / 1000} s`,
          'another broker with the same id may be running against this ensemble: stop it, then run `rocketctl up` again',
        ),
    },
  );
}
