import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { ConfigError, UsageError } from '../shared/errors.js';
import { DEFAULT_CONFIG_FILE } from './defaults.js';
import { formatIssues } from './format-issues.js';
import { resolveConfig } from './resolve.js';
import { crossFieldProblems } from './rules.js';
import { userConfigSchema } from './schema.js';
import type { ResolvedConfig } from './types.js';
import type { EngineKind } from './engine-config.js';

export interface LoadConfigOptions {
  cwd?: string;
  /** `--config`; otherwise `$ROCKETCTL_CONFIG`, otherwise `rocketctl.config.ts` in cwd when present. */
  configFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** `--engine`: runs this command on that engine kind, whatever the config file says. */
  engine?: EngineKind | undefined;
}

// Config files `import { defineConfig } from 'rocketctl'`; this points that at the running copy.
const PUBLIC_ENTRY = fileURLToPath(new URL('../index.js', import.meta.url));

export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = locateConfigFile(cwd, options.configFile ?? options.env?.ROCKETCTL_CONFIG ?? process.env.ROCKETCTL_CONFIG);
  const raw = file ? await importConfigFile(file) : {};
  const parsed = userConfigSchema.safeParse(raw);
  const shownName = file ?? '(built-in defaults)';
  if (!parsed.success) throw new ConfigError(shownName, formatIssues(parsed.error.issues));
  const config = resolveConfig(parsed.data, file ? path.dirname(file) : cwd, file, { engine: options.engine });
  const problems = crossFieldProblems(config);
  if (problems.length > 0) throw new ConfigError(shownName, problems);
  return config;
}

function locateConfigFile(cwd: string, requested: string | undefined): string | null {
  if (requested) {
    const file = path.resolve(cwd, requested);
    if (!existsSync(file)) {
      throw new UsageError(`config file not found: ${file}`, 'pass an existing file to --config, or omit it to use rocketctl.config.ts in the current folder');
    }
    return file;
  }
  const fallback = path.join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : null;
}

async function importConfigFile(file: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, { alias: { rocketctl: PUBLIC_ENTRY }, moduleCache: false });
  let module: unknown;
  try {
    module = await jiti.import(file);
  } catch (error) {
    throw new ConfigError(file, [`(file): could not be loaded: ${(error as Error).message.split('\n')[0]}`]);
  }
  // A file without a default export would otherwise mean "all defaults" without anyone deciding so.
  const exported = module !== null && typeof module === 'object' && 'default' in module ? (module as { default: unknown }).default : undefined;
  if (exported === undefined) throw new ConfigError(file, ['(file): has no default export; expected `export default defineConfig({...})`']);
  if (exported === null || typeof exported !== 'object' || Array.isArray(exported)) {
    throw new ConfigError(file, ['(file): expected `export default defineConfig({...})`']);
  }
  return exported;
}
