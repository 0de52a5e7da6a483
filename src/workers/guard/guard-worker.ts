import { createKafkaClient } from '../../clients/kafka-client.js';
import { createRenewingProducer } from '../../clients/kafka-renewing-producer.js';
import { isRetryableKafkaError } from '../../clients/kafka-errors.js';
import { kafkaLoginFor } from '../../clients/kafka-login.js';
import { ALERTS_TOPIC, GUARD_CONSUMER, GUARD_CONSUMER_GROUP, GUARD_FEED_TOPIC } from '../../kafka/acl-plan.js';
import { retry } from '../../shared/retry.js';
import { foreverWithBackoff } from '../backoff.js';
import type { StartedWorker, WorkerContext, WorkerFactory } from '../worker.js';
import { createGuardRules, type Alert } from './rules.js';

/**
 * The guard: reads security-guard-feed as guard-consumer in group guard-consumers, applies the rules of
 * rules.ts, and writes each alert to telemetry-alerts (keyed by document id, or by rule). A batch's offsets
 * are committed only after Kafka acknowledged its alerts: a crash replays it (alerts at-least-once).
 */
export const createGuardWorker: WorkerFactory = async (context: WorkerContext): Promise<StartedWorker> => {
  const { config, secrets, log } = context;
  const settings = config.workers.guard;
  const login = await kafkaLoginFor(config, secrets, GUARD_CONSUMER);
  const stopping = new AbortController();
  const stop = AbortSignal.any([context.signal, stopping.signal]);
  const stopped = new AbortController();
  const kafka = createKafkaClient(login, { signal: stopped.signal, log, clientId: 'rocketctl-guard' });
  const rules = createGuardRules(settings);
  const state = { alertsSent: 0, crashes: 0, lastCrash: '', fatal: '' };
  const producer = createRenewingProducer(kafka, { idempotent: true });
  let consumer: Awaited<ReturnType<typeof kafka.consumer>>;
  try {
    await producer.connect();
    consumer = await kafka.consumer({ groupId: GUARD_CONSUMER_GROUP });
  } catch (error) {
    await kafka.close();
    throw error;
  }

  const send = async (alerts: Alert[]) => {
    const at = new Date().toISOString();
    await producer.send(ALERTS_TOPIC, alerts.map((alert) => ({ key: alert.id ?? alert.rule, value: JSON.stringify({ ...alert, at }) })));
  };

  await consumer.run({
    topics: [GUARD_FEED_TOPIC],
    fromBeginning: true,
    eachBatch: async (records) => {
      const alerts = records.flatMap((record) => rules.evaluate(record.value, record.timestamp));
      if (alerts.length === 0) return;
      for (const alert of alerts) log.info(`guard: ${alert.rule}: ${alert.detail}`);
      await retry(() => send(alerts), foreverWithBackoff(settings.retry, stop, { retryOn: isRetryableKafkaError }));
      state.alertsSent += alerts.length;
    },
    onCrash: (error, restarting) => {
      state.crashes++;
      state.lastCrash = error.message;
      if (!restarting) state.fatal = error.message;
      log.warn(`guard: consumer ${restarting ? 'restarting after' : 'stopped by'}: ${error.message}`);
    },
  });
  log.info(`guard: reading ${GUARD_FEED_TOPIC} as ${GUARD_CONSUMER} (group ${GUARD_CONSUMER_GROUP}) → alerts on ${ALERTS_TOPIC}`);

  let closing: Promise<void> | undefined;
  return {
    name: 'guard',
    health() {
      const stats = rules.stats();
      const raised = Object.entries(stats.alerts).filter(([, n]) => n > 0).map(([rule, n]) => `${rule} ${n}`).join(', ') || 'none';
      const metrics = { records: stats.records, redelivered: stats.redelivered, alertsSent: state.alertsSent, crashes: state.crashes, ...stats.alerts };
      if (state.fatal) return { healthy: false, detail: `stopped: ${state.fatal}`, metrics };
      return { healthy: true, detail: `${stats.records} record(s) checked, alerts: ${raised}`, metrics };
    },
    close() {
      closing ??= (async () => {
        stopping.abort();
        // Leaving the group waits for the batch in hand; its offsets are committed only if its alerts were sent.
        await Promise.allSettled([consumer.close()]);
        stopped.abort();
        await kafka.close();
      })();
      return closing;
    },
  };
};
