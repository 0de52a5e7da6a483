import type { ResolvedConfig } from '../../config/types.js';
import { OperationError } from '../../shared/errors.js';
import { ensureBuiltImage } from '../build-image.js';
import { writeLogs } from '../container-logs.js';
import { connectEngine } from '../engine.js';
import { LABEL, containerName } from '../labels.js';
import type { StackDriver } from '../stack-driver.js';
import { ensureService, inspectServiceOrNull } from './ensure-service.js';
import { ensureOverlayNetwork } from './overlay-network.js';
import { NodeEngines } from './node-engines.js';
import { nodeVolumes } from './node-volumes.js';
import { removeSwarmStack } from './remove-swarm-stack.js';
import { swarmPreflight } from './swarm-preflight.js';
import { inspectSwarmStack } from './swarm-stack-view.js';
import { currentTask, serviceTasks } from './swarm-tasks.js';
import { waitServiceReady } from './wait-service-ready.js';

/** A Swarm: DOCKER_HOST is a manager; one service per member, pinned to its node (README "Multi-host (Swarm)"). */
export async function connectSwarmStack(config: ResolvedConfig, signal: AbortSignal, env: NodeJS.ProcessEnv): Promise<StackDriver> {
  const engine = await connectEngine(signal, env);
  const { project } = config;
  const engineConfig = config.engine;
  const nodeEngines = new NodeEngines(engineConfig, signal, env);
  const knownNodes = [...new Set([...Object.keys(engineConfig.nodes), ...Object.values(engineConfig.placement).flatMap((p) => (p?.node ? [p.node] : []))])];
  return {
    kind: 'swarm',
    preflight: (shapes) => swarmPreflight(engine, shapes, engineConfig, nodeEngines),
    dataVolumes: async () => (await nodeVolumes(nodeEngines, knownNodes, project)).map((v) => `${v.node}:${v.name}`),
    ensureNetwork: async () => void (await ensureOverlayNetwork(engine, project)),
    async start(spec) {
      const placement = engineConfig.placement[spec.name] ?? { node: null, labels: {} };
      const imageEngine = (placement.node ? nodeEngines.get(placement.node) : null) ?? Promise.resolve(engine);
      const { action, name } = await ensureService(engine, spec, { project, placement, imageEngine: await imageEngine });
      return {
        action,
        async ready() {
          const outcome = await waitServiceReady(engine, spec, name, { engineConfig, nodeEngines, updated: action === 'updated' });
          return { seconds: outcome.seconds, detail: `${outcome.detail}; on ${outcome.node}` };
        },
      };
    },
    async isRunning(service) {
      return currentTask(await serviceTasks(engine, containerName(project, service)))?.state === 'running';
    },
    inspect: (specs) => inspectSwarmStack(engine, project, specs, { engineConfig, nodeEngines }),
    remove: (options) => removeSwarmStack(engine, project, { ...options, nodeEngines, nodes: knownNodes }),
    buildImage: (build, options) => ensureBuiltImage(engine, build, options),
    async writeLogs(service, options, sinks) {
      const handle = engine.docker.getService(containerName(project, service));
      const info = await inspectServiceOrNull(engine, handle);
      if (!info || info.Spec?.Labels?.[LABEL.project] !== project) throw new OperationError(`${service} has no Swarm service`, 'run `rocketctl up` first');
      await writeLogs(engine, service, handle, options, sinks);
    },
  };
}
