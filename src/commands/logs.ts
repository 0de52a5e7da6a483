import type { LogSinks } from '../docker/container-logs.js';
import { openStack } from './open-stack.js';
import { readSecrets } from '../secrets/secrets.js';
import { isServiceName } from '../services/descriptors.js';
import { UsageError } from '../shared/errors.js';
import type { CommandContext } from './context.js';

/** `rocketctl logs SERVICE [-f]`: the container's output into the sinks the CLI gives (stdout, stderr). */
export async function logs(context: CommandContext, service: string, options: { follow?: boolean; tail?: number }, sinks: LogSinks): Promise<void> {
  const { config } = context;
  if (!isServiceName(service)) throw new UsageError(`unknown service "${service}"`, `use one of: ${Object.keys(config.services).join(', ')}`);
  if (options.tail !== undefined && !(Number.isInteger(options.tail) && options.tail >= 0))
    throw new UsageError(`--tail expects a whole number of lines, got ${options.tail}`, 'e.g. --tail 100');
  // Loading the secrets (read-only) registers them with the redactor: a service that logs one shows it masked.
  await readSecrets(config.stateDir, { env: context.env });
  const stack = await openStack(context);
  await stack.writeLogs(service, { follow: options.follow ?? false, ...(options.tail === undefined ? {} : { tail: options.tail }) }, sinks);
}
