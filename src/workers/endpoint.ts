/**
 * How a worker's server is reached from this host: a wildcard bind (0.0.0.0, ::) through loopback,
 * IPv6 in brackets.
 */
export function httpEndpoint(bindAddress: string, port: number): string {
  const host = bindAddress === '0.0.0.0' ? '127.0.0.1' : bindAddress === '::' ? '::1' : bindAddress;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** An endpoint read from a runtime file, strictly: `http://host:port` and nothing else (no user, path or query); its origin, or null. */
export function parseHttpEndpoint(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') return null;
  return url.origin;
}

/**
 * Whether an endpoint is one a worker of this project would write: on loopback (127.0.0.1, ::1) or on the
 * configured bind address. Anything else is never requested: a runtime file must not send rocketctl elsewhere.
 */
export function isOwnEndpoint(endpoint: string, bindAddress: string): boolean {
  const hostname = (origin: string) => new URL(origin).hostname;
  return ['127.0.0.1', '[::1]', hostname(httpEndpoint(bindAddress, 1))].includes(hostname(endpoint));
}
