import { randomBytes } from 'node:crypto';
import type { Feed } from '../feed.js';

/** One observation: when it was made and what was seen (the payload is what gets encrypted). */
export interface Observation {
  ts: number;
  payload: unknown;
}

export interface Source {
  readonly kind: 'telemetry-feed' | 'synthetic';
  stop(): void;
}

/** Frames of the telemetry worker, as they come; their `ts` (number or ISO string) is kept, else now. */
export function followFeed(feed: Feed<unknown>, onObservation: (o: Observation) => void): Source {
  const unsubscribe = feed.subscribe((frame) => {
    const ts = (frame as { ts?: unknown } | null)?.ts;
    const parsed = typeof ts === 'number' ? ts : typeof ts === 'string' ? Date.parse(ts) : Number.NaN;
    onObservation({ ts: Number.isFinite(parsed) ? parsed : Date.now(), payload: frame });
  });
  return { kind: 'telemetry-feed', stop: unsubscribe };
}

/**
 * The observer's own source when no telemetry worker runs: `rate` observations per second (sent in ticks
 * of at least 10 ms, catching up when a tick is late), until `remaining` have been made.
 */
export function startSynthetic(
  options: { rate: number; remaining: number | null; vehicle: string; firstNumber: number },
  onObservation: (o: Observation) => void,
): Source {
  const started = Date.now();
  const tickMs = Math.max(10, Math.floor(1000 / options.rate));
  let made = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * options.rate) + 1;
    const limit = options.remaining === null ? due : Math.min(due, options.remaining);
    for (; made < limit; made++) onObservation({ ts: Date.now(), payload: syntheticFrame(options.vehicle, options.firstNumber + made) });
    if (options.remaining !== null && made >= options.remaining) clearInterval(timer);
  }, tickMs);
  return { kind: 'synthetic', stop: () => clearInterval(timer) };
}

/** Plausible flight telemetry with a field that is unique per frame, so a leak of any payload is detectable. */
export function syntheticFrame(vehicle: string, n: number): Record<string, unknown> {
  const t = n / 10;
  return {
    vehicle,
    frame: n,
    altitude_m: Math.round(1200 * t - 4.9 * t * t * 0.01),
    velocity_mps: Math.round((1200 - 0.098 * t) * 10) / 10,
    fuel_pct: Math.max(0, Math.round((100 - t * 0.05) * 100) / 100),
    cabin_pressure_kpa: 101.3,
    crew_note: `frame-${randomBytes(6).toString('hex')}`,
  };
}
