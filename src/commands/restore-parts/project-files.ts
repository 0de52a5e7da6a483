import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { OperationError } from '../../shared/errors.js';

/** A state file written exclusively (never over one that appeared meanwhile), mode 0600, in a 0700 folder. */
export async function writePrivateFile(file: string, content: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, content, { flag: 'wx', mode: 0o600 });
  await chmod(file, 0o600);
}

/**
 * Unpacks the certificates tar into `root` with the modes it recorded (private keys 0600): files and folders only,
 * each name inside `root` (an absolute name or a `..` is refused: the archive authenticated, but a restore writes
 * only where it means to).
 */
export async function extractFolder(tar: Buffer, root: string): Promise<number> {
  const unpack = extract();
  let files = 0;
  const done = new Promise<void>((resolve, reject) => {
    unpack.on('entry', (header, stream, next) => {
      const target = path.resolve(root, header.name);
      const inside = target === root || target.startsWith(root + path.sep);
      const fail = (problem: string) => {
        stream.resume();
        reject(new OperationError(`the certificates part holds ${JSON.stringify(header.name)}: ${problem}`, 'use another archive'));
      };
      if (!inside || path.isAbsolute(header.name)) return fail('a name outside the certificates folder');
      if (header.type === 'directory') {
        stream.resume();
        mkdir(target, { recursive: true, mode: (header.mode ?? 0o700) & 0o777 }).then(() => next(), reject);
        return;
      }
      if (header.type !== 'file') return fail(`a ${header.type ?? 'special'} entry`);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        files += 1;
        mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
          .then(() => writeFile(target, Buffer.concat(chunks), { flag: 'wx', mode: (header.mode ?? 0o600) & 0o777 }))
          .then(() => chmod(target, (header.mode ?? 0o600) & 0o777))
          .then(() => next(), reject);
      });
    });
    unpack.on('finish', resolve);
    unpack.on('error', reject);
  });
  Readable.from([tar]).pipe(unpack);
  await done;
  return files;
}
