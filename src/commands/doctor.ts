import { constants } from 'node:fs';
import { access, lstat } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { EngineLook } from '../docker/engine-facts.js';
import { describePortHolder, ephemeralPortRange, isPortBusy } from '../probes/port-holder.js';
import { freeBytes, parsePortList, readKernelSetting } from '../probes/host-settings.js';
import { secretsFilePath } from '../secrets/secrets.js';
import type { ServiceSpec } from '../services/spec.js';
import { RocketError } from '../shared/errors.js';
import { createRedactor } from '../shared/redact.js';
import { planMaterial } from '../tls/material-plan.js';
import { retiredKeysPath } from '../workers/observer/keyring.js';
import { certsList } from './certs-list.js';
import type { CommandContext } from './context.js';
import {
  certsCheck,
  clockCheck,
  diskCheck,
  engineCheck,
  ephemeralPortsCheck,
  imagesCheck,
  maxMapCountCheck,
  nodeCheck,
  portHolder,
  portsCheck,
  secretFilesCheck,
  socketCheck,
  type DoctorCheck,
  type DoctorReport,
  type PublishedPort,
  type SecretFile,
} from './doctor-checks.js';
import { isWorkersMember, memberShapes, workersImage } from './stack-members.js';

export type { DoctorCheck, DoctorReport };

export interface DoctorOptions {
  /** Also write a support bundle here (an absolute path, checked before any work). */
  bundle?: string;
  now?: Date;
}

/**
 * `rocketctl doctor`: what a support person asks first, each ok, warn or fail with its fix. Read-only: it starts,
 * pulls and writes nothing (the engine is asked, files and /proc are read, a host port is bound for an instant to
 * see whether it is free). Works without an engine (that line fails, the others still run) and before `up`. With
 * `bundle`, the path is checked before anything else, and the report goes into the bundle with the rest.
 */
export async function doctor(context: CommandContext, options: DoctorOptions = {}): Promise<DoctorReport & { bundle?: string }> {
  const bundle = options.bundle;
  if (bundle === undefined) return runChecks(context, options.now);
  const { bundleSecretValues, checkBundlePath, collectBundle, writeBundle } = await import('./doctor-bundle.js');
  await checkBundlePath(bundle);
  const report = await runChecks(context, options.now);
  const entries = await collectBundle(context, report);
  await writeBundle(bundle, entries, createRedactor(await bundleSecretValues(context.config, context.env)));
  return { ...report, bundle };
}

async function runChecks(context: CommandContext, now = new Date()): Promise<DoctorReport> {
  const { config, env, signal } = context;
  const shapes = memberShapes(config);
  const published = publishedPorts(shapes);
  const workers = shapes.some(isWorkersMember) ? workersImageTag(config) : null;
  const images = [...new Set([...shapes.filter((s) => !isWorkersMember(s)).map((s) => s.image), ...(workers ? [workers] : [])])];

  const { lookAtEngine } = await import('../docker/engine-facts.js');
  const [engine, socket, bound, kernel, certs, secretFiles] = await Promise.all([
    lookAtEngine(signal, env, images),
    socketAccess(env),
    Promise.all(published.map((p) => isPortBusy(config.bindAddress, p.port))),
    kernelSettings(),
    certsCheckFor(context, now),
    secretFilesOf(config),
  ]);
  // Named only where no container publishes the port: a look through /proc at every process is not free.
  const holders = await Promise.all(
    published.map(async (wanted, i) => {
      const publishers = engine.reachable ? engine.publishers : null;
      const byContainer = publishers?.some((p) => p.port === wanted.port) ?? false;
      const holderProcess = bound[i] && !byContainer ? await describePortHolder(wanted.port).catch(() => undefined) : undefined;
      return { wanted, holder: portHolder(wanted, config.project, publishers, bound[i]!, holderProcess) };
    }),
  );

  const checks: DoctorCheck[] = [
    nodeCheck(process.version),
    engineCheck(engine),
    socketCheck(socket),
    portsCheck(holders, config.bindAddress),
    ephemeralPortsCheck(published, kernel.portRange, kernel.reservedPorts),
    imagesCheck(engine.reachable ? engine.images : null, workers),
    diskCheck(engine.reachable ? { rootDir: engine.rootDir, where: engine.host, freeBytes: await dataRootFree(engine) } : null),
    clockCheck(engine.reachable ? engine : null),
    certs,
    secretFilesCheck(secretFiles.secretsFile, secretFiles.keys),
    maxMapCountCheck(kernel.maxMapCount, config.services.cassandra.enabled),
  ];
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

/** Every host port the config publishes (the services', and the telemetry worker's on the workers member). */
export function publishedPorts(shapes: readonly Pick<ServiceSpec, 'name' | 'ports'>[]): PublishedPort[] {
  return shapes.flatMap((spec) =>
    spec.ports
      .filter((p): p is typeof p & { hostPort: number } => p.hostPort !== null)
      .map((p) => ({
        port: p.hostPort,
        member: spec.name,
        endpoint: p.endpoint,
        configKey: isWorkersMember(spec) ? 'workers.telemetry.port' : `services.${spec.name}.ports.${p.endpoint}`,
      })),
  );
}

function workersImageTag(config: ResolvedConfig): string | null {
  try {
    return workersImage(config).tag;
  } catch {
    // Not buildable here (not Linux): `up` says so with its fix; the image line has nothing to look for.
    return null;
  }
}

async function socketAccess(env: NodeJS.ProcessEnv): Promise<Parameters<typeof socketCheck>[0]> {
  const host = env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!host.startsWith('unix://')) return { kind: 'remote', host };
  const socket = new URL(host).pathname;
  const error = await access(socket, constants.R_OK | constants.W_OK).then(
    () => null,
    (e: NodeJS.ErrnoException) => e.code ?? e.message,
  );
  return { kind: 'unix', path: socket, error, root: process.getuid?.() === 0 };
}

