import { z } from 'zod';
import { SERVICES } from '../services/descriptors.js';
import { WORKERS_MEMBER, type MemberName } from '../workers/descriptors.js';

export const ENGINE_KINDS = ['docker', 'swarm'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

// Swarm node host names and label keys: what a placement constraint (`node.hostname==…`) can name.
const nodeName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, { error: 'expected a Swarm node host name such as "node-1"' });
const labelKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { error: 'expected a node label name such as "rocketctl.zone"' });
const labelValue = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, { error: 'expected a node label value (letters, digits, . _ -)' });
const dockerHost = z.string().regex(/^(tcp|ssh|unix):\/\/\S+$/, { error: 'expected a Docker endpoint such as "ssh://ops@node-2" or "tcp://10.0.0.12:2375"' });

const placement = z
  .strictObject({ node: nodeName.optional(), labels: z.record(labelKey, labelValue).optional() })
  .refine((p) => p.node !== undefined || Object.keys(p.labels ?? {}).length > 0, { error: 'expected node: "<host name>" and/or labels: {…}' });

const memberNames = [...SERVICES.map((module) => module.name), WORKERS_MEMBER] as unknown as [MemberName, ...MemberName[]];

/** `engine`: one Docker host (default) or a Swarm; see README "Multi-host (Swarm)". */
export const engineSchema = z.strictObject({
  kind: z
    .enum(ENGINE_KINDS, { error: `expected ${ENGINE_KINDS.map((k) => `'${k}'`).join(' or ')}` })
    .optional()
    .describe("'docker' (one host) or 'swarm'; `--engine` overrides it for one command"),
  /** Where each member's one task runs (Swarm placement constraints): every service, and `workers`. */
  placement: z
    .partialRecord(z.enum(memberNames), placement)
    .optional()
    .describe("Swarm: the node (or node labels) each member's one task runs on (a service, or `workers`), e.g. { kafka: { node: 'node-2' } }"),
  /**
   * Per Swarm node: `address`, where this machine reaches the ports published on that node (Kafka advertises it
   * too), and `dockerHost`, that node's own engine (for exec probes, image checks and copies, volume removal).
   */
  nodes: z
    .record(nodeName, z.strictObject({ address: z.string().min(1).optional(), dockerHost: dockerHost.optional() }))
    .optional()
    .describe("Swarm, per node: the address this machine reaches its published ports at, and its own engine's dockerHost"),
});

export interface ResolvedPlacement {
  readonly node: string | null;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ResolvedEngine {
  readonly kind: EngineKind;
  readonly placement: Readonly<Partial<Record<MemberName, ResolvedPlacement>>>;
  readonly nodes: Readonly<Record<string, { readonly address: string | null; readonly dockerHost: string | null }>>;
}

export function resolveEngine(given: z.infer<typeof engineSchema> | undefined, kindOverride?: EngineKind): ResolvedEngine {
  return {
    kind: kindOverride ?? given?.kind ?? 'docker',
    placement: Object.fromEntries(Object.entries(given?.placement ?? {}).map(([name, p]) => [name, { node: p!.node ?? null, labels: p!.labels ?? {} }])),
    nodes: Object.fromEntries(Object.entries(given?.nodes ?? {}).map(([name, n]) => [name, { address: n.address ?? null, dockerHost: n.dockerHost ?? null }])),
  };
}
