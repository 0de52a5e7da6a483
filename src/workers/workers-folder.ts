import { lstat, mkdir } from 'node:fs/promises';
import { OperationError } from '../shared/errors.js';
import { describeKind } from '../shared/own-file.js';

async function folderProblem(folder: string): Promise<OperationError | 'missing' | null> {
  const stats = await lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw new OperationError(`cannot examine ${folder}: ${error.code ?? error.message}`, 'check the permissions of the state folder');
  });
  if (stats === null) return 'missing';
  const remake = 'rocketctl makes the folder itself (0700) at the next `rocketctl workers start`';
  // Followed, a link would put the runtime files (and the observer's store) wherever it points, a 0777 folder included.
  if (stats.isSymbolicLink())
    return new OperationError(`${folder} is a symbolic link: rocketctl does not follow it`, `remove the link (\`rm ${folder}\`); ${remake}`);
  if (!stats.isDirectory())
    return new OperationError(`${folder} is ${describeKind(stats)}, not a folder`, `move it away (\`mv ${folder} ${folder}.old\`); ${remake}`);
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid)
    return new OperationError(`${folder} belongs to user ${stats.uid}, not to this user (${uid})`, `move it away (\`mv ${folder} ${folder}.old\`); ${remake}`);
  return null;
}

/**
 * The workers' folder (`workersDir`: `.rocketctl/workers` on the host, the state volume in the workers member) holds
 * the runtime files, the observer's store and the listener's checkpoint.
 * For readers: false when there is no folder (no worker ever started); throws when it is there but not this user's folder.
 */
export async function workersFolderExists(folder: string): Promise<boolean> {
  const problem = await folderProblem(folder);
  if (problem instanceof OperationError) throw problem;
  return problem === null;
}

/** For writers: makes the folder (0700) if it is missing; throws when it is there but not this user's folder. */
export async function ensureWorkersFolder(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    // EEXIST or ENOTDIR: something that is not a folder is in the way; folderProblem says what.
    if (error.code !== 'EEXIST' && error.code !== 'ENOTDIR') throw error;
  });
  const problem = await folderProblem(folder);
  if (problem instanceof OperationError) throw problem;
  if (problem === 'missing') throw new OperationError(`cannot make ${folder}`, 'check that the state folder is a folder of this user');
  return folder;
}
