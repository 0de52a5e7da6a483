import type { BackoffSettings } from './descriptor.js';
import type { RetryOptions } from '../shared/retry.js';

/** The workers' retry: no deadline (they outlast any outage), doubling waits up to the cap, jittered; stops on the signal. */
export const foreverWithBackoff = (settings: BackoffSettings, signal: AbortSignal, more: Partial<RetryOptions> = {}): RetryOptions => ({
  timeoutMs: Number.POSITIVE_INFINITY,
  intervalMs: settings.initialMs,
  backoff: 2,
  maxIntervalMs: settings.maxMs,
  jitter: settings.jitter,
  signal,
  ...more,
});