/** Only a local engine's data root can be measured from here (a remote one's path means nothing on this machine). */
async function dataRootFree(engine: Extract<EngineLook, { reachable: true }>): Promise<number | null> {
  if (!engine.host.startsWith('unix://') || !engine.rootDir) return null;
  // Volumes live in <root>/volumes, which may be a mount of its own (and only root may look inside the root).
  return (await freeBytes(path.join(engine.rootDir, 'volumes'))) ?? freeBytes(engine.rootDir);
}

async function kernelSettings(): Promise<{ maxMapCount: string | null; portRange: [number, number] | null; reservedPorts: [number, number][] }> {
  const [maxMapCount, portRange, reserved] = await Promise.all([
    readKernelSetting('vm.max_map_count'),
    ephemeralPortRange(),
    readKernelSetting('net.ipv4.ip_local_reserved_ports'),
  ]);
  return { maxMapCount, portRange: portRange ?? null, reservedPorts: reserved ? parsePortList(reserved) : [] };
}

async function certsCheckFor(context: CommandContext, now: Date): Promise<DoctorCheck> {
  try {
    const { certificates, stores } = await certsList(context, { now });
    return certsCheck(certificates, stores);
  } catch (error) {
    if ((error as Error).name === 'InterruptedError') throw error;
    // A secrets file that cannot be read, an unusable override: the certificates cannot be judged, and that is why.
    const fix = error instanceof RocketError && error.hint ? error.hint : 'run `rocketctl certs list` for the details';
    return { id: 'certs', status: 'fail', detail: (error as Error).message.split('\n').join(' '), fix };
  }
}

/** secrets.env, every private key `certs gen` writes, and the observer's retired keys: as lstat sees them. */
async function secretFilesOf(config: ResolvedConfig): Promise<{ secretsFile: SecretFile; keys: SecretFile[] }> {
  const plan = planMaterial(config);
  const keyFiles = [plan.ca.keyFile, ...plan.leaves.map((l) => l.keyFile), retiredKeysPath(config.stateDir)];
  const [secretsFile, ...keys] = await Promise.all([secretsFilePath(config.stateDir), ...keyFiles].map(lstatFile));
  return { secretsFile: secretsFile!, keys };
}

async function lstatFile(file: string): Promise<SecretFile> {
  const stats = await lstat(file).catch(() => null);
  return stats ? { file, mode: stats.mode & 0o7777, ...(stats.isSymbolicLink() ? { symlink: true } : {}) } : { file, mode: null };
}
