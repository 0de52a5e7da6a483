import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHostPort, parseHostPort } from '../shared/host-port.js';
import { publishedEndpoints } from './probe-target.js';

test('host:port parsing and formatting, IPv6 in brackets', () => {
  assert.deepEqual(parseHostPort('127.0.0.1:29093'), { host: '127.0.0.1', port: 29093 });
  assert.deepEqual(parseHostPort('[::1]:29093'), { host: '::1', port: 29093 });
  assert.equal(formatHostPort('::1', 5432), '[::1]:5432');
  assert.equal(formatHostPort('10.0.0.5', 5432), '10.0.0.5:5432');
});

test('published endpoints come from the engine; wildcard bindings are reached through loopback; unpublished ones are absent', () => {
  const ports = [
    { endpoint: 'sql', containerPort: 5432, hostPort: 25432 },
    { endpoint: 'tls', containerPort: 9093, hostPort: 29093 },
    { endpoint: 'http', containerPort: 8080, hostPort: null },
    { endpoint: 'v6', containerPort: 7000, hostPort: 27000 },
  ];
  const info = {
    NetworkSettings: {
      Ports: {
        '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '25432' }],
        '9093/tcp': [{ HostIp: '0.0.0.0', HostPort: '29093' }],
        '7000/tcp': [{ HostIp: '::', HostPort: '27000' }],
      },
    },
  } as unknown as Parameters<typeof publishedEndpoints>[1];
  assert.deepEqual(publishedEndpoints(ports, info), { sql: '127.0.0.1:25432', tls: '127.0.0.1:29093', v6: '[::1]:27000' });
});
