import type { ResolvedConfig } from '../config/types.js';
import type { StackDriver } from './stack-driver.js';

/** The driver for the config's engine kind, connected (the engine answered its ping). */
export async function connectStack(config: ResolvedConfig, signal: AbortSignal, env: NodeJS.ProcessEnv): Promise<StackDriver> {
  if (config.engine.kind === 'swarm') return (await import('./swarm/swarm-stack.js')).connectSwarmStack(config, signal, env);
  return (await import('./docker-stack.js')).connectDockerStack(config, signal, env);
}
