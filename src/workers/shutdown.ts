/** A worker's (or its server's) close(), written once. */
export interface Shutdown {
  /** True from the first close() on: health reports it, servers refuse new work with it. */
  readonly started: boolean;
  /** Memoised: every caller waits for the same run. Resolves when every step has run, whatever failed. */
  close(): Promise<void>;
}

/**
 * Steps run in order, each awaited (stop producing → drain → checkpoint → close clients and sockets); one that
 * throws is reported and the next still runs, so a failing step never leaves a socket or file handle open.
 * Steps that may run together are one step returning `Promise.allSettled([...])`.
 */
export function createShutdown(steps: ReadonlyArray<() => unknown>, onError: (error: unknown) => void = () => undefined): Shutdown {
  let closing: Promise<void> | undefined;
  return {
    get started() {
      return closing !== undefined;
    },
    close: () =>
      (closing ??= (async () => {
        for (const step of steps) {
          try {
            await step();
          } catch (error) {
            onError(error);
          }
        }
      })()),
  };
}
