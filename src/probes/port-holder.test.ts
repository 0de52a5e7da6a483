import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { describePortHolder, ephemeralPortRange, isPortBusy } from './port-holder.js';

// Real sockets on 127.0.0.1: a listener, and a client connection whose local end holds a port without listening.
let server: net.Server;
let client: net.Socket;

before(async () => {
  server = net.createServer((socket) => socket.on('error', () => undefined)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
});
after(() => {
  client.destroy();
  server.close();
});

test('a listening port is busy and its process is named', async () => {
  const port = (server.address() as net.AddressInfo).port;
  assert.equal(await isPortBusy('127.0.0.1', port), true);
  assert.match((await describePortHolder(port)) ?? '', new RegExp(`\\(pid ${process.pid}\\)$`));
});

test("a client connection's local port is busy too, and the holder says why and what port range avoids it", async () => {
  const range = await ephemeralPortRange();
  assert.ok(range, 'this machine has /proc/sys/net/ipv4/ip_local_port_range');
  const port = client.localPort!;
  assert.ok(port >= range[0] && port <= range[1], `the kernel picked ${port} from ${range.join('–')}`);
  assert.equal(await isPortBusy('127.0.0.1', port), true);
  const holder = await describePortHolder(port);
  assert.match(holder ?? '', /local end of an outgoing connection/);
  assert.match(holder ?? '', new RegExp(`ephemeral range ${range[0]}–${range[1]}.*a port below ${range[0]}`));
});

test('a free port has no holder', async () => {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  assert.equal(await isPortBusy('127.0.0.1', port), false);
  assert.equal(await describePortHolder(port), undefined);
});
