import { constants } from 'node:fs';
import { access, appendFile, lstat, mkdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderConfigTemplate } from '../config/config-template.js';
import { DEFAULT_CONFIG_FILE } from '../config/defaults.js';
import { resolveConfig } from '../config/resolve.js';
import { ignoreFileAddition } from '../shared/ignore-file.js';
import { UsageError } from '../shared/errors.js';
import { packageVersion } from '../shared/package-files.js';
import { planMaterial } from '../tls/material-plan.js';
import { privateMaterialPatterns } from '../tls/private-material.js';
import type { StandaloneContext } from './context.js';

export interface InitOptions {
  /** The project folder (default: the working directory); created when only it is missing. */
  dir?: string;
}

export interface InitResult {
  dir: string;
  configFile: string;
  gitignore: { file: string; created: boolean; added: string[] };
}

const IGNORE_HEADER = '# rocketctl: state (secrets, rendered configs, lock) and private keys; see `rocketctl init`';
const FIX_DIR = 'pass a folder to --dir (rocketctl init --dir my-project), or leave --dir out to use the current folder';

/**
 * `rocketctl init [--dir D]`: a commented rocketctl.config.ts (every option with its default, switched off) and the
 * state folder and private keys in .gitignore. Everything is checked before the first write, so a refusal (exit 2)
 * leaves the folder exactly as it was; an existing config is never overwritten (created exclusively, so two runs at
 * once cannot both write it).
 */
export async function init(context: StandaloneContext, options: InitOptions = {}): Promise<InitResult> {
  const dir = path.resolve(context.cwd, options.dir ?? '.');
  const dirExists = await checkProjectFolder(dir);
  const configFile = path.join(dir, DEFAULT_CONFIG_FILE);
  // lstat: a dangling symlink is still a config someone put there.
  if (
    await lstat(configFile).then(
      () => true,
      () => false,
    )
  ) {
    throw new UsageError(
      `${configFile} already exists: init never overwrites a config`,
      'edit it (README "Configuration" lists every option), or move it away and run rocketctl init again',
    );
  }
  const gitignoreFile = path.join(dir, '.gitignore');
  const gitignore = await readIgnoreFile(gitignoreFile);
  const addition = ignoreFileAddition(gitignore, ignoredPaths(dir), IGNORE_HEADER);

  if (!dirExists) await mkdir(dir);
  try {
    await writeFile(configFile, renderConfigTemplate(packageVersion()), { flag: 'wx' });
  } catch (error) {
    if (!dirExists) await rmdir(dir).catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${configFile} was just created by another process`, 'edit that one');
    throw error;
  }
  try {
    if (addition.text !== null) await appendFile(gitignoreFile, addition.text);
  } catch (error) {
    // All or nothing: a config without its ignore lines could let a later key reach git.
    await rm(configFile, { force: true });
    if (!dirExists) await rmdir(dir).catch(() => undefined);
    throw error;
  }
  return { dir, configFile, gitignore: { file: gitignoreFile, created: gitignore === null, added: addition.added } };
}

/** The state folder and every private key and Java store of the default config, as .gitignore lines of `dir`. */
function ignoredPaths(dir: string): string[] {
  const config = resolveConfig({}, dir, null);
  return [`${path.relative(dir, config.stateDir)}/`, ...privateMaterialPatterns(planMaterial(config), config.certsDir, dir)];
}

/** True when `dir` is a folder to write in; false when it is missing but can be made (its parent is a folder). */
async function checkProjectFolder(dir: string): Promise<boolean> {
  const found = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    if (error.code === 'ENOTDIR') throw new UsageError(`--dir ${dir}: a part of that path is a file, not a folder`, FIX_DIR);
    throw error;
  });
  if (found && !found.isDirectory()) throw new UsageError(`--dir ${dir}: is a file, not a folder`, FIX_DIR);
  const writable = found ? dir : path.dirname(dir);
  const parent = found ? null : await stat(writable).catch(() => null);
  if (!found && !parent?.isDirectory()) {
    throw new UsageError(`--dir ${dir}: its parent folder ${writable} does not exist`, `create it first (mkdir -p ${writable}), or pass a folder that exists`);
  }
  await access(writable, constants.W_OK).catch(() => {
    throw new UsageError(`${writable} is not writable by this user`, 'pass a folder you can write to, or fix its permissions');
  });
  return found !== null;
}

async function readIgnoreFile(file: string): Promise<string | null> {
  const found = await stat(file).catch(() => null);
  if (found === null) return null;
  if (!found.isFile()) throw new UsageError(`${file} is not a regular file`, 'remove or rename it, then run rocketctl init again');
  await access(file, constants.W_OK).catch(() => {
    throw new UsageError(`${file} is not writable by this user`, 'fix its permissions, then run rocketctl init again');
  });
  return readFile(file, 'utf8');
}
