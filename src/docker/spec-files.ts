import type { ServiceSpec } from '../services/spec.js';
import { OperationError } from '../shared/errors.js';

/** A spec file with its bytes, read at create time. */
export interface MaterializedFile {
  path: string;
  mode: number;
  content: Buffer;
}

/** Reads every file a spec copies into its container; a missing certificate names the fix. */
export async function materializeFiles(spec: ServiceSpec): Promise<MaterializedFile[]> {
  return Promise.all(
    spec.files.map(async (file) => {
      try {
        const content = await file.read();
        return { path: file.path, mode: file.mode, content: Buffer.from(content) };
      } catch (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        throw new OperationError(
          `${spec.name}: cannot read ${file.source}${missing ? ' (missing)' : `: ${(error as Error).message}`}`,
          missing ? 'run `rocketctl certs gen` (or `rocketctl up`, which runs it)' : 'check the file and its permissions',
          { cause: error },
        );
      }
    }),
  );
}
