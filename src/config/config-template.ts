import path from 'node:path';
import { z } from 'zod';
import { resolveConfig } from './resolve.js';
import { userConfigSchema } from './schema.js';

/**
 * Options whose resolved value is not what a file would write: the resolver makes paths absolute and always adds
 * the host name, localhost and 127.0.0.1 to a service's SANs (the option holds only the extra names).
 */
const WRITTEN_FORM: Record<string, (resolved: unknown, root: string) => unknown> = {
  certsDir: (dir, root) => path.relative(root, dir as string),
  stateDir: (dir, root) => path.relative(root, dir as string),
  workersDir: (dir, root) => path.relative(root, dir as string),
  'services.*.sans': () => [],
};

const MAX_LINE = 120;

/**
 * The commented `rocketctl.config.ts` that `rocketctl init` writes: every option with its default and its one-line
 * why (the schema's `.describe()`), in the schema's order. The defaults are read from the resolver itself (the config
 * of an empty file), so this file can never show a default the code does not use. Each option is switched off with
 * `// `: the file overrides nothing until a line is switched on, so a later rocketctl's defaults still reach the
 * rest. Explanations are `/** … *\/` comments, each given once, at its first use.
 */
export function renderConfigTemplate(version: string): string {
  const root = '/';
  const defaults = resolveConfig({}, root, null) as unknown as Record<string, unknown>;
  const lines = [
    '/**',
    ` * rocketctl configuration, written by \`rocketctl init\` (rocketctl ${version}).`,
    ' *',
    ' * Every option is listed with its default and switched off with `// `: the defaults live in rocketctl, so this file',
    ' * changes nothing until you remove the `// ` in front of an option (and a newer rocketctl still brings its new',
    ' * defaults to the options left off). Each explanation is given once, at its first use. Secrets never go here: they',
    ' * are generated into .rocketctl/secrets.env (0600), or come from ROCKETCTL_* environment variables.',
    ' */',
    "import { defineConfig } from 'rocketctl';",
    '',
    'export default defineConfig({',
    ...renderSection(userConfigSchema, defaults, [], { root, said: new Set() }),
    '});',
    '',
  ];
  return lines.join('\n');
}

interface RenderState {
  root: string;
  /** Explanations already written: the same option of another service says nothing new. */
  said: Set<string>;
}

function renderSection(schema: z.ZodObject, values: Record<string, unknown>, at: string[], state: RenderState): string[] {
  const indent = '  '.repeat(at.length + 1);
  return Object.entries(schema.shape).flatMap(([key, field]) => {
    const where = [...at, key];
    const meta = metaOf(field as z.ZodType);
    if (meta.deprecated) return [];
    const value = writtenValue(where, values[key], state.root);
    // No default (a profile's entrypoint, command, user, env; images.workers): the image's own or the built one is
    // used, and the why says so. A null the schema itself refuses would break the file once switched on.
    if (value === undefined || (value === null && !acceptsNull(field as z.ZodType))) return [];
    const inner = unwrap(field as z.ZodType);
    const section = inner instanceof z.ZodObject && isPlainObject(value);
    if (!meta.description && !section) throw new Error(`config option ${where.join('.')} has no .describe() in the schema: say why it exists`);
    if (meta.description?.includes('*/')) throw new Error(`config option ${where.join('.')}: its description may not contain */ (it ends the comment)`);
    const why = meta.description && !state.said.has(meta.description) ? [`${indent}/** ${meta.description}. */`] : [];
    if (meta.description) state.said.add(meta.description);
    const name = propertyName(key);
    if (section) return [...why, `${indent}${name}: {`, ...renderSection(inner, value, where, state), `${indent}},`];
    return [...why, ...literal(value, `${name}: `, indent).map((line) => `${line.slice(0, indent.length)}// ${line.slice(indent.length)}`)];
  });
}

function writtenValue(where: string[], resolved: unknown, root: string): unknown {
  const pattern = where.map((part, i) => (i === 1 && where[0] === 'services' ? '*' : part)).join('.');
  const form = WRITTEN_FORM[pattern];
  return form ? form(resolved, root) : resolved;
}

/** The option's description and deprecation, wherever along its optional/nullable wrappers it was set. */
function metaOf(field: z.ZodType): { description?: string; deprecated?: boolean } {
  for (let node: z.ZodType | undefined = field; node; node = wrapped(node)) {
    const meta = node.meta();
    if (meta?.description !== undefined || meta?.deprecated !== undefined) return { description: meta.description, deprecated: meta.deprecated };
  }
  return {};
}

function acceptsNull(field: z.ZodType): boolean {
  for (let node: z.ZodType | undefined = field; node; node = wrapped(node)) if (node instanceof z.ZodNullable) return true;
  return false;
}

function unwrap(field: z.ZodType): z.ZodType {
  let node = field;
  for (let inner = wrapped(node); inner; inner = wrapped(node)) node = inner;
  return node;
}

const wrapped = (node: z.ZodType): z.ZodType | undefined =>
  node instanceof z.ZodOptional || node instanceof z.ZodNullable ? (node.unwrap() as z.ZodType) : undefined;

/** `key: value,` as TypeScript, on one line when it fits, else one entry per line. */
function literal(value: unknown, prefix: string, indent: string): string[] {
  const oneLine = `${indent}${prefix}${inline(value)},`;
  if (oneLine.length <= MAX_LINE || !isPlainObject(value)) return [oneLine];
  const inner = `${indent}  `;
  return [`${indent}${prefix}{`, ...Object.entries(value).flatMap(([key, entry]) => literal(entry, `${propertyName(key)}: `, inner)), `${indent}},`];
}

function inline(value: unknown): string {
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([key, entry]) => `${propertyName(key)}: ${inline(entry)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  // Digits grouped in large numbers (retentionMs: 604_800_000), never in ports (at most 65535).
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 100_000) return value.toLocaleString('en-US').replaceAll(',', '_');
  return String(value);
}

const propertyName = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`);
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
