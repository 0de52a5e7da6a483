import type { ResolvedConfig } from '../../config/types.js';
import { SERVICE_NAMES } from '../../services/descriptors.js';
import { WORKER_NAMES } from '../descriptors.js';
import { MEMBER_LAYOUT } from './member-layout.js';

/**
 * The member's own config (a module the member's rocketctl loads like any config file): the project, the
 * services it reaches by host name on the project network (`runsIn: 'stack'`), and the workers' settings. It holds
 * no secret (those go in their own 0600 file) and nothing the workers do not read.
 */
export function renderMemberConfig(config: ResolvedConfig): string {
  const member = {
    project: config.project,
    // The host's bind address: the telemetry server listens on every interface of its container, but answers only
    // what a client of the published port sends (a loopback Host when the host publishes on loopback).
    bindAddress: config.bindAddress,
    allowPublicBind: config.allowPublicBind,
    stateDir: MEMBER_LAYOUT.configDir,
    certsDir: `${MEMBER_LAYOUT.configDir}/certs`,
    workersDir: MEMBER_LAYOUT.workersDir,
    runsIn: 'stack',
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, { enabled: config.services[name].enabled }])),
    workers: Object.fromEntries(WORKER_NAMES.map((name) => [name, config.workers[name]])),
  };
  return `// Rendered by rocketctl for the workers member of project ${config.project}; re-run \`rocketctl up\` to change it.\nexport default ${JSON.stringify(member, null, 2)};\n`;
}
