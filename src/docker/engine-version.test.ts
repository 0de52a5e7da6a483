import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { InterruptedError } from '../shared/errors.js';
import { ENGINE_VERSION_DEADLINE_MS, engineVersion } from './engine-version.js';
import { closedDockerHost } from '../../test/support/fakes/closed-docker-host.js';

// The engine is reached as `up` reaches it: dockerode reads DOCKER_HOST from this process's environment. Every test
// points it at a local stand-in (this file runs in a process of its own), never at a real engine.
const listen = async (server: net.Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
};
const servers: net.Server[] = [];
after(() => servers.forEach((server) => server.close()));

describe('engineVersion: the Docker engine --version shows', () => {
  test('an engine that answers: its version and API version, from /_ping then /version', async () => {
    const asked: string[] = [];
    const engine = http.createServer((request, response) => {
      asked.push(request.url ?? '');
      if (request.url?.endsWith('/_ping')) return response.end('OK');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ Version: '26.1.5', ApiVersion: '1.45', MinAPIVersion: '1.24' }));
    });
    servers.push(engine);
    process.env.DOCKER_HOST = await listen(engine);
    const found = await engineVersion(new AbortController().signal);
    assert.deepEqual(found, { reachable: true, host: process.env.DOCKER_HOST, version: '26.1.5', apiVersion: '1.45' });
    assert.deepEqual(asked, ['/_ping', '/version']);
  });

  test('nothing listening (a closed port on 127.0.0.1): not reachable, said at once', async () => {
    process.env.DOCKER_HOST = await closedDockerHost();
    const started = performance.now();
    const found = await engineVersion(new AbortController().signal);
    assert.equal(found.reachable, false);
    assert.match((found as { reason: string }).reason, /no Docker engine answers at tcp:\/\/127\.0\.0\.1:\d+/);
    assert.ok(performance.now() - started < 1000, 'a refused connection is not waited out');
  });

  test('an engine that accepts but never answers: not reachable after the short deadline, no socket left open', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      // Read (and drop) what comes, so the client's close reaches this side as 'end', then 'close'.
      socket.resume();
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    servers.push(silent);
    process.env.DOCKER_HOST = await listen(silent);
    const started = performance.now();
    const found = await engineVersion(new AbortController().signal);
    const seconds = (performance.now() - started) / 1000;
    assert.deepEqual(found, { reachable: false, host: process.env.DOCKER_HOST, reason: 'no answer within 1.5 s' });
    assert.ok(seconds >= ENGINE_VERSION_DEADLINE_MS / 1000 - 0.05 && seconds < 2.5, `${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(sockets.size, 0, 'the request was aborted, its socket closed');
  });

  test('Ctrl-C while it waits is an interruption, not an unreachable engine', async () => {
    const silent = net.createServer(() => undefined);
    servers.push(silent);
    process.env.DOCKER_HOST = await listen(silent);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await assert.rejects(engineVersion(controller.signal), InterruptedError);
    assert.ok(performance.now() - started < 1000);
  });
});
