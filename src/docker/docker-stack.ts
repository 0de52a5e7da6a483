import type { ResolvedConfig } from '../config/types.js';
import { ensureBuiltImage } from './build-image.js';
import { writeServiceLogs } from './container-logs.js';
import { connectEngine } from './engine.js';
import { ensureContainer } from './ensure-container.js';
import { ensureNetwork } from './network-and-volumes.js';
import { assertPortsFree } from './port-preflight.js';
import { listProjectVolumes, removeStack } from './remove-stack.js';
import type { StackDriver } from './stack-driver.js';
import { inspectStack, isServiceRunning } from './stack-view.js';
import { waitReady } from './wait-ready.js';

/** One Docker host: a container per service on the project's bridge network, ports on the bind address. */
export async function connectDockerStack(config: ResolvedConfig, signal: AbortSignal, env: NodeJS.ProcessEnv): Promise<StackDriver> {
  const engine = await connectEngine(signal, env);
  const { project, bindAddress } = config;
  return {
    kind: 'docker',
    preflight: (shapes) => assertPortsFree(engine, shapes, project, bindAddress),
    dataVolumes: () => listProjectVolumes(engine, project),
    ensureNetwork: async () => void (await ensureNetwork(engine, project)),
    async start(spec, options) {
      const { container, action } = await ensureContainer(
        engine,
        spec,
        { project, bindAddress },
        { log: options.log, onProgress: (line) => options.onProgress(`pull ${line}`) },
      );
      return { action, ready: () => waitReady(engine, container, spec) };
    },
    isRunning: (service) => isServiceRunning(engine, project, service),
    inspect: (specs) => inspectStack(engine, project, specs),
    remove: (options) => removeStack(engine, project, options),
    writeLogs: (service, options, sinks) => writeServiceLogs(engine, project, service, options, sinks),
    buildImage: (build, options) => ensureBuiltImage(engine, build, options),
  };
}
