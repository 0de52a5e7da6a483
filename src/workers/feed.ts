/**
 * An in-process publish/subscribe channel passed explicitly to the workers that share it (no global
 * registry). A slow or throwing subscriber never stops the publisher or the other subscribers.
 */
export interface Feed<T> {
  publish(value: T): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (value: T) => void): () => void;
  /** Whether a producer has announced itself (the observer then uses it instead of its own source). */
  readonly hasProducer: boolean;
  /** Called by the producer when it starts; the returned function retracts it. */
  announceProducer(): () => void;
}

export function createFeed<T>(onListenerError: (error: unknown) => void = () => undefined): Feed<T> {
  const listeners = new Set<(value: T) => void>();
  let producers = 0;
  return {
    publish(value) {
      for (const listener of listeners) {
        try {
          listener(value);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get hasProducer() {
      return producers > 0;
    },
    announceProducer() {
      producers++;
      let retracted = false;
      return () => {
        if (!retracted) producers--;
        retracted = true;
      };
    },
  };
}
