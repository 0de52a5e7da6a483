import { z } from 'zod';
import { FORMAT_VERSION, HEADER_BYTES, cipherLength, recordCount } from './archive-format.js';

/**
 * A part's name is a relative path of plain segments ('postgres/dump.sql'): restore will turn it into a file name, so
 * no '..', no leading '/', no hidden or empty segment, whatever wrote the archive.
 */
const PART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
const MAX_PART_NAME = 200;

export function partNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_PART_NAME) return `must be 1 to ${MAX_PART_NAME} characters long`;
  if (!PART_NAME.test(name)) return "must be a relative path of segments made of letters, digits, '.', '_' and '-', each starting with a letter or digit";
  return undefined;
}

const partSchema = z.strictObject({
  name: z.string().refine((name) => partNameProblem(name) === undefined, 'is not a valid part name'),
  /** Plaintext bytes. */
  bytes: z.number().int().nonnegative(),
  /** sha256 of the plaintext, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Where the part's first record starts in the archive, and how many archive bytes its records take. */
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  records: z.number().int().positive(),
});

export const manifestSchema = z.strictObject({
  format: z.literal(FORMAT_VERSION),
  createdAt: z.iso.datetime(),
  rocketctlVersion: z.string(),
  project: z.string(),
  parts: z.array(partSchema),
});

export type ArchiveManifest = z.infer<typeof manifestSchema>;
export type ManifestPart = ArchiveManifest['parts'][number];

/**
 * Why an (authenticated) manifest still cannot describe this archive: parts must tile the space between the header
 * and the manifest exactly, each with the record count and length its size implies. Only a faulty writer gets here.
 */
export function manifestLayoutProblem(manifest: ArchiveManifest, recordSize: number, manifestOffset: number): string | undefined {
  const names = new Set<string>();
  let offset = HEADER_BYTES;
  for (const part of manifest.parts) {
    if (names.has(part.name)) return `part '${part.name}' is listed twice`;
    names.add(part.name);
    if (part.offset !== offset) return `part '${part.name}' starts at byte ${part.offset}, not ${offset}`;
    if (part.records !== recordCount(part.bytes, recordSize) || part.length !== cipherLength(part.bytes, recordSize))
      return `part '${part.name}' lists ${part.records} records over ${part.length} bytes, which does not fit its ${part.bytes} bytes`;
    offset += part.length;
  }
  if (offset !== manifestOffset) return `its parts end at byte ${offset}, but the manifest starts at ${manifestOffset}`;
  return undefined;
}

/** Why a fully authenticated part still differs from its manifest entry (only a faulty writer gets here). */
export function contentMismatch(part: ManifestPart, bytes: number, sha256: string): string | undefined {
  if (bytes !== part.bytes) return `${bytes} bytes read, the manifest lists ${part.bytes}`;
  if (sha256 !== part.sha256) return `its sha256 is ${sha256}, the manifest lists ${part.sha256}`;
  return undefined;
}
