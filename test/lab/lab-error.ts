import { OperationError } from '../../src/shared/errors.js';

/** A lab setup step failed. The message names the step; the hint says how to fix it. */
export class LabError extends OperationError {
  constructor(
    readonly step: string,
    message: string,
    hint: string,
    options?: { cause?: unknown },
  ) {
    super(`lab: ${step}: ${message}`, hint, options);
  }
}
