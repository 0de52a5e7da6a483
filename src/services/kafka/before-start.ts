import { waitForStaleBrokerRegistration } from '../../kafka/broker-registration.js';
import { syncKafkaScram } from '../../kafka/scram-sync.js';
import { withZooKeeper } from '../../zookeeper/with-zookeeper.js';
import type { ServiceHookContext } from '../service-behaviour.js';

/**
 * The broker authenticates to itself with SCRAM, so the admin credential must be in ZooKeeper before it
 * starts (an unchanged one is not rewritten); and a broker that crashed must have let go of its
 * registration before a new one starts.
 */
export async function kafkaBeforeStart(context: ServiceHookContext): Promise<void> {
  await syncKafkaScram(context, { user: 'admin' });
  if (await context.isRunning()) return;
  await withZooKeeper(context.config, { signal: context.signal }, (zk) => waitForStaleBrokerRegistration(zk, context.signal, context.log.info));
}
