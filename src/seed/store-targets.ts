import { STORE_NAMES, serviceDescriptor, type ServiceName, type StoreName } from '../services/descriptors.js';
import { OperationError, RocketError } from '../shared/errors.js';
import { parseHostPort } from '../shared/host-port.js';
import type { StoreTarget } from './store-target.js';

/** The services that hold data, in list order: each descriptor names the endpoint it is seeded through. */
export const SEED_STORES: readonly StoreName[] = STORE_NAMES;

/** Where a store is reached from this host (its seed endpoint, as the engine publishes it), or why it cannot be. */
/** What a store target needs of the stack's view of a container (any StackDriver's view has these). */
export interface StoreLocation {
  state: 'running' | 'stopped' | 'missing';
  detail: string;
  /** Endpoint name → host:port as reachable from this host. */
  endpoints: Record<string, string>;
}

export function storeTarget(store: ServiceName, service: StoreLocation | undefined, rest: Omit<StoreTarget, 'host' | 'port'>, command: string): StoreTarget {
  if (!service || service.state === 'missing' || service.state === 'stopped') {
    throw new OperationError(`${store} is not running (${service?.detail ?? 'no container'})`, `run \`rocketctl up ${store}\`, then \`${command}\` again`);
  }
  const endpoint = serviceDescriptor(store).seed!.endpoint;
  const address = service.endpoints[endpoint];
  if (!address) {
    throw new OperationError(
      `${store}: its ${endpoint} port is not published, so it cannot be reached from this host`,
      `publish it (services.${store}.ports.${endpoint} in the config), run \`rocketctl up\`, then \`${command}\``,
    );
  }
  return { ...rest, ...parseHostPort(address) };
}

/** A store's failure in words an operator can act on: unreachable (with how to bring it up) or the server's own error. */
export function explainStoreFailure(store: ServiceName, error: unknown, command: string): OperationError {
  // Drivers put stack traces and inner errors in their messages: the first line says what happened.
  const message = ((error as Error).message ?? String(error)).split('\n')[0]!;
  const text = message.startsWith(store) ? message : `${store}: ${message}`;
  if (error instanceof RocketError) return new OperationError(text, error.hint, { cause: error });
  const unreachable = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|timeout|timed out|did not finish within|All host\(s\) tried|Connection terminated/i.test(
    message,
  );
  const hint = unreachable
    ? `${store} did not answer: check \`rocketctl status\`, run \`rocketctl up ${store}\`, then \`${command}\` again`
    : `fix the cause shown, then run \`${command}\` again (\`rocketctl logs ${store}\` shows the server's side)`;
  return new OperationError(text, hint, { cause: error });
}
