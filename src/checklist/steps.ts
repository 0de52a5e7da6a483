import { cassandraTls } from './steps/cassandra-tls.js';
import { cockroachTls } from './steps/cockroach-tls.js';
import { kafkaScramStep } from './steps/kafka-scram.js';
import { kafkaTls } from './steps/kafka-tls.js';
import { schemasUsers } from './steps/schemas-users.js';
import { stackUp } from './steps/stack-up.js';
import { telemetryStep } from './steps/telemetry.js';
import { tlsAssets } from './steps/tls-assets.js';
import { workersStep } from './steps/workers.js';
import { zookeeperQuorum } from './steps/zookeeper-quorum.js';

/** The resume checklist, in the order an operator brings the backend back: each step only relies on earlier ones. */
export const CHECKLIST = [
  tlsAssets,
  stackUp,
  zookeeperQuorum,
  schemasUsers,
  cockroachTls,
  cassandraTls,
  kafkaTls,
  kafkaScramStep,
  workersStep,
  telemetryStep,
] as const;

/** The step ids, from the list itself: an id that is not a step cannot be named anywhere. */
export type StepId = (typeof CHECKLIST)[number]['id'];
export const STEP_IDS: readonly StepId[] = CHECKLIST.map((step) => step.id);
