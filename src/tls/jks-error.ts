import { OperationError } from '../shared/errors.js';

/** A Java keystore could not be written or read back; the message says which part and why. */
export class JksError extends OperationError {}
