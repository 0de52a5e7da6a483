import type { MemberName } from '../workers/descriptors.js';

/** Everything rocketctl creates carries these labels: `status` and `down` find it by them, never by name alone. */
export const LABEL = {
  project: 'org.rocketctl.project',
  service: 'org.rocketctl.service',
  specHash: 'org.rocketctl.spec-hash',
} as const;

export const containerName = (project: string, service: MemberName): string => `${project}-${service}`;
export const networkName = (project: string): string => `${project}-net`;
export const volumeName = (project: string, service: MemberName): string => `${project}-${service}-data`;

/**
 * The order `down` stops services in: dependents first, ZooKeeper last. Kafka must deregister from a ZooKeeper
 * that is still there, or its stale registration blocks the next broker until the session expires.
 */
export function stopLayers<T>(items: readonly T[], serviceOf: (item: T) => string | undefined): T[][] {
  const isZooKeeper = (item: T) => serviceOf(item)?.startsWith('zookeeper-') ?? false;
  return [items.filter((item) => !isZooKeeper(item)), items.filter(isZooKeeper)];
}

export function projectFilter(project: string, service?: MemberName): { label: string[] } {
  return { label: [`${LABEL.project}=${project}`, ...(service ? [`${LABEL.service}=${service}`] : [])] };
}
