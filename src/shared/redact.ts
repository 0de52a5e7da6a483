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

const KEY_MASK = '[private key removed]';
// A whole PEM private key (PKCS#8, PKCS#1, SEC1, OpenSSH, encrypted), its line breaks real or escaped inside JSON.
const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;
// What is left of one cut short (a log's end, a truncated file): the marker and the base64 lines after it, each a whole
// line (or a long run: a body line glued to other text), so the next ordinary line ("2025-01-01 …") stays.
const PRIVATE_KEY_START =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:(?:\r?\n|\\r?\\n)(?:[A-Za-z0-9+/=]{40,}|(?:[A-Za-z0-9+/=]+|[A-Za-z-]+: [^\r\n\\]*)?(?=\r?\n|\\r?\\n|$)))*/g;

/** Every PEM private key block in `text`, whole or cut short, replaced by a marker. */
export function removePrivateKeys(text: string): string {
  return text.replace(PRIVATE_KEY_BLOCK, KEY_MASK).replace(PRIVATE_KEY_START, KEY_MASK);
}

/**
 * A redactor of its own, from an explicit list (for a file that leaves the machine: `doctor --bundle`), not the
 * process-wide one: every PEM private key block removed, then every value masked, as written and URL-encoded.
 * The longest first, so a value that contains another is masked whole.
 */
export function createRedactor(values: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < 8) continue;
    forms.add(value);
    forms.add(encodeURIComponent(value));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let result = removePrivateKeys(text);
    for (const value of ordered) if (result.includes(value)) result = result.split(value).join(MASK);
    return result;
  };
}
