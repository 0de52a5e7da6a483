/** `host:port`, with an IPv6 host in brackets (`[::1]:5432`), as every client and URL expects it. */
export const formatHostPort = (host: string, port: number | string): string => `${host.includes(':') ? `[${host}]` : host}:${port}`;

/** `127.0.0.1:29093` or `[::1]:29093` → host and port. */
export function parseHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(address.slice(at + 1)) };
}
