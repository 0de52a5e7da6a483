import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { resolveConfig } from '../config/resolve.js';
import { UsageError } from '../shared/errors.js';
import { silentLogger } from '../shared/log.js';
import { certsGen } from './certs-gen.js';
import { init } from './init.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-init-'));
  dirs.push(dir);
  return dir;
}

const contextIn = (cwd: string) => ({ cwd, env: {}, signal: new AbortController().signal, log: silentLogger });

/** Every path below dir with its content (folders as 'dir'): equal snapshots mean nothing was written. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    found[path.relative(dir, full)] = entry.isFile() ? await readFile(full, 'utf8') : entry.isDirectory() ? 'dir' : 'other';
  }
  return found;
}

async function refused(dir: string, run: () => Promise<unknown>, message: RegExp): Promise<void> {
  const before = await snapshot(dir);
  const error = await run().then(
    () => assert.fail('init should have refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof UsageError && error.exitCode === 2, String(error));
  assert.match(error.message, message);
  assert.ok(error.hint, 'a refusal says how to fix it');
  assert.deepEqual(await snapshot(dir), before, 'nothing written');
}

const EXPECTED_IGNORES = ['.rocketctl/', 'certs/**/*.key', 'certs/**/privkey.pem', 'certs/**/*.jks', 'certs/**/*.p12'];

describe('rocketctl init', () => {
  test('an empty folder gets a config that loads as the defaults, and a .gitignore with the state folder and private keys', async () => {
    const dir = await tempDir();
    const result = await init(contextIn(dir));
    assert.deepEqual(result.gitignore, { file: path.join(dir, '.gitignore'), created: true, added: EXPECTED_IGNORES });
    assert.deepEqual({ ...(await loadConfig({ cwd: dir, env: {} })), configFile: null }, resolveConfig({}, dir, null));
    const gitignore = await readFile(path.join(dir, '.gitignore'), 'utf8');
    assert.deepEqual(gitignore.split('\n').slice(1), [...EXPECTED_IGNORES, '']);
  });

  test('an existing .gitignore gets only the lines it lacks, once: a second init (the config moved away) adds nothing', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, '.gitignore'), 'node_modules/\r\n.rocketctl/\ncerts/**/*.key');
    const first = await init(contextIn(dir), {});
    assert.deepEqual(first.gitignore.added, ['certs/**/privkey.pem', 'certs/**/*.jks', 'certs/**/*.p12']);
    const after = await readFile(path.join(dir, '.gitignore'), 'utf8');
    assert.ok(after.startsWith('node_modules/\r\n.rocketctl/\ncerts/**/*.key\n\n# rocketctl: '), after);
    assert.equal(after.match(/^\.rocketctl\/$/gm)?.length, 1);
    await rm(path.join(dir, 'rocketctl.config.ts'));
    const second = await init(contextIn(dir), {});
    assert.deepEqual(second.gitignore, { file: path.join(dir, '.gitignore'), created: false, added: [] });
    assert.equal(await readFile(path.join(dir, '.gitignore'), 'utf8'), after, '.gitignore untouched');
  });

  test('--dir: relative to the working directory; a missing folder whose parent exists is made', async () => {
    const cwd = await tempDir();
    const result = await init(contextIn(cwd), { dir: 'new-project' });
    assert.equal(result.configFile, path.join(cwd, 'new-project', 'rocketctl.config.ts'));
    assert.deepEqual((await readdir(path.join(cwd, 'new-project'))).sort(), ['.gitignore', 'rocketctl.config.ts']);
  });

  test('refused with exit 2 and the fix, nothing written: an existing config (a dangling link too), --dir a file or under a missing folder, a .gitignore that is a folder', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'rocketctl.config.ts'), '// mine\n');
    await refused(dir, () => init(contextIn(dir)), /rocketctl\.config\.ts already exists: init never overwrites a config/);

    const linked = await tempDir();
    await symlink(path.join(linked, 'elsewhere.ts'), path.join(linked, 'rocketctl.config.ts'));
    await refused(linked, () => init(contextIn(linked)), /already exists/);

    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'notes.txt'), 'x');
    await refused(cwd, () => init(contextIn(cwd), { dir: 'notes.txt' }), /--dir .*notes\.txt: is a file, not a folder/);
    await refused(cwd, () => init(contextIn(cwd), { dir: 'notes.txt/sub' }), /a part of that path is a file/);
    await refused(cwd, () => init(contextIn(cwd), { dir: 'missing/sub' }), /--dir .*missing\/sub: its parent folder .*missing does not exist/);

    const odd = await tempDir();
    await mkdir(path.join(odd, '.gitignore'));
    await refused(odd, () => init(contextIn(odd)), /\.gitignore is not a regular file/);
  });

  test('after init and certs gen, git ignores every private key and Java store and the state folder, and no certificate', async () => {
    const dir = await tempDir();
    await init(contextIn(dir));
    await certsGen({ config: await loadConfig({ cwd: dir, env: {} }), env: {}, signal: new AbortController().signal, log: silentLogger });
    execFileSync('git', ['init', '-q', dir]);
    const visible = execFileSync('git', ['-C', dir, 'ls-files', '--others', '--exclude-standard'], { encoding: 'utf8' }).trim().split('\n').sort();
    const all = Object.keys(await snapshot(dir)).filter((file) => !file.startsWith('.git/') && file !== '.git');
    const secret = all.filter((file) => /\.(key|jks|p12)$|privkey\.pem$|^\.rocketctl\/.+/.test(file));
    for (const file of [
      'certs/ca/ca.key',
      'certs/cockroach/client.root.key',
      'certs/couchdb/privkey.pem',
      'certs/kafka/kafka.keystore.p12',
      '.rocketctl/secrets.env',
    ]) {
      assert.ok(secret.includes(file), `${file} was written`);
    }
    assert.deepEqual(
      visible.filter((file) => secret.includes(file)),
      [],
    );
    assert.ok(
      visible.includes('certs/ca/ca.crt') && visible.includes('certs/couchdb/couchdb.pem') && visible.includes('rocketctl.config.ts'),
      visible.join(' '),
    );
  });
});
