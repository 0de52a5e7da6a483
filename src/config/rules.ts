import type { ResolvedConfig } from './types.js';

/** Rules that span fields; each problem is a `dot.path: message` line. */
export function crossFieldProblems(config: ResolvedConfig): string[] {
  const problems: string[] = [];
  const owners = new Map<number, string>();
  for (const service of Object.values(config.services)) {
    if (!service.enabled) continue;
    for (const [endpoint, hostPort] of Object.entries(service.ports)) {
      if (hostPort === null) continue;
      const where = `services.${service.name}.ports.${endpoint}`;
      const owner = owners.get(hostPort);
      if (owner) problems.push(`${where}: host port ${hostPort} is already used by ${owner}`);
      else owners.set(hostPort, where);
    }
  }
  const telemetryPort = config.workers.telemetry.port;
  const owner = owners.get(telemetryPort);
  if (owner) problems.push(`workers.telemetry.port: host port ${telemetryPort} is already used by ${owner}`);
  const { tls } = config;
  if (tls.leafValidityDays > tls.caValidityDays) {
    problems.push(`tls.leafValidityDays: ${tls.leafValidityDays} days outlives the CA (tls.caValidityDays: ${tls.caValidityDays})`);
  }
  if (tls.renewWithinDays >= tls.leafValidityDays) {
    problems.push(`tls.renewWithinDays: must be less than tls.leafValidityDays (${tls.leafValidityDays}), or every run re-issues`);
  }
  return problems;
}
