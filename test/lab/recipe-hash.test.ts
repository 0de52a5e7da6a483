import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { recipeHash } from './recipe-hash.js';

test('the recipe hash follows file names, file bytes and inputs, and nothing else', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lab-recipe-'));
  try {
    mkdirSync(path.join(dir, 'bin'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM base\n');
    writeFileSync(path.join(dir, 'bin', 'start.sh'), 'exec server\n');
    const first = recipeHash(dir, { base: 'a' });
    assert.equal(recipeHash(dir, { base: 'a' }), first, 'stable');
    assert.notEqual(recipeHash(dir, { base: 'b' }), first, 'a new base image means a rebuild');
    writeFileSync(path.join(dir, 'bin', 'start.sh'), 'exec server --fast\n');
    const edited = recipeHash(dir, { base: 'a' });
    assert.notEqual(edited, first, 'an edited file means a rebuild');
    writeFileSync(path.join(dir, 'bin', 'extra.sh'), '');
    assert.notEqual(recipeHash(dir, { base: 'a' }), edited, 'a new (even empty) file means a rebuild');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
