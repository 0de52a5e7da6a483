import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CommandContext } from '../../../src/commands/context.js';
import { loadConfig } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/shared/log.js';
import { createFakeStack, type FakeStack } from './fake-stack.js';

export interface FakeProject {
  dir: string;
  stack: FakeStack;
  /** A command context for this project, its stack the fake; the config is re-read on every call (edit it between calls). */
  context(): Promise<CommandContext>;
  writeConfig(body: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** A project folder of its own and a fake engine: for command tests that need no Docker. */
export async function createFakeProject(configBody = '{}'): Promise<FakeProject> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-unit-'));
  const stack = createFakeStack();
  const writeConfig = (body: string) =>
    writeFile(path.join(dir, 'rocketctl.config.ts'), `import { defineConfig } from 'rocketctl';\nexport default defineConfig(${body});\n`);
  await writeConfig(configBody);
  return {
    dir,
    stack,
    writeConfig,
    context: async () => ({
      config: await loadConfig({ cwd: dir, env: {} }),
      env: {},
      signal: new AbortController().signal,
      log: silentLogger,
      connectStack: stack.connect,
    }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
