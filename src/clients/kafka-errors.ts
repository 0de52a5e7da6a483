import { OperationError, RocketError } from '../shared/errors.js';

interface KafkaJsError {
  name?: string;
  type?: string;
  retriable?: boolean;
  cause?: KafkaJsError;
  originalError?: KafkaJsError;
  errors?: KafkaJsError[];
}

/** kafkajs puts the broker's error on the error itself, its cause, the original error of a retry, or one of several. */
function chain(error: unknown): KafkaJsError[] {
  const found: KafkaJsError[] = [];
  const walk = (e: KafkaJsError | undefined, depth: number) => {
    if (!e || depth > 5) return;
    found.push(e);
    walk(e.cause, depth + 1);
    walk(e.originalError, depth + 1);
    for (const inner of e.errors ?? []) walk(inner, depth + 1);
  };
  walk(error as KafkaJsError, 0);
  return found;
}

export const isKafkaAuthenticationError = (error: unknown): boolean =>
  chain(error).some((e) => e.name === 'KafkaJSSASLAuthenticationError' || e.type === 'SASL_AUTHENTICATION_FAILED');

export const isKafkaAuthorizationError = (error: unknown): boolean => chain(error).some((e) => /_AUTHORIZATION_FAILED$/.test(e.type ?? ''));

/**
 * What a Kafka failure means to an operator. A refused password or a missing ACL will not heal by waiting:
 * they become errors that say which command fixes them and are never retried. Anything else (the broker
 * stopped, a leader moving, a timeout) is transient.
 */
export function describeKafkaError(error: unknown, user: string, what: string): RocketError {
  if (error instanceof RocketError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isKafkaAuthenticationError(error)) {
    return new PermanentKafkaError(
      `Kafka refused the login of ${user} while ${what} (SASL/SCRAM-SHA-512 authentication failed)`,
      `the password rocketctl has for ${user} does not match the broker's credential: run \`rocketctl kafka scram --user ${user}\`, then start the worker again`,
      error,
    );
  }
  if (isKafkaAuthorizationError(error)) {
    return new PermanentKafkaError(`Kafka denied ${user} while ${what}: ${message}`, 'run `rocketctl kafka acls` to add the ACLs the workers need', error);
  }
  return new OperationError(`Kafka: ${what} failed: ${message}`, 'check that the broker runs (`rocketctl status`); the worker retries on its own', {
    cause: error,
  });
}

/** A Kafka failure that retrying cannot fix. */
export class PermanentKafkaError extends OperationError {
  constructor(message: string, hint: string, cause: unknown) {
    super(message, hint, { cause });
  }
}

export const isRetryableKafkaError = (error: unknown): boolean =>
  !(error instanceof PermanentKafkaError) && !isKafkaAuthenticationError(error) && !isKafkaAuthorizationError(error);
