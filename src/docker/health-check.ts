import type { HealthCheck } from '../services/spec.js';

const NS_PER_MS = 1e6;

/** The engine's form of a member's health check (containers and Swarm tasks take the same one). */
export function engineHealthCheck(check: HealthCheck): { Test: string[]; Interval: number; Timeout: number; StartPeriod: number; Retries: number } {
  return {
    Test: ['CMD', ...check.command],
    Interval: check.intervalMs * NS_PER_MS,
    Timeout: check.timeoutMs * NS_PER_MS,
    StartPeriod: check.startPeriodMs * NS_PER_MS,
    Retries: check.retries,
  };
}
