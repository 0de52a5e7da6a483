import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseDeb822Sources, parseOneLineSources, readDebianSources, toSourcesList } from './apt-sources.js';

// Reserved .invalid names: no real mirror host is ever written into the repository.
const MIRROR = 'http://mirror.invalid/debian';
const SECURITY = 'http://security.invalid/debian-security';

describe('apt sources', () => {
  test('one-line format: options dropped, comments and deb-src ignored', () => {
    const text = `# comment\ndeb [signed-by=/usr/share/keyrings/k.gpg] ${MIRROR} bookworm main contrib\ndeb-src ${MIRROR} bookworm main\n`;
    assert.deepEqual(parseOneLineSources(text), [{ uri: MIRROR, suite: 'bookworm', components: ['main', 'contrib'] }]);
  });

  test('deb822 format: several suites per paragraph, Enabled: no honoured', () => {
    const text = [
      'Types: deb deb-src',
      `URIs: ${MIRROR}`,
      'Suites: bookworm bookworm-updates',
      'Components: main',
      '',
      'Types: deb',
      `URIs: ${SECURITY}`,
      'Suites: bookworm-security',
      'Components: main',
      'Enabled: no',
    ].join('\n');
    assert.deepEqual(parseDeb822Sources(text), [
      { uri: MIRROR, suite: 'bookworm', components: ['main'] },
      { uri: MIRROR, suite: 'bookworm-updates', components: ['main'] },
    ]);
  });

  test('only the Debian suites of the codename are kept; a third-party repository is not', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-apt-'));
    try {
      mkdirSync(path.join(dir, 'sources.list.d'));
      writeFileSync(path.join(dir, 'sources.list.d', 'debian.sources'), `Types: deb\nURIs: ${MIRROR}\nSuites: bookworm bookworm-updates\nComponents: main\n`);
      writeFileSync(path.join(dir, 'sources.list.d', 'vendor.list'), 'deb http://vendor.invalid/apt nodistro main\n');
      writeFileSync(path.join(dir, 'sources.list.d', 'old.list.disabled'), `deb ${MIRROR} bullseye main\n`);
      const sources = readDebianSources('bookworm', dir);
      assert.equal(toSourcesList(sources), `deb ${MIRROR} bookworm main\ndeb ${MIRROR} bookworm-updates main\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no source for the codename fails with the step and the fix', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-apt-'));
    try {
      writeFileSync(path.join(dir, 'sources.list'), `deb ${MIRROR} bullseye main\n`);
      assert.throws(
        () => readDebianSources('bookworm', dir),
        (error: Error & { hint?: string }) => {
          assert.match(error.message, /read apt sources/);
          assert.match(error.hint ?? '', /configure a Debian bookworm mirror/);
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
