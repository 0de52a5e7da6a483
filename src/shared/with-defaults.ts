type PlainObject = Record<string, unknown>;

const isPlainObject = (value: unknown): value is PlainObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The defaults with what was given laid over them, field by field and into nested objects; a field given as
 * `undefined` keeps its default, `null` and arrays replace it. What a config file leaves out comes from code.
 */
export function withDefaults<T extends object>(defaults: T, given: object | undefined): T {
  const result: PlainObject = { ...(defaults as PlainObject) };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value === undefined) continue;
    const base = result[key];
    result[key] = isPlainObject(base) && isPlainObject(value) ? withDefaults(base, value) : value;
  }
  return result as T;
}
