/**
 * Typed errors: where a problem is found, say what is wrong and how to fix it.
 * Only src/cli/ turns them into output and exit codes (see exitCodeFor).
 */
export const ExitCode = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class RocketError extends Error {
  readonly exitCode: ExitCodeValue = ExitCode.failed;
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad usage or bad configuration: exit 2. Nothing may have been changed when this is thrown. */
export class UsageError extends RocketError {
  override readonly exitCode = ExitCode.usage;
}

/** The config file is invalid; `issues` are `dot.path: message` lines. */
export class ConfigError extends UsageError {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(
      `invalid configuration in ${file}:\n${issues.map((i) => `  - ${i}`).join('\n')}`,
      'fix the listed fields in the config file (defaults live in code: remove a field to use its default)',
    );
  }
}

/** An operation or check failed: exit 1. */
export class OperationError extends RocketError {}

/** The user pressed Ctrl-C or the AbortSignal fired: exit 130. */
export class InterruptedError extends RocketError {
  override readonly exitCode = ExitCode.interrupted;
  constructor(message = 'interrupted') {
    super(message);
  }
}

export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof RocketError) return error.exitCode;
  if (error instanceof Error && error.name === 'AbortError') return ExitCode.interrupted;
  return ExitCode.failed;
}

/** Throws InterruptedError when the signal has fired: call between steps that change things. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError();
}
