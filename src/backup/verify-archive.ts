import { createHash } from 'node:crypto';
import { ArchiveDamagedError, partFailure } from './archive-errors.js';
import { contentMismatch } from './archive-manifest.js';
import type { BackupKey } from './backup-key.js';
import { openArchive, partRecords, type OpenedArchive } from './open-archive.js';

/** A part as its manifest lists it; `ok` when every record authenticated and the recomputed size and sha256 match. */
export interface PartReport {
  name: string;
  bytes: number;
  sha256: string;
  ok: boolean;
  error?: string;
}

export interface VerifyReport {
  ok: boolean;
  file: string;
  format: number;
  createdAt: string;
  rocketctlVersion: string;
  project: string;
  parts: PartReport[];
}

/**
 * Reads the whole archive and writes nothing: header, key, manifest (any failure there throws: nothing can be trusted
 * past it), then every record of every part, recomputing each part's size and sha256. A damaged part does not stop
 * the others from being checked: the report lists each with its own error.
 */
export async function verifyArchive(file: string, key: BackupKey, options: { signal?: AbortSignal } = {}): Promise<VerifyReport> {
  const archive = await openArchive(file, key, options.signal);
  try {
    const parts: PartReport[] = [];
    for (let index = 0; index < archive.manifest.parts.length; index++) parts.push(await verifyPart(archive, index, options.signal));
    const { format, createdAt, rocketctlVersion, project } = archive.manifest;
    return { ok: parts.every((part) => part.ok), file, format, createdAt, rocketctlVersion, project, parts };
  } finally {
    await archive.handle.close();
  }
}

/** For restore: throws, naming every failed part, unless the whole archive verified. */
export function assertVerified(report: VerifyReport): void {
  const failed = report.parts.filter((part) => !part.ok);
  if (failed.length === 0) return;
  throw new ArchiveDamagedError(
    'part',
    `archive ${report.file} fails verification in ${failed.length} of ${report.parts.length} parts:\n${failed.map((part) => `  - ${part.error}`).join('\n')}`,
    failed[0]!.name,
  );
}

async function verifyPart(archive: OpenedArchive, index: number, signal: AbortSignal | undefined): Promise<PartReport> {
  const part = archive.manifest.parts[index]!;
  const listed = { name: part.name, bytes: part.bytes, sha256: part.sha256 };
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const plaintext of partRecords(archive, index, signal)) {
      hash.update(plaintext);
      bytes += plaintext.length;
    }
  } catch (error) {
    if (error instanceof ArchiveDamagedError) return { ...listed, ok: false, error: error.message };
    throw error;
  }
  const mismatch = contentMismatch(part, bytes, hash.digest('hex'));
  return mismatch ? { ...listed, ok: false, error: `archive ${archive.file}: ${partFailure(part.name, mismatch)}` } : { ...listed, ok: true };
}
