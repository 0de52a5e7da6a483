import type { ProbeTarget, ServiceSpec } from '../../services/spec.js';
import { OperationError } from '../../shared/errors.js';
import { formatHostPort } from '../../shared/host-port.js';
import { execIn } from '../container-io.js';
import type { Engine } from '../engine.js';
import type { SwarmNode } from './swarm-nodes.js';

/** An exec probe on a node whose engine the config does not name: only the config can fix it, so waiting stops. */
export class NodeEngineMissing extends OperationError {}

/** Where this machine reaches the ports a task publishes on its node: the configured address, else the node's own. */
export function nodeAddress(node: SwarmNode, nodes: Readonly<Record<string, { address: string | null }>>): string {
  return nodes[node.hostname]?.address ?? node.addr;
}

/** Endpoint name → host:port for a task running on `host` (host-mode ports: the published port is the spec's). */
export function taskEndpoints(spec: ServiceSpec, host: string): Record<string, string> {
  return Object.fromEntries(spec.ports.filter((p) => p.hostPort !== null).map((p) => [p.endpoint, formatHostPort(host, p.hostPort!)]));
}

/** What a readiness check needs for a Swarm task: its node's published ports, and exec through that node's engine. */
export function taskProbeTarget(options: {
  spec: ServiceSpec;
  host: string;
  node: string;
  containerId: string | null;
  nodeEngine: Promise<Engine> | null;
  signal: AbortSignal;
}): ProbeTarget {
  const { spec, host, node, containerId, nodeEngine, signal } = options;
  return {
    signal,
    hostEndpoint(endpoint) {
      const port = spec.ports.find((p) => p.endpoint === endpoint)?.hostPort;
      return port == null ? undefined : { host, port };
    },
    async exec(command) {
      if (!nodeEngine || !containerId) {
        throw new NodeEngineMissing(
          `${spec.name} runs on Swarm node ${node}, whose engine rocketctl cannot reach to run ${command[0]} in it`,
          `set engine.nodes.${node}.dockerHost in the config (e.g. "ssh://ops@${node}")`,
        );
      }
      const engine = await nodeEngine;
      return execIn(engine, engine.docker.getContainer(containerId), command);
    },
  };
}
