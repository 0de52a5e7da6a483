import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { createTrackedSocketFactory } from './tracked-sockets.js';

test('destroyAll closes every socket the factory made; one made afterwards never lives', async () => {
  const accepted = new Set<net.Socket>();
  const server = net.createServer((socket) => accepted.add(socket).size);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  try {
    const { factory, destroyAll } = createTrackedSocketFactory();
    const sockets = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = factory({ host: '127.0.0.1', port, ssl: undefined as never, onConnect: () => resolve(socket) });
          }),
      ),
    );
    while (accepted.size < 3) await new Promise((r) => setTimeout(r, 5));
    const serverSideClosed = [...accepted].map((socket) => once(socket, 'close'));
    destroyAll();
    assert.ok(sockets.every((s) => s.destroyed));
    await Promise.all(serverSideClosed);
    const late = factory({ host: '127.0.0.1', port, ssl: undefined as never, onConnect: () => assert.fail('a socket made after close connected') });
    const [error] = (await once(late, 'error')) as [Error];
    assert.equal(error.message, 'the Kafka client is closed');
    assert.equal(late.destroyed, true);
  } finally {
    server.close();
  }
});
