import { pack } from 'tar-stream';
import type { MaterializedFile } from './spec-files.js';

/**
 * A tar of the files to copy into a container, owned by the service's user: the engine applies owner
 * and mode as given, so keys stay 0600 yet readable by a service that does not run as root.
 */
export async function tarFiles(files: readonly MaterializedFile[], owner: { uid: number; gid: number }): Promise<Buffer> {
  const archive = pack();
  // Only each file's own folder gets an entry (and so the owner): ancestors such as /etc stay root's;
  // the engine creates missing ancestors itself.
  const directories = new Set(files.map((file) => file.path.replace(/^\//, '').split('/').slice(0, -1).join('/')).filter(Boolean));
  for (const dir of [...directories].sort()) {
    archive.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, uid: owner.uid, gid: owner.gid });
  }
  for (const file of files) {
    archive.entry({ name: file.path.replace(/^\//, ''), mode: file.mode, uid: owner.uid, gid: owner.gid }, file.content);
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
