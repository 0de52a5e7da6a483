import { createKafkaClient } from '../../clients/kafka-client.js';
import { createRenewingProducer } from '../../clients/kafka-renewing-producer.js';
import { isRetryableKafkaError } from '../../clients/kafka-errors.js';
import { kafkaLoginFor } from '../../clients/kafka-login.js';
import { ALERTS_TOPIC, GUARD_CONSUMER, GUARD_CONSUMER_GROUP, GUARD_FEED_TOPIC } from '../../kafka/acl-plan.js';
import { retry } from '../../shared/retry.js';
import { foreverWithBackoff } from '../backoff.js';
import type { StartedWorker, WorkerContext, WorkerFactory } from '../worker.js';
import { createShutdown } from '../shutdown.js';
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
  const state = { alertsSent: 0, crashes: 0, lastCrash: '', fatal: '', restarting: '' };
  const producer = createRenewingProducer(kafka, { idempotent: true });
  try {
    await producer.connect();
  } catch (error) {
    await kafka.close();
    throw error;
  }

  const send = async (alerts: Alert[]) => {
    const at = new Date().toISOString();
    await producer.send(
      ALERTS_TOPIC,
      alerts.map((alert) => ({ key: alert.id ?? alert.rule, value: JSON.stringify({ ...alert, at }) })),
    );
  };

  // kafkajs stops a consumer for good on some transient failures (no group coordinator yet on a fresh broker,
  // a broker restart mid-join): the guard then starts a new one after a back-off. Only a refused login or a
  // missing ACL stops it for good.
  let consumer: Awaited<ReturnType<typeof kafka.consumer>> | undefined;
  const startConsumer = async (): Promise<void> => {
    const next = await kafka.consumer({ groupId: GUARD_CONSUMER_GROUP });
    consumer = next;
    await next.run({
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
        if (restarting || stop.aborted) return void log.warn(`guard: consumer restarting after: ${error.message}`);
        if (!isRetryableKafkaError(error)) {
          state.fatal = error.message;
          return void log.warn(`guard: consumer stopped by: ${error.message}`);
        }
        log.warn(`guard: consumer stopped by a transient failure (${error.message}); starting a new one`);
        state.restarting = error.message;
        void next
          .close()
          .then(() => retry(startConsumer, foreverWithBackoff(settings.retry, stop, { retryOn: isRetryableKafkaError })))
          .then(
            () => (state.restarting = ''),
            (failure: Error) => {
              if (!stop.aborted) state.fatal = failure.message;
            },
          );
      },
    });
  };
  try {
    await retry(startConsumer, foreverWithBackoff(settings.retry, stop, { retryOn: isRetryableKafkaError }));
  } catch (error) {
    await kafka.close();
    throw error;
  }
  log.info(`guard: reading ${GUARD_FEED_TOPIC} as ${GUARD_CONSUMER} (group ${GUARD_CONSUMER_GROUP}) → alerts on ${ALERTS_TOPIC}`);

  const shutdown = createShutdown(
    [
      () => stopping.abort(),
      // Leaving the group waits for the batch in hand; its offsets are committed only if its alerts were sent.
      () => consumer?.close(),
      () => stopped.abort(),
      () => kafka.close(),
    ],
    (error) => log.warn(`guard: while closing: ${(error as Error).message}`),
  );
  return {
    name: 'guard',
    health() {
      const stats = rules.stats();
      const raised =
        Object.entries(stats.alerts)
          .filter(([, n]) => n > 0)
          .map(([rule, n]) => `${rule} ${n}`)
          .join(', ') || 'none';
      const metrics = { records: stats.records, redelivered: stats.redelivered, alertsSent: state.alertsSent, crashes: state.crashes, ...stats.alerts };
      if (state.fatal) return { healthy: false, stopped: true, detail: `stopped: ${state.fatal}`, metrics };
      if (state.restarting) return { healthy: false, detail: `restarting its consumer after: ${state.restarting}`, metrics };
      return { healthy: true, detail: `${stats.records} record(s) checked, alerts: ${raised}`, metrics };
    },
    close: shutdown.close,
  };
};
