import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { tarFiles } from './archive.js';

async function entries(tar: Buffer): Promise<Array<{ name: string; mode: number; uid: number; gid: number; type: string; body: string }>> {
  const out: Array<{ name: string; mode: number; uid: number; gid: number; type: string; body: string }> = [];
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      let body = '';
      stream.on('data', (chunk: unknown) => (body += String(chunk)));
      stream.on('end', () => {
        out.push({ name: header.name, mode: header.mode ?? 0, uid: header.uid ?? -1, gid: header.gid ?? -1, type: header.type ?? '', body });
        next();
      });
    });
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  Readable.from([tar]).pipe(reader);
  await done;
  return out;
}

test("the copy-in tar gives the service user the files and their own folders, with each file's mode; ancestors stay root's", async () => {
  const tar = await tarFiles(
    [
      { path: '/etc/kafka/secrets/kafka.keystore.jks', mode: 0o600, content: Buffer.from('key') },
      { path: '/etc/kafka/rocketctl/server.properties', mode: 0o600, content: Buffer.from('a=1') },
      { path: '/etc/kafka/secrets/ca.crt', mode: 0o644, content: Buffer.from('ca') },
    ],
    { uid: 1000, gid: 1001 },
  );
  const list = await entries(tar);
  assert.deepEqual(
    list.filter((e) => e.type === 'directory').map((e) => e.name),
    ['etc/kafka/rocketctl/', 'etc/kafka/secrets/'],
  );
  const key = list.find((e) => e.name === 'etc/kafka/secrets/kafka.keystore.jks')!;
  assert.deepEqual([key.mode, key.uid, key.gid, key.body], [0o600, 1000, 1001, 'key']);
  assert.equal(list.find((e) => e.name === 'etc/kafka/secrets/ca.crt')!.mode, 0o644);
  assert.ok(!list.some((e) => e.name === 'etc/' || e.name === 'etc/kafka/'), 'no entry for /etc or /etc/kafka');
});
