import { OperationError, UsageError } from '../shared/errors.js';

/** Where in an archive a problem was found: tests and `backup verify` name it. */
export type ArchiveRegion = 'header' | 'trailer' | 'manifest' | 'part';

const DO_NOT_RESTORE = 'do not restore from this copy: take another copy of the archive (or an older backup) and verify that one';

/** The archive was modified, damaged, truncated or extended: exit 1. `part` names the part when one is at fault. */
export class ArchiveDamagedError extends OperationError {
  constructor(
    readonly region: ArchiveRegion,
    message: string,
    readonly part?: string,
    hint = DO_NOT_RESTORE,
  ) {
    super(message, hint);
  }
}

/** The key or passphrase given is not the one the archive was written with. */
export class WrongKeyError extends UsageError {
  constructor(file: string, origin: string) {
    super(
      `the key does not open this archive (${file}; tried ${origin})`,
      'give the key or passphrase this archive was written with; if you are sure it is the right one, the archive header was modified: use another copy',
    );
  }
}

export const partFailure = (name: string, problem: string) => `part '${name}': ${problem}`;

export const recordFailure = (record: number, records: number, start: number, end: number) =>
  `record ${record + 1} of ${records} (archive bytes ${start}-${end - 1}) fails authentication: it was modified, damaged, or moved from another part or archive`;
