import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pack } from 'tar-stream';
import type { ResolvedConfig } from '../../config/types.js';
import { secretsFilePath } from '../../secrets/secrets.js';
import { OperationError } from '../../shared/errors.js';
import { retiredKeysPath } from '../../workers/observer/keyring.js';
import type { ArchivePart } from '../../backup/write-archive.js';

/** The secrets file and the observer's retired keys (each as it is), and every file under the certificates folder (one tar). */
export async function projectFileParts(config: ResolvedConfig): Promise<ArchivePart[]> {
  const secrets = await readFile(secretsFilePath(config.stateDir)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new OperationError(`there is no secrets file at ${secretsFilePath(config.stateDir)}: nothing to back up yet`, 'run `rocketctl up` first');
    throw error;
  });
  const retired = await readFile(retiredKeysPath(config.stateDir)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  return [
    { name: 'state/secrets.env', content: secrets },
    ...(retired ? [{ name: 'state/observer-retired-keys.env', content: retired }] : []),
    { name: 'certs/certs.tar', content: await tarOfFolder(config.certsDir) },
  ];
}

/** Regular files and folders under `root`, names relative to it, modes kept (private keys stay 0600); links are refused. */
export async function tarOfFolder(root: string): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => (archive.on('end', resolve), archive.on('error', reject)));
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const name = path.relative(root, full);
      const stat = await lstat(full);
      if (stat.isDirectory()) {
        archive.entry({ name: `${name}/`, type: 'directory', mode: stat.mode & 0o777 });
        await walk(full);
      } else if (stat.isFile()) {
        archive.entry({ name, mode: stat.mode & 0o777, mtime: stat.mtime }, await readFile(full));
      } else {
        throw new OperationError(`${full} is neither a file nor a folder`, 'the certificates folder holds only files rocketctl wrote: move that entry away');
      }
    }
  };
  await walk(root);
  archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}
