import { OperationError } from '../../../shared/errors.js';

/** Why the server could not listen, said so that an operator can fix it. */
export function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE')
    return new OperationError(
      `the telemetry server cannot listen on ${where}: the port is in use`,
      'pick another port with --port N (or workers.telemetry.port in the config), or stop what holds it',
      { cause: error },
    );
  if (code === 'EADDRNOTAVAIL')
    return new OperationError(
      `the telemetry server cannot listen on ${where}: no such local address`,
      'set bindAddress in the config to an address of this machine (127.0.0.1 by default)',
      { cause: error },
    );
  if (code === 'EACCES')
    return new OperationError(`the telemetry server may not listen on ${where}`, 'use a port above 1023, or run with the privilege to bind it', {
      cause: error,
    });
  return new OperationError(
    `the telemetry server cannot listen on ${where}: ${(error as Error).message}`,
    'check bindAddress and workers.telemetry.port in the config',
    { cause: error },
  );
}
