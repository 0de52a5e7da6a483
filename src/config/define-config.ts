import type { UserConfig } from './types.js';

/** Identity function: gives config files type checking and completion. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
