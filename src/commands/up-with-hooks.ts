import { connectEngine } from '../docker/engine.js';
import { containerName } from '../docker/labels.js';
import { waitForStaleBrokerRegistration } from '../kafka/broker-registration.js';
import { withZooKeeper } from '../zookeeper/with-zookeeper.js';
import type { CommandContext } from './context.js';
import { kafkaScram } from './kafka-scram.js';
import { up, type UpResult } from './up.js';

/**
 * `up` with the hooks the real stack needs. The broker authenticates to itself with SCRAM, so the admin
 * credential must be in ZooKeeper before Kafka starts (idempotent: an unchanged one is not rewritten);
 * and a broker that crashed must have let go of its registration before a new one starts.
 */
export async function upWithHooks(context: CommandContext, options: { services?: string[] }): Promise<UpResult> {
  return up(context, {
    ...options,
    beforeStart: {
      kafka: async () => {
        await kafkaScram(context, { user: 'admin' });
        if (!(await brokerRunning(context))) {
          await withZooKeeper(context.config, { signal: context.signal }, (zk) => waitForStaleBrokerRegistration(zk, context.signal, context.log.info));
        }
      },
    },
  });
}

async function brokerRunning(context: CommandContext): Promise<boolean> {
  const engine = await connectEngine();
  const info = await engine.getContainer(containerName(context.config.project, 'kafka')).inspect().catch(() => null);
  return info?.State.Running ?? false;
}
