import type { ResolvedEngine } from '../../config/engine-config.js';
import { connectEngine, type Engine } from '../engine.js';

/**
 * Each Swarm node's own engine, from `engine.nodes.<host name>.dockerHost`: what the manager cannot do for
 * rocketctl (exec into a task's container, list and load images, remove volumes) goes through it.
 */
export class NodeEngines {
  private readonly engines = new Map<string, Promise<Engine>>();

  constructor(
    private readonly config: ResolvedEngine,
    private readonly signal: AbortSignal,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  has(hostname: string): boolean {
    return Boolean(this.config.nodes[hostname]?.dockerHost);
  }

  /** The node's engine, or null when the config names none. */
  get(hostname: string): Promise<Engine> | null {
    const dockerHost = this.config.nodes[hostname]?.dockerHost;
    if (!dockerHost) return null;
    if (!this.engines.has(hostname)) {
      const connecting = connectEngine(this.signal, this.env, dockerHost);
      connecting.catch(() => this.engines.delete(hostname));
      this.engines.set(hostname, connecting);
    }
    return this.engines.get(hostname)!;
  }
}
