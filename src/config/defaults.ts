import { DEFAULT_KEY_ALGORITHM } from './key-algorithms.js';
import type { ResolvedTls, TopicConfig } from './types.js';

// Service defaults (image, profile, ports) live in each service's descriptor (src/services/<name>/descriptor.ts),
// a worker's settings in its own (src/workers/<name>/descriptor.ts).

export const DEFAULT_PROJECT = 'rocketctl';
export const DEFAULT_CONFIG_FILE = 'rocketctl.config.ts';
export const DEFAULT_BIND_ADDRESS = '127.0.0.1';

export const DEFAULT_TLS: ResolvedTls = {
  keyAlgorithm: DEFAULT_KEY_ALGORITHM,
  caValidityDays: 3650,
  // 397 days: the longest validity public clients still accept for server certificates.
  leafValidityDays: 397,
  renewWithinDays: 30,
};

export const DEFAULT_SCRAM_ITERATIONS = 4096;

/** The workers image's base: pullable wherever a registry is reachable; any glibc image with a shell will do. */
export const DEFAULT_WORKERS_BASE_IMAGE = 'debian:bookworm-slim';

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** The three topics of the telemetry backend; one broker, so replication 1. */
export const DEFAULT_TOPICS: Record<string, Required<TopicConfig>> = {
  'security-guard-feed': { partitions: 3, replicationFactor: 1, retentionMs: WEEK_MS },
  'telemetry-alerts': { partitions: 3, replicationFactor: 1, retentionMs: WEEK_MS },
  'ai-patterns': { partitions: 1, replicationFactor: 1, retentionMs: 4 * WEEK_MS },
};
