import type { ServiceName } from '../services/registry.js';

/** Everything rocketctl creates carries these labels: `status` and `down` find it by them, never by name alone. */
export const LABEL = {
  project: 'org.rocketctl.project',
  service: 'org.rocketctl.service',
  specHash: 'org.rocketctl.spec-hash',
} as const;

export const containerName = (project: string, service: ServiceName): string => `${project}-${service}`;
export const networkName = (project: string): string => `${project}-net`;
export const volumeName = (project: string, service: ServiceName): string => `${project}-${service}-data`;

export function projectFilter(project: string, service?: ServiceName): { label: string[] } {
  return { label: [`${LABEL.project}=${project}`, ...(service ? [`${LABEL.service}=${service}`] : [])] };
}
