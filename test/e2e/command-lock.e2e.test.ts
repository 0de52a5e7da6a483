import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { COMMAND_TABLE } from '../../src/cli/command-table.js';
import { rocketctl } from '../support/cli.js';
import { changedFiles, createTempProject, hashTree } from '../support/temp-project.js';

const HOLDER = 'rocketctl a-test-holds-the-lock';

/**
 * Walks the command table: with the project lock held by a live process, every writing command fails at the
 * lock naming its holder and changes nothing; every read-only command (and every one that needs no project) never
 * asks for the lock and writes nothing.
 * A command declared read-only that takes the lock, or a writer that does not, fails here.
 */
describe('the command table: every writer holds the project lock, no reader touches it', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  before(async () => {
    project = await createTempProject(`{ project: 'locktable' }`);
    // A state folder as `up` leaves it (secrets and certificates exist), so each command gets as far as it can.
    const setup = await rocketctl(['certs', 'gen'], { cwd: project.dir });
    assert.equal(setup.exitCode, 0, setup.stderr);
    const holder = { pid: process.pid, host: os.hostname(), command: HOLDER, since: new Date().toISOString() };
    await mkdir(path.join(project.dir, '.rocketctl'), { recursive: true });
    await writeFile(path.join(project.dir, '.rocketctl', 'lock'), `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  });
  after(() => project.cleanup());

  for (const [name, entry] of Object.entries(COMMAND_TABLE)) {
    for (const example of entry.examples) {
      const argv = example.argv;
      // A command that needs no project never looks at the lock; here, where a project exists, it changes nothing
      // either (`init` refuses to overwrite its config).
      const lockFree = example.lock === 'none' || example.lock === 'no-project';
      test(`${argv.join(' ')}: ${lockFree ? 'never waits for the lock, writes nothing' : 'refused while another holds the lock, nothing changed'}`, async () => {
        const before = await hashTree(project.dir);
        const result = await rocketctl([...argv], { cwd: project.dir, env: { ROCKETCTL_LOCK_WAIT_MS: '0' }, timeoutMs: 60_000 });
        assert.deepEqual(changedFiles(before, await hashTree(project.dir)), [], `${name} changed files`);
        if (lockFree) {
          assert.doesNotMatch(result.stderr, /is in use by|waiting up to/, result.stderr);
        } else {
          assert.equal(result.exitCode, 1, result.stderr);
          assert.match(result.stderr, new RegExp(`is in use by \`${HOLDER}\` \\(pid ${process.pid}`));
        }
      });
    }
  }
});
