import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { secretsFilePath } from '../secrets/secrets.js';
import { SECRET_NAMES, envVariablesFor } from '../secrets/catalog.js';
import type { InputKind } from './step.js';
import { packageFile } from '../shared/package-files.js';

const TEMPLATES = packageFile('templates');
const OWN_CODE = packageFile('dist', 'src');
const OWN_MANIFEST = packageFile('package.json');

/** A digest of each kind of input a step depends on; read-only. */
export type InputDigests = Record<InputKind, string>;

export async function digestInputs(config: ResolvedConfig, env: NodeJS.ProcessEnv): Promise<InputDigests> {
  const overrides = SECRET_NAMES.flatMap((name) => envVariablesFor(name).map((variable) => `${variable}=${env[variable] ?? ''}`));
  const [secretsFile, certificates, templates, ownCode, manifest] = await Promise.all([
    readFile(secretsFilePath(config.stateDir)).catch(() => Buffer.alloc(0)),
    digestTree(config.certsDir),
    digestTree(TEMPLATES),
    digestTree(OWN_CODE),
    readFile(OWN_MANIFEST).catch(() => Buffer.alloc(0)),
  ]);
  return {
    config: sha256(JSON.stringify(config)),
    secrets: sha256(Buffer.concat([secretsFile, Buffer.from(overrides.join('\n'))])),
    certificates,
    templates,
    // What the workers image is built from, less the packages (their versions are in package.json): cheap enough for
    // every verify; `up` then decides with the full recipe.
    rocketctl: sha256(`${process.version}\0${manifest.toString('utf8')}\0${ownCode}`),
  };
}

/** One step's input hash: the digests of the kinds it depends on. */
export const stepInputHash = (kinds: readonly InputKind[], digests: InputDigests): string => sha256(kinds.map((kind) => `${kind}:${digests[kind]}`).join('\n'));

async function digestTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile())
        hash
          .update(`${path.relative(root, full)}\0`)
          .update(await readFile(full))
          .update('\0');
    }
  };
  await walk(root);
  return hash.digest('hex');
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
