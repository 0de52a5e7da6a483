/**
 * Every secret value rocketctl loads is registered here, and everything it prints or logs passes
 * through redact(): a secret reaches the terminal only through `rocketctl secrets get`.
 */
const secretValues = new Set<string>();
const MASK = '[redacted]';

export function registerSecret(value: string): void {
  // Very short values would mask ordinary words; secrets are validated to be long anyway.
  if (value.length >= 8) secretValues.add(value);
}

export function redact(text: string): string {
  let result = text;
  for (const value of secretValues) {
    if (result.includes(value)) result = result.split(value).join(MASK);
  }
  return result;
}

/**
 * The same stream, with every write passed through redact() first: for writers rocketctl does not control
 * (listr2's renderers write task titles, output and errors straight to their stream).
 */
export function redactingStream<T extends NodeJS.WritableStream>(stream: T): T {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk);
    return (stream.write as (...args: unknown[]) => boolean).call(stream, redact(text), ...rest);
  };
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
