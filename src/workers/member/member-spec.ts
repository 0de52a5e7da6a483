import { renderSecretsFile } from '../../secrets/secrets-file.js';
import type { SecretName } from '../../secrets/catalog.js';
import type { ServiceSpec } from '../../services/spec.js';
import type { SpecInputs } from '../../services/spec-inputs.js';
import { WORKERS, WORKERS_MEMBER, type MemberName } from '../descriptors.js';
import { renderMemberConfig } from './member-config.js';
import { MEMBER_CLI, MEMBER_LAYOUT } from './member-layout.js';

const SECRET_FILE_MODE = 0o600;
const PUBLIC_FILE_MODE = 0o644;

/** The secrets the enabled workers log in with or own: the member's secrets file holds these and nothing else. */
export function memberSecretNames(inputs: Pick<SpecInputs, 'config'>): SecretName[] {
  const enabled = WORKERS.filter((worker) => inputs.config.workers[worker.name].enabled);
  return [...new Set(enabled.flatMap((worker) => [...worker.usesSecrets, ...Object.keys(worker.secrets)]))].sort() as SecretName[];
}

/**
 * The workers member: one container (or Swarm service) that runs every enabled worker with this rocketctl, so the
 * telemetry worker's frames still reach the observer in-process. Restarted by the engine when its process dies,
 * judged by its own `workers status` (the engine's health check asks it whether every worker runs), its state on a
 * named volume. Null when
 * the config enables no worker.
 */
export function workersMemberSpec(inputs: SpecInputs, image: string): ServiceSpec | null {
  const { config, secrets } = inputs;
  const enabled = WORKERS.filter((worker) => config.workers[worker.name].enabled);
  if (enabled.length === 0) return null;
  const telemetry = config.workers.telemetry;
  // Liveness, not health: a worker waiting for what the stack has not made yet stays up (Swarm would replace it).
  const alive = [...MEMBER_CLI, 'workers', 'status', '--live'];
  return {
    name: WORKERS_MEMBER,
    image,
    hostname: WORKERS_MEMBER,
    entrypoint: [MEMBER_CLI[0], MEMBER_CLI[1]],
    command: [...MEMBER_CLI.slice(2), 'workers', 'start'],
    user: `${MEMBER_LAYOUT.uid}:${MEMBER_LAYOUT.gid}`,
    env: {},
    // The telemetry server listens on its own port inside the container, published on the bind address.
    ports: telemetry.enabled ? [{ endpoint: 'http', containerPort: telemetry.port, hostPort: telemetry.port }] : [],
    files: [
      { path: MEMBER_LAYOUT.configFile, mode: PUBLIC_FILE_MODE, source: 'the workers member config', read: async () => renderMemberConfig(config) },
      {
        path: `${MEMBER_LAYOUT.configDir}/secrets.env`,
        mode: SECRET_FILE_MODE,
        source: 'the secrets the enabled workers use',
        read: async () => renderSecretsFile(new Map(memberSecretNames(inputs).map((name) => [name, secrets.get(name)]))),
      },
      { path: `${MEMBER_LAYOUT.configDir}/certs/ca/ca.crt`, mode: PUBLIC_FILE_MODE, source: 'certs/ca/ca.crt', read: async () => inputs.caPem },
    ],
    fileOwner: { uid: MEMBER_LAYOUT.uid, gid: MEMBER_LAYOUT.gid },
    dataDir: MEMBER_LAYOUT.workersDir,
    dependsOn: [...new Set(enabled.flatMap((worker) => worker.needs))].filter((name) => config.services[name].enabled) as MemberName[],
    init: true,
    healthcheck: { command: alive, intervalMs: 10_000, timeoutMs: 8_000, startPeriodMs: 60_000, retries: 3 },
    // Ready once every enabled worker runs (its own `workers status`): one still waiting for what the stack has not
    // made yet (credentials, seeded roles) is named in the detail; the checklist's workers step judges their health.
    readiness: {
      description: 'every enabled worker running (its own `workers status`)',
      timeoutMs: 120_000,
      async check(target) {
        const { stdout } = await target.exec([...MEMBER_CLI, '--json', 'workers', 'status']);
        const report = JSON.parse(stdout) as { workers: { name: string; state: string; healthy: boolean; detail: string }[] };
        const mine = report.workers.filter((w) => enabled.some((e) => e.name === w.name));
        const notRunning = mine.filter((w) => w.state !== 'running');
        if (notRunning.length > 0) throw new Error(notRunning.map((w) => `${w.name}: ${w.state} (${w.detail})`).join('; '));
        const unhealthy = mine.filter((w) => !w.healthy);
        return unhealthy.length === 0
          ? `${mine.map((w) => w.name).join(', ')} healthy`
          : `running; waiting: ${unhealthy.map((w) => `${w.name}: ${w.detail.slice(0, 160)}`).join('; ')}`;
      },
    },
  };
}
