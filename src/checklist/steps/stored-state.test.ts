import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStoredStateError } from './stored-state.js';

test("a store's answer about what it holds is stored state; a connection's trouble is not", () => {
  const pg = (code: string) => Object.assign(new Error('pg'), { code });
  assert.equal(isStoredStateError(pg('3D000')), true, 'database does not exist');
  assert.equal(isStoredStateError(pg('28P01')), true, 'password authentication failed');
  assert.equal(isStoredStateError(pg('57P03')), false, 'the database system is starting up');
  assert.equal(isStoredStateError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), false);
  const auth = Object.assign(new Error('Provided username rocketctl_admin and/or password are incorrect'), { name: 'AuthenticationError' });
  const allHosts = (...inner: Error[]) =>
    Object.assign(new Error('All host(s) tried for query failed'), {
      name: 'NoHostAvailableError',
      innerErrors: Object.fromEntries(inner.map((e, i) => [`h${i}`, e])),
    });
  assert.equal(isStoredStateError(allHosts(auth)), true);
  assert.equal(isStoredStateError(allHosts(auth, Object.assign(new Error('timeout'), { name: 'OperationTimedOutError' }))), false, 'one host only timed out');
  assert.equal(isStoredStateError(allHosts()), false, 'no host answered at all');
  assert.equal(isStoredStateError(new Error('wrapped', { cause: pg('3D000') })), true, 'through a wrapper');
  assert.equal(isStoredStateError(undefined), false);
});
