import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, REACTIONS } from './catalog.js';
import { HttpError } from '../server/http-error.js';
import { parseCatalogId } from '../server/parse-id.js';

test('ids: only the decimal digits of 1-21; non-integers are 400, integers outside the catalog 404', () => {
  for (const good of ['1', '9', '10', '21']) assert.equal(parseCatalogId(good, 'action'), Number(good));
  const status = (raw: string) => {
    try {
      parseCatalogId(raw, 'reaction');
      return 200;
    } catch (error) {
      assert.ok(error instanceof HttpError && error.message.includes('reaction'));
      return error.statusCode;
    }
  };
  for (const missing of ['0', '22', '99', '123456789012345678901234567890']) assert.equal(status(missing), 404, missing);
  for (const bad of ['1.5', 'abc', '\u0000', '01', '+3', ' 3', '3 ', '-1', '1e1', '0x1', '', '２']) assert.equal(status(bad), 400, JSON.stringify(bad));
});

test('names are unique within actions and within reactions', () => {
  assert.equal(new Set(ACTIONS.map((a) => a.name)).size, 21);
  assert.equal(new Set(REACTIONS.map((r) => r.name)).size, 21);
  assert.ok(Object.isFrozen(ACTIONS) && Object.isFrozen(ACTIONS[0]));
});
