import type { LogSinks } from '../docker/container-logs.js';
import { openStack } from './open-stack.js';
import { readSecrets } from '../secrets/secrets.js';
import { WORKER_NAMES, WORKERS_MEMBER, isMemberName, isWorkerName, type MemberName } from '../workers/descriptors.js';
import { filterLines, isWorkerLine } from './worker-log-lines.js';
import { UsageError } from '../shared/errors.js';
import type { CommandContext } from './context.js';

/**
 * `rocketctl logs MEMBER|WORKER [-f]`: a member's container output into the sinks the CLI gives (stdout, stderr);
 * for one worker, the workers member's lines about it (`--tail` counts the member's lines, before that filter).
 */
export async function logs(context: CommandContext, name: string, options: { follow?: boolean; tail?: number }, sinks: LogSinks): Promise<void> {
  const { config } = context;
  if (!isMemberName(name) && !isWorkerName(name))
    throw new UsageError(`unknown service or worker "${name}"`, `use one of: ${[...Object.keys(config.services), WORKERS_MEMBER, ...WORKER_NAMES].join(', ')}`);
  if (options.tail !== undefined && !(Number.isInteger(options.tail) && options.tail >= 0))
    throw new UsageError(`--tail expects a whole number of lines, got ${options.tail}`, 'e.g. --tail 100');
  // Loading the secrets (read-only) registers them with the redactor: a service that logs one shows it masked.
  await readSecrets(config.stateDir, { env: context.env });
  const stack = await openStack(context);
  const worker = isWorkerName(name) ? name : null;
  await stack.writeLogs(
    worker ? WORKERS_MEMBER : (name as MemberName),
    { follow: options.follow ?? false, ...(options.tail === undefined ? {} : { tail: options.tail }) },
    worker ? filterLines(sinks, (line) => isWorkerLine(line, worker)) : sinks,
  );
}
