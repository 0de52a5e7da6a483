import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalHostAddress, parseHostAddress } from './host-address.js';

const bytesOf = (value: string) => {
  const parsed = parseHostAddress(value);
  assert.ok(!('problem' in parsed) && parsed.kind === 'ip', `${value}: ${JSON.stringify(parsed)}`);
  return parsed.bytes.toString('hex');
};

test('IP addresses become exactly their bytes, whatever the spelling', () => {
  assert.equal(bytesOf('127.0.0.1'), '7f000001');
  assert.equal(bytesOf('255.255.255.255'), 'ffffffff');
  assert.equal(bytesOf('::1'), '00000000000000000000000000000001');
  assert.equal(bytesOf('FD00:0:0:0:0:0:0:10'), bytesOf('fd00::10'));
  assert.equal(bytesOf('64:ff9b::192.0.2.1'), '0064ff9b0000000000000000c0000201');
  assert.equal(bytesOf('2001:db8::'), '20010db8000000000000000000000000');
  assert.equal(bytesOf('::127.0.0.2'), '0000000000000000000000007f000002');
});

test('host names stay names; a numeric first label is fine, a numeric last label is not', () => {
  for (const name of ['kafka', 'Kafka.Internal', 'xn--bcher-kva.example', '1a.example', '123.example', 'host.123abc']) {
    assert.deepEqual(parseHostAddress(name), { kind: 'dns', name });
  }
});

test('what the issuer cannot encode as written is refused with the reason', () => {
  const problems: Record<string, RegExp> = {
    '256.1.1.1': /256\.1\.1\.1 is no IPv4 address \(each part must be 0-255\)/,
    '127.000.0.1': /leading zeros make 127\.000\.0\.1 ambiguous .*write 127\.0\.0\.1/,
    '010.0.0.1': /leading zeros .*write 10\.0\.0\.1/,
    '12345': /ends in a number/,
    '1.2.3': /ends in a number/,
    '0x7f.1': /ends in a number/,
    'db.0x10': /ends in a number/,
    '::ffff:127.0.0.1': /IPv4-mapped IPv6 address, which clients never match; write 127\.0\.0\.1/,
    '::FFFF:7f00:1': /IPv4-mapped .*write 127\.0\.0\.1/,
    'fe80::1%eth0': /IPv6 zone/,
    'not a host!': /^expected a host name or an IP address$/,
    '-kafka': /^expected a host name or an IP address$/,
    'kafka.': /^expected a host name or an IP address$/,
  };
  for (const [value, reason] of Object.entries(problems)) {
    const parsed = parseHostAddress(value);
    assert.ok('problem' in parsed, `${value} was accepted`);
    assert.match(parsed.problem, reason, value);
  }
});

test('one canonical spelling: what X.509 tools print equals what the config says', () => {
  assert.equal(canonicalHostAddress('0:0:0:0:0:0:0:1'), canonicalHostAddress('::1'));
  assert.equal(canonicalHostAddress('FD00:0:0:0:0:0:0:10'), 'fd00::10');
  assert.equal(canonicalHostAddress('64:FF9B:0:0:0:0:C000:201'), canonicalHostAddress('64:ff9b::192.0.2.1'));
  assert.equal(canonicalHostAddress('Kafka.Internal'), 'kafka.internal');
  assert.equal(canonicalHostAddress('127.0.0.1'), '127.0.0.1');
  assert.notEqual(canonicalHostAddress('::1'), canonicalHostAddress('::2'));
});
