import os from 'node:os';
import path from 'node:path';
import type { ResolvedConfig } from '../../config/types.js';
import { ephemeralPortRange, isPortBusy } from '../../probes/port-holder.js';
import { UsageError } from '../../shared/errors.js';
import { WORKER_NAMES } from '../../workers/descriptors.js';

export const DEFAULT_DRILL_PORT_OFFSET = 100;

/**
 * Where a drill's throwaway project lives: outside the live project (a drill never writes there), under a name
 * fixed by the live project's, so what a killed drill left is found and removed by the next one.
 */
export const drillRoot = (config: ResolvedConfig) => path.join(os.tmpdir(), `rocketctl-drill-${config.project}`);
/** One drill at a time per project (the throwaway project's name is fixed). */
export const drillLockFile = (config: ResolvedConfig) => `${drillRoot(config)}.lock`;

/**
 * The throwaway project a drill restores into: the live config with its own name (so containers, network and
 * volumes never touch the live ones), its own folders, every published port moved by `offset`, and no worker:
 * the observer and the telemetry producer would write into the stores the drill compares.
 */
export function drillConfig(config: ResolvedConfig, offset: number): ResolvedConfig {
  const root = drillRoot(config);
  const stateDir = path.join(root, '.rocketctl');
  const services = Object.fromEntries(
    Object.entries(config.services).map(([name, service]) => [
      name,
      { ...service, ports: Object.fromEntries(Object.entries(service.ports).map(([endpoint, port]) => [endpoint, port === null ? null : port + offset])) },
    ]),
  ) as unknown as ResolvedConfig['services'];
  const workers = Object.fromEntries(WORKER_NAMES.map((name) => [name, { ...config.workers[name], enabled: false }])) as unknown as ResolvedConfig['workers'];
  return {
    ...config,
    root,
    configFile: null,
    project: `${config.project.slice(0, 25)}-drill`,
    certsDir: path.join(root, 'certs'),
    stateDir,
    workersDir: path.join(stateDir, 'workers'),
    services,
    workers,
  };
}

/** Every published port of the throwaway project must be free and below the ephemeral range: exit 2 naming each one otherwise. */
export async function assertDrillPortsFree(drill: ResolvedConfig, offset: number): Promise<void> {
  const range = await ephemeralPortRange();
  const ceiling = range ? range[0] : 65_536;
  const problems: string[] = [];
  for (const service of Object.values(drill.services).filter((s) => s.enabled))
    for (const [endpoint, port] of Object.entries(service.ports)) {
      if (port === null) continue;
      if (port < 1024 || port >= ceiling) problems.push(`${service.name} ${endpoint} ${port} is outside 1024–${ceiling - 1}`);
      else if (await isPortBusy(drill.bindAddress, port)) problems.push(`${service.name} ${endpoint} ${port} is in use`);
    }
  if (problems.length > 0)
    throw new UsageError(
      `the drill's ports (the live ones moved by ${offset}) cannot be used: ${problems.join('; ')}; nothing was changed`,
      'give another offset with --port-offset N (every port must be free and stay below the ephemeral range)',
    );
}
