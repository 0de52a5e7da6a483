/**
 * How a worker's server is reached from this host: a wildcard bind (0.0.0.0, ::) through loopback,
 * IPv6 in brackets.
 */
export function httpEndpoint(bindAddress: string, port: number): string {
  const host = bindAddress === '0.0.0.0' ? '127.0.0.1' : bindAddress === '::' ? '::1' : bindAddress;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
