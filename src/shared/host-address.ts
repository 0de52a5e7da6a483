/**
 * One reading of a host name or IP address, shared by the config check, the certificate issuer and the
 * re-run comparison: if they read a SAN differently, a certificate says something else than the config,
 * or a valid one is re-issued on every run.
 */
import { isIP } from 'node:net';

export type HostAddress = { kind: 'dns'; name: string } | { kind: 'ip'; bytes: Buffer };

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.
const HOST_NAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// A name whose last label is a number is an IPv4 address to URL parsers and resolvers (WHATWG "ends in a number").
const NUMERIC_LAST_LABEL = /(^|\.)(\d+|0x[0-9a-f]*)$/i;
const DOTTED_QUAD = /^\d+\.\d+\.\d+\.\d+$/;
const EXPECTED = 'expected a host name or an IP address';

/** The address, or why it cannot go into a certificate exactly as written. */
export function parseHostAddress(value: string): HostAddress | { problem: string } {
  if (value.includes('%')) return { problem: `${EXPECTED}: an IPv6 zone (%…) is local to one host and cannot be in a certificate` };
  const family = isIP(value);
  if (family === 4) return { kind: 'ip', bytes: Buffer.from(value.split('.').map(Number)) };
  if (family === 6) {
    const bytes = ipv6Bytes(value);
    if (bytes.subarray(0, 12).equals(IPV4_MAPPED_PREFIX)) {
      return { problem: `${EXPECTED}: ${value} is an IPv4-mapped IPv6 address, which clients never match; write ${[...bytes.subarray(12)].join('.')}` };
    }
    return { kind: 'ip', bytes };
  }
  if (!HOST_NAME.test(value)) return { problem: EXPECTED };
  if (DOTTED_QUAD.test(value)) {
    const parts = value.split('.').map(Number);
    if (parts.some((part) => part > 255)) return { problem: `${EXPECTED}: ${value} is no IPv4 address (each part must be 0-255)` };
    return { problem: `${EXPECTED}: leading zeros make ${value} ambiguous (some tools read them as octal); write ${parts.join('.')}` };
  }
  if (NUMERIC_LAST_LABEL.test(value)) return { problem: `${EXPECTED}: ${value} ends in a number, so clients read it as an IP address, but it is no valid one` };
  return { kind: 'dns', name: value };
}

const IPV4_MAPPED_PREFIX = Buffer.from('00000000000000000000ffff', 'hex');

/** 16 bytes of an address `isIP` accepted as IPv6, embedded dotted quads included. */
function ipv6Bytes(address: string): Buffer {
  // The WHATWG parser turns every spelling (upper case, embedded IPv4, `::`) into compressed hex groups.
  const hex = new URL(`http://[${address}]`).hostname.slice(1, -1);
  const [head = '', tail] = hex.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const before = groups(head);
  const after = groups(tail);
  const all = [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  const bytes = Buffer.alloc(16);
  all.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}

/**
 * One spelling per name, for comparing a config SAN with what a certificate holds: X.509 tools print IPv6
 * expanded (`0:0:0:0:0:0:0:1`) where a config says `::1`, and DNS names are case-insensitive.
 */
export function canonicalHostAddress(value: string): string {
  const parsed = parseHostAddress(value);
  if ('problem' in parsed) return value;
  if (parsed.kind === 'dns') return parsed.name.toLowerCase();
  if (parsed.bytes.length === 4) return [...parsed.bytes].join('.');
  const groups = Array.from({ length: 8 }, (_, i) => parsed.bytes.readUInt16BE(i * 2).toString(16));
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}
