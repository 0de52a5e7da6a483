import type { ServiceSpec } from '../services/spec.js';
import { describePortHolder, isPortBusy } from '../probes/port-holder.js';
import { OperationError } from '../shared/errors.js';
import type { Engine } from './engine.js';
import { LABEL } from './labels.js';
import { formatHostPort } from '../shared/host-port.js';

/**
 * Every host port the specs publish must be free, or held by the very container that will keep it.
 * Checked before anything is created, and every conflict is named at once (container or process).
 */
export async function assertPortsFree(engine: Engine, specs: readonly ServiceSpec[], project: string, bindAddress: string): Promise<void> {
  // All states: our own container in a crash loop may be between runs while Docker's proxy still holds its port.
  const containers = await engine.call('list containers', (abortSignal) => engine.docker.listContainers({ all: true, abortSignal }));
  const conflicts: string[] = [];
  for (const spec of specs) {
    for (const port of spec.ports) {
      if (port.hostPort === null) continue;
      const address = `${formatHostPort(bindAddress, port.hostPort)} (${spec.name} ${port.endpoint})`;
      const own = (c: (typeof containers)[number]) => c.Labels[LABEL.project] === project && c.Labels[LABEL.service] === spec.name;
      const holder = containers.find((c) => c.State === 'running' && c.Ports.some((p) => p.PublicPort === port.hostPort));
      if (holder && own(holder)) continue;
      if (holder) {
        conflicts.push(`${address} is published by container ${holder.Names[0]?.replace(/^\//, '')}`);
      } else if (await isPortBusy(bindAddress, port.hostPort)) {
        const process = await describePortHolder(port.hostPort);
        // Our own container between two runs of a crash loop: Docker's proxy still holds its port, and `up` replaces it.
        if (process?.startsWith('docker-proxy ') && containers.some(own)) continue;
        conflicts.push(`${address} is in use by ${process ?? 'another process'}`);
      }
    }
  }
  if (conflicts.length > 0) {
    throw new OperationError(
      `host ports are busy; nothing was created:\n${conflicts.map((c) => `  - ${c}`).join('\n')}`,
      'stop what holds them, or choose other ports in the config (services.<name>.ports.<endpoint>)',
    );
  }
}
