import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StartedWorker } from '../../src/workers/worker.js';
import { postJson, requestJson, type JsonAnswer } from '../support/http-json.js';
import { rawRequest } from '../support/raw-http.js';
import { startTestTelemetryWorker } from '../support/telemetry-worker.js';
import { openWs } from '../support/ws-client.js';

type Json = Record<string, any>;

describe('telemetry API against the real server: catalog, triggers, strict validation', () => {
  let worker: StartedWorker;
  let endpoint: string;
  const get = (path: string) => requestJson(endpoint, path);
  const reactionsSoFar = async () => ((await get('/healthz')).body as Json).reactions as number;
  const assertJsonError = (answer: JsonAnswer, status: number, what: string) => {
    assert.equal(answer.status, status, `${what}: ${JSON.stringify(answer.body)}`);
    assert.match(String(answer.headers['content-type']), /^application\/json/, what);
    const body = answer.body as Json;
    assert.equal(body.statusCode, status, what);
    assert.ok(typeof body.message === 'string' && body.message.length > 10, `${what} carries a message`);
  };

  before(async () => ({ worker, endpoint } = await startTestTelemetryWorker({ rateHz: 10 })));
  after(() => worker.close());

  test('21 actions ↔ 21 reactions: every action names exactly one reaction, and that reaction names it back', async () => {
    const list = (await get('/api/actions')).body as Json;
    assert.equal(list.total, 21);
    assert.deepEqual(
      list.actions.map((a: Json) => a.id),
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
    const reactionIds = new Set<number>();
    for (const action of list.actions as Json[]) {
      assert.deepEqual((await get(`/api/actions/${action.id}`)).body, action);
      const reaction = (await get(action.reaction_endpoint)).body as Json;
      assert.equal(reaction.action_id, action.id, `reaction of action ${action.id} points back`);
      assert.equal(reaction.action_endpoint, `/api/actions/${action.id}`);
      assert.ok(!reactionIds.has(reaction.id), `reaction ${reaction.id} belongs to one action only`);
      reactionIds.add(reaction.id);
    }
    const reactions = (await get('/api/reactions')).body as Json;
    assert.equal(reactions.total, 21);
    assert.deepEqual(new Set(reactions.reactions.map((r: Json) => r.id)), reactionIds, 'every reaction is some action’s reaction');
  });

  test('bad ids and unknown routes: 400 or 404, JSON with a message', async () => {
    const cases: Array<[string, string, number]> = [];
    for (const [id, status] of [
      ['0', 404],
      ['22', 404],
      ['1.5', 400],
      ['abc', 400],
      ['%00', 400],
      ['%', 400],
      ['-1', 400],
      ['01', 400],
    ] as const) {
      cases.push(['GET', `/api/actions/${id}`, status], ['GET', `/api/reactions/${id}`, status], ['POST', `/api/actions/${id}/trigger`, status]);
    }
    cases.push(
      ['GET', '/nope', 404],
      ['GET', '/api/actions/1/extra', 404],
      ['DELETE', '/api/actions/1', 404],
      ['POST', '/api/reactions/1/trigger', 404],
      ['GET', `/api/actions/${'9'.repeat(200)}`, 400],
    );
    const before = await reactionsSoFar();
    for (const [method, path, status] of cases) assertJsonError(await requestJson(endpoint, path, { method }), status, `${method} ${path}`);
    assert.equal(await reactionsSoFar(), before, 'no refused trigger emitted a reaction');
  });

  test('an action id outside the catalog is 404 whatever the body, answered before the body is read', async () => {
    const before = await reactionsSoFar();
    const trigger = (id: string, body: string, contentType: string) =>
      requestJson(endpoint, `/api/actions/${id}/trigger`, { method: 'POST', headers: { 'content-type': contentType }, body });
    for (const id of ['22', '0']) {
      assertJsonError(await trigger(id, JSON.stringify({ note: 'x'.repeat(5000) }), 'application/json'), 404, `${id}: a body over the limit`);
      assertJsonError(await trigger(id, 'hello', 'text/plain'), 404, `${id}: not JSON`);
      assertJsonError(await trigger(id, '{"source": ', 'application/json'), 404, `${id}: bad JSON`);
    }
    assertJsonError(await trigger('abc', 'hello', 'text/plain'), 400, 'an id that is not a number, with a body that is not JSON');
    // A body announced but never sent: only an answer that does not wait for it comes before the request timeout.
    const started = performance.now();
    const host = new URL(endpoint).host;
    const announced = await rawRequest(
      endpoint,
      `POST /api/actions/22/trigger HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 3000\r\n\r\n`,
      { timeoutMs: 5000 },
    );
    announced.socket.destroy();
    assert.equal(announced.status, 404, announced.body);
    assert.ok(performance.now() - started < 2000, `answered after ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(await reactionsSoFar(), before);
  });

  test('trigger: the paired reaction is emitted on /ws and returned', async () => {
    const client = await openWs(endpoint);
    try {
      // A reaction is stamped with the latest frame: wait for the flight to have one (right after start it has none).
      await client.waitFor((m) => m.type === 'telemetry');
      const answer = await postJson(endpoint, '/api/actions/19/trigger', {
        source: 'integration-test',
        note: 'main out',
        parameters: { altitude_m: 450, manual: true },
      });
      assert.equal(answer.status, 200);
      const event = answer.body as Json;
      assert.equal(event.type, 'reaction');
      assert.deepEqual(event.action, { id: 19, name: 'deploy-main-canopy' });
      assert.equal(event.reaction.name, 'main-canopy-deployed');
      assert.deepEqual(event.parameters, { altitude_m: 450, manual: true });
      assert.equal(typeof event.telemetry.seq, 'number', 'stamped with where the flight was');
      const pushed = await client.waitFor((m) => m.type === 'reaction' && m.event_id === event.event_id);
      assert.deepEqual(pushed, event);
    } finally {
      client.close();
    }
  });

  test('bodies: size-limited, schema-checked, JSON only; nothing refused emits a reaction', async () => {
    const post = (body: string | undefined, contentType: string | null = 'application/json') =>
      requestJson(endpoint, '/api/actions/5/trigger', {
        method: 'POST',
        headers: contentType ? { 'content-type': contentType } : {},
        ...(body === undefined ? {} : { body }),
      });
    const before = await reactionsSoFar();
    assertJsonError(await post(JSON.stringify({ note: 'x'.repeat(5000) })), 413, 'over the body limit');
    assertJsonError(await post('{"source": '), 400, 'bad JSON');
    assertJsonError(await post(''), 400, 'empty JSON body');
    for (const body of [
      'null',
      '[]',
      '"go"',
      '{"launch":true}',
      '{"source":42}',
      '{"source":"a\\nb"}',
      '{"note":"' + 'n'.repeat(281) + '"}',
      '{"parameters":{"nested":{"a":1}}}',
      '{"parameters":{"1bad":1}}',
    ]) {
      assertJsonError(await post(body), 400, `schema: ${body.slice(0, 40)}`);
    }
    assertJsonError(await post('source=x', 'application/x-www-form-urlencoded'), 415, 'a form post');
    assertJsonError(await post('hello', 'text/plain'), 415, 'text/plain');
    assert.equal(await reactionsSoFar(), before);
    assert.equal((await post(undefined, null)).status, 200, 'no body at all: a trigger without options');
    assert.equal((await post('{}')).status, 200);
    assert.equal(await reactionsSoFar(), before + 2);
  });

  test('bound to loopback, the Host must be exactly a loopback name with no port or this port', async () => {
    const port = new URL(endpoint).port;
    const withHost = (host: string) => requestJson(endpoint, '/healthz', { headers: { host } });
    for (const host of ['localhost', `localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      assert.equal((await withHost(host)).status, 200, host);
    }
    // Each of these once passed as `localhost` (the Host was parsed as a URL).
    for (const host of ['evil.com@localhost', 'localhost/evil', 'localhost#x', 'localhost\\evil.com', `localhost:${port}@evil.com`, 'localhost:']) {
      assertJsonError(await withHost(host), 400, `malformed Host ${JSON.stringify(host)}`);
    }
    for (const host of [`localhost:${Number(port) + 1}`, `evil.com:${port}`, `localhost.evil.com:${port}`, '127.0.0.1.evil.com']) {
      assertJsonError(await withHost(host), 403, `foreign Host ${host}`);
    }
  });

  test('another site cannot trigger actions or open the stream; a DNS-rebinding host name is refused', async () => {
    const before = await reactionsSoFar();
    assertJsonError(await postJson(endpoint, '/api/actions/21/trigger', {}, { origin: 'http://evil.example' }), 403, 'cross-origin POST');
    assertJsonError(await requestJson(endpoint, '/api/actions/21/trigger', { method: 'POST', headers: { origin: 'null' } }), 403, 'opaque origin');
    assertJsonError(await requestJson(endpoint, '/api/actions', { headers: { host: `rebind.evil.example:${new URL(endpoint).port}` } }), 403, 'foreign Host');
    await assert.rejects(openWs(endpoint, { origin: 'http://evil.example' }), /upgrade refused: HTTP 403/);
    assert.equal(await reactionsSoFar(), before);
    const sameOrigin = await postJson(endpoint, '/api/actions/2/trigger', { source: 'dashboard' }, { origin: endpoint });
    assert.equal(sameOrigin.status, 200, 'the dashboard’s own origin is fine');
  });
});
