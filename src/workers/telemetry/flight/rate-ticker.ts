export interface RateTicker {
  /** Ticks fired so far. */
  readonly ticks: number;
  /** Idempotent. */
  stop(): void;
}

/**
 * Calls `onTick` `rateHz` times a second on a fixed schedule (tick n is due at start + n × period), so
 * timer lateness does not accumulate into a lower rate. After a stall (a blocked event loop) the missed
 * ticks are skipped rather than fired in a burst.
 */
export function createRateTicker(rateHz: number, onTick: () => void, now: () => number = () => performance.now()): RateTicker {
  const period = 1000 / rateHz;
  const start = now();
  let due = 0;
  let ticks = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    due = Math.max(due + 1, Math.floor((now() - start) / period));
    timer = setTimeout(tick, Math.max(0, start + due * period - now()));
  };
  const tick = () => {
    if (stopped) return;
    ticks++;
    onTick();
    schedule();
  };
  schedule();
  return {
    get ticks() {
      return ticks;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
