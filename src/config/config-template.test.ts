import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { z } from 'zod';
import { renderConfigTemplate } from './config-template.js';
import { loadConfig } from './load.js';
import { resolveConfig } from './resolve.js';
import { userConfigSchema } from './schema.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function project(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-template-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'rocketctl.config.ts'), text);
  return dir;
}

/** What a user does to change every option at once: remove the `// ` in front of each. */
const everyOptionOn = (text: string): string => text.replace(/^(\s*)\/\/ /gm, '$1');

/** The loaded config, minus where it was loaded from: what the defaults are compared on. */
const settings = async (dir: string) => ({ ...(await loadConfig({ cwd: dir, env: {} })), configFile: null });

test('the generated config loads through the real loader and is exactly the defaults', async () => {
  const dir = await project(renderConfigTemplate('0.0.0-test'));
  assert.deepEqual(await settings(dir), resolveConfig({}, dir, null));
});

test('with every option switched on, the file still loads and still equals the defaults: each value shown is the real default', async () => {
  const text = everyOptionOn(renderConfigTemplate('0.0.0-test'));
  assert.doesNotMatch(text, /^\s*\/\/ /m);
  const dir = await project(text);
  assert.deepEqual(await settings(dir), resolveConfig({}, dir, null));
});

test('every option of the schema is in the file (but the deprecated one and those without a default: the image’s own, the workers image built here), each with its why', async () => {
  const text = everyOptionOn(renderConfigTemplate('0.0.0-test'));
  const dir = await project(text);
  const entry = fileURLToPath(new URL('../index.js', import.meta.url));
  const written = (
    (await createJiti(import.meta.url, { alias: { rocketctl: entry }, moduleCache: false }).import(path.join(dir, 'rocketctl.config.ts'))) as {
      default: object;
    }
  ).default;
  const missing = optionPaths(userConfigSchema).filter((option) => valueAt(written, option) === undefined);
  assert.deepEqual(
    missing.map((option) => option.join('.')).filter((option) => !/\.profile\.(entrypoint|command|user|env)$/.test(option)),
    ['images.workers', 'tls.keyBits'],
  );
  const whys = text.match(/^\s*\/\*\* .+ \*\/$/gm) ?? [];
  assert.equal(new Set(whys.map((line) => line.trim())).size, whys.length, 'each explanation is given once');
  assert.match(text, /\/\*\* Every published port binds here: 127\.0\.0\.1 keeps the stack off the network\. \*\/\n {2}bindAddress: '127\.0\.0\.1',/);
});

/** Every option of the schema, as a path (`services.kafka.ports`): the leaves of its objects. */
function optionPaths(schema: z.ZodType, at: string[] = []): string[][] {
  let node = schema;
  while (node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node.unwrap() as z.ZodType;
  if (!(node instanceof z.ZodObject)) return [at];
  return Object.entries(node.shape).flatMap(([key, field]) => optionPaths(field as z.ZodType, [...at, key]));
}

function valueAt(value: unknown, at: string[]): unknown {
  return at.reduce<unknown>((current, key) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined), value);
}
