import type { PortPublisher } from '../docker/engine-facts.js';
import type { CertReport } from '../tls/inspect-cert.js';

/**
 * `doctor`'s judgements: pure functions from what was observed to one line each, ok, warn or fail, with the fix on
 * every line that is not ok. Observing (files, /proc, the engine) is doctor.ts's; nothing here does I/O.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface DoctorReport {
  /** No check failed (a warning does not fail the run). */
  ok: boolean;
  checks: DoctorCheck[];
}

const ok = (id: string, detail: string): DoctorCheck => ({ id, status: 'ok', detail });
const warn = (id: string, detail: string, fix: string): DoctorCheck => ({ id, status: 'warn', detail, fix });
const fail = (id: string, detail: string, fix: string): DoctorCheck => ({ id, status: 'fail', detail, fix });

export const MIN_NODE_MAJOR = 20;

export function nodeCheck(version: string): DoctorCheck {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  return major >= MIN_NODE_MAJOR
    ? ok('node', `${version} (rocketctl needs ${MIN_NODE_MAJOR} or newer)`)
    : fail(
        'node',
        `${version}: rocketctl needs Node ${MIN_NODE_MAJOR} or newer`,
        `install Node ${MIN_NODE_MAJOR} LTS or newer (e.g. \`nvm install ${MIN_NODE_MAJOR}\`)`,
      );
}

/** What the engine look found, as far as reachability and version go (the rest feeds the other checks). */
export type EngineSummary =
  { reachable: true; host: string; version: string; apiVersion: string } | { reachable: false; host: string; reason: string; fix?: string };

export function engineCheck(engine: EngineSummary): DoctorCheck {
  if (engine.reachable) return ok('engine', `Docker ${engine.version} (API ${engine.apiVersion}) at ${engine.host}`);
  return fail('engine', engine.reason, engine.fix ?? 'start dockerd (systemctl start docker) or set DOCKER_HOST to a running engine');
}

/** What `access(socket, R_OK | W_OK)` said about the engine's Unix socket; `remote` for a tcp:// or ssh:// engine. */
export type SocketAccess = { kind: 'remote'; host: string } | { kind: 'unix'; path: string; error: string | null; root: boolean };

export function socketCheck(access: SocketAccess): DoctorCheck {
  if (access.kind === 'remote') return ok('docker-socket', `not a local socket (${access.host}): no permission to check`);
  const { path, error } = access;
  if (error === null) return ok('docker-socket', `${path} is readable and writable by this user${access.root ? ' (root)' : ''}`);
  if (error === 'EACCES' || error === 'EPERM')
    return fail(
      'docker-socket',
      `permission denied on ${path}`,
      'add your user to the docker group: `sudo usermod -aG docker $USER`, then log out and in again (or `newgrp docker`)',
    );
  if (error === 'ENOENT')
    return fail('docker-socket', `no socket at ${path}`, 'start the engine (`sudo systemctl start docker`), or set DOCKER_HOST to where it listens');
  return fail('docker-socket', `${path}: ${error}`, `check the socket and its permissions (\`ls -l ${path}\`)`);
}

/** A host port the config publishes: which member and endpoint, and the config key that moves it. */
export interface PublishedPort {
  port: number;
  member: string;
  endpoint: string;
  configKey: string;
}

/** Who holds a published port right now. */
export type PortHolder =
  | { kind: 'free' }
  | { kind: 'ours'; by: string }
  | { kind: 'container'; by: string }
  | { kind: 'process'; by: string }
  /** Busy, but nothing can tell by whom (no engine, no /proc access). */
  | { kind: 'unknown' };

/**
 * Who holds `port`, from the engine's published ports and a bind attempt: this project's own member (by label) is
 * fine; another container, or a process, is a conflict. `busy` is what binding it said, `process` who /proc names.
 */
export function portHolder(
  wanted: PublishedPort,
  project: string,
  publishers: readonly PortPublisher[] | null,
  busy: boolean,
  process: string | undefined,
): PortHolder {
  const publisher = publishers?.find((p) => p.port === wanted.port);
  if (publisher) {
    return publisher.project === project && publisher.service === wanted.member
      ? { kind: 'ours', by: publisher.name }
      : { kind: 'container', by: publisher.name };
  }
  if (!busy) return { kind: 'free' };
  return process ? { kind: 'process', by: process } : { kind: 'unknown' };
}

export function portsCheck(ports: readonly { wanted: PublishedPort; holder: PortHolder }[], bindAddress: string): DoctorCheck {
  const conflicts = ports.filter((p) => p.holder.kind !== 'free' && p.holder.kind !== 'ours');
  const ours = ports.filter((p) => p.holder.kind === 'ours').length;
  if (conflicts.length === 0) {
    return ok('ports', `${ports.length} published ports on ${bindAddress} free${ours ? ` or held by this project (${ours})` : ''}`);
  }
  const describe = ({ wanted, holder }: (typeof ports)[number]) =>
    `${wanted.port} (${wanted.member} ${wanted.endpoint}) ${
      holder.kind === 'container' ? `is published by container ${holder.by}` : holder.kind === 'process' ? `is in use by ${holder.by}` : 'is in use'
    }`;
  return fail(
    'ports',
    conflicts.map(describe).join('; '),
    `stop what holds ${conflicts.length === 1 ? 'it' : 'them'}, or move ${conflicts.map((c) => c.wanted.configKey).join(', ')} in the config`,
  );
}

export const inRange = (port: number, [low, high]: readonly [number, number]): boolean => port >= low && port <= high;

/**
 * A published port inside the kernel's ephemeral range can be taken at any moment by the local end of an outgoing
 * connection (any client on the machine), so `up` fails now and then for no visible reason. Reserved ports
 * (`net.ipv4.ip_local_reserved_ports`) are never handed out, so they are safe inside the range.
 */
export function ephemeralPortsCheck(
  ports: readonly PublishedPort[],
  range: readonly [number, number] | null,
  reserved: readonly (readonly [number, number])[],
): DoctorCheck {
  const id = 'ephemeral-ports';
  if (range === null) return ok(id, 'net.ipv4.ip_local_port_range not readable here (not Linux?): nothing to compare');
  const exposed = ports.filter((p) => inRange(p.port, range) && !reserved.some((r) => inRange(p.port, r)));
  if (exposed.length === 0) return ok(id, `no published port inside the ephemeral range ${range[0]}-${range[1]}`);
  const list = exposed.map((p) => p.port).join(',');
  return warn(
    id,
    `${exposed.map((p) => `${p.port} (${p.member} ${p.endpoint})`).join(', ')} inside the ephemeral range ${range[0]}-${range[1]}: an outgoing connection may take ${exposed.length === 1 ? 'it' : 'them'}`,
    `move ${exposed.map((p) => p.configKey).join(', ')} below ${range[0]}, or reserve ${exposed.length === 1 ? 'it' : 'them'}: \`sudo sysctl -w net.ipv4.ip_local_reserved_ports=${list}\` (persist in /etc/sysctl.d/)`,
  );
}

export function imagesCheck(images: Readonly<Record<string, boolean | null>> | null, workersImage: string | null): DoctorCheck {
  if (images === null) return warn('images', 'not checked: the engine is not reachable', 'see the engine line');
  const missing = Object.entries(images)
    .filter(([, present]) => present === false)
    .map(([image]) => image);
  const unknown = Object.entries(images)
    .filter(([, present]) => present === null)
    .map(([image]) => image);
  const total = Object.keys(images).length;
  if (missing.length === 0 && unknown.length === 0) return ok('images', `all ${total} images present on the engine`);
  const parts = [missing.length ? `not present: ${missing.join(', ')}` : '', unknown.length ? `no answer for: ${unknown.join(', ')}` : ''].filter(Boolean);
  const workersOnly = missing.length === 1 && missing[0] === workersImage && unknown.length === 0;
  return warn(
    'images',
    parts.join('; '),
    workersOnly
      ? '`rocketctl up` builds it (or `rocketctl images build` now)'
      : '`rocketctl up` builds or pulls what is missing; with no registry reachable, `npm run lab` builds every image offline',
  );
}

export const GIB = 1024 ** 3;
export const DISK_WARN_BYTES = 10 * GIB;
export const DISK_FAIL_BYTES = 2 * GIB;

export function diskCheck(disk: { rootDir: string; freeBytes: number | null; where: string } | null): DoctorCheck {
  if (disk === null) return warn('disk', 'not checked: the engine is not reachable', 'see the engine line');
  const { rootDir, freeBytes, where } = disk;
  if (freeBytes === null)
    return warn(
      'disk',
      `cannot measure ${rootDir} from here (engine at ${where})`,
      `check free space for Docker on that machine: \`docker system df\`, \`df -h ${rootDir}\``,
    );
  const shown = `${(freeBytes / GIB).toFixed(1)} GiB free for images and volumes on ${rootDir}`;
  const fix = `free space on that file system (\`docker system prune\` removes unused images and build cache; never \`--volumes\` without a backup)`;
  if (freeBytes < DISK_FAIL_BYTES) return fail('disk', `${shown} (needs at least 2 GiB)`, fix);
  if (freeBytes < DISK_WARN_BYTES) return warn('disk', `${shown} (under 10 GiB: the stores' volumes will fill it)`, fix);
  return ok('disk', shown);
}

export const SKEW_WARN_MS = 2_000;

/** Engine clock minus host clock, in ms (positive: the engine is ahead); NaN when the engine's time cannot be read. */
export const clockSkewMs = (engineTime: string, hostTimeMs: number): number => Date.parse(engineTime) - hostTimeMs;

/**
 * The engine's clock is every container's clock: a skew between it and this host breaks certificate validity
 * (notBefore), SCRAM and Kafka timestamps. The `info` call's round trip is the measurement's uncertainty.
 */
export function clockCheck(clock: { systemTime: string; hostTimeMs: number; roundTripMs: number } | null): DoctorCheck {
  if (clock === null) return warn('clock', 'not checked: the engine is not reachable', 'see the engine line');
  const skew = clockSkewMs(clock.systemTime, clock.hostTimeMs);
  if (Number.isNaN(skew))
    return warn('clock', `the engine reported no usable time ("${clock.systemTime}")`, 'compare `date -u` with `docker info --format {{.SystemTime}}`');
  const shown = `engine (containers) ${skew >= 0 ? 'ahead of' : 'behind'} this host by ${(Math.abs(skew) / 1000).toFixed(2)} s (±${(clock.roundTripMs / 2000).toFixed(2)} s)`;
  if (Math.abs(skew) - clock.roundTripMs / 2 > SKEW_WARN_MS)
    return warn(
      'clock',
      shown,
      'sync the clocks: `sudo timedatectl set-ntp true` (or `chronyc makestep`) on this host and on the machine the engine runs on; for Docker Desktop, restart its VM',
    );
  return ok('clock', shown);
}

export const CERT_WARN_DAYS = 30;

/** A certificate's standing by its days left: expired fails, under 30 days warns. */
export const daysLeftStatus = (daysLeft: number): CheckStatus => (daysLeft < 0 ? 'fail' : daysLeft < CERT_WARN_DAYS ? 'warn' : 'ok');

export function certsCheck(
  certs: readonly Pick<CertReport, 'id' | 'status' | 'reason' | 'daysLeft'>[],
  stores: readonly { id: string; status: string; reason?: string }[],
): DoctorCheck {
  const id = 'certs';
  const regenerate = '`rocketctl certs gen` (re-issues what is missing, broken, expired or expiring; `up` runs it too)';
  if (certs.every((c) => c.status === 'missing') && stores.every((s) => s.status === 'missing'))
    return warn(id, 'not generated yet', 'run `rocketctl certs gen` (or `rocketctl up`, which makes them)');
  const broken = [...certs, ...stores].filter((c) => c.status !== 'ok' && c.status !== 'expiring' && c.status !== 'expired');
  const expired = certs.filter((c) => c.status === 'expired' || (c.daysLeft !== undefined && daysLeftStatus(c.daysLeft) === 'fail'));
  if (broken.length > 0 || expired.length > 0) {
    const detail = [...expired.map((c) => `${c.id} expired`), ...broken.map((c) => `${c.id} ${c.status}${c.reason ? ` (${c.reason})` : ''}`)].join('; ');
    const keyModes = broken.filter((c) => c.status === 'bad-key-mode');
    return fail(
      id,
      detail,
      keyModes.length === broken.length && expired.length === 0
        ? '`chmod 600` each named key (the secret-files line has the command); if others may have read one, re-issue: `rocketctl certs gen --force`'
        : regenerate,
    );
  }
  const dated = certs.filter((c): c is typeof c & { daysLeft: number } => c.daysLeft !== undefined);
  const soonest = dated.reduce<(typeof dated)[number] | undefined>((a, c) => (a === undefined || c.daysLeft < a.daysLeft ? c : a), undefined);
  const soon = dated.filter((c) => daysLeftStatus(c.daysLeft) === 'warn' || c.status === 'expiring');
  const summary = `${certs.length} certificates, ${stores.length} stores${soonest ? `; soonest expiry: ${soonest.id} in ${soonest.daysLeft} days` : ''}`;
  if (soon.length > 0) return warn(id, `${summary}; expiring: ${soon.map((c) => `${c.id} (${c.daysLeft} days)`).join(', ')}`, regenerate);
  return ok(id, summary);
}

/** A file holding a secret or a private key, as lstat saw it: null mode when it does not exist. */
export interface SecretFile {
  file: string;
  mode: number | null;
  symlink?: boolean;
}

/** Any permission bit for group or others on a file holding a secret or a private key. */
export const looseMode = (mode: number): boolean => (mode & 0o077) !== 0;

export function secretFilesCheck(secretsFile: SecretFile, keys: readonly SecretFile[]): DoctorCheck {
  const id = 'secret-files';
  const present = [secretsFile, ...keys].filter((f) => f.mode !== null);
  const links = present.filter((f) => f.symlink);
  if (links.length > 0)
    return fail(
      id,
      `${links.map((f) => f.file).join(', ')}: a symbolic link, which rocketctl refuses to follow`,
      'replace each link with the real file (mode 0600, owned by you)',
    );
  const loose = present.filter((f) => looseMode(f.mode!));
  if (loose.length > 0) {
    return fail(
      id,
      loose.map((f) => `${f.file} is ${(f.mode! & 0o777).toString(8).padStart(3, '0')}`).join('; '),
      `chmod 600 ${loose.map((f) => f.file).join(' ')} (then consider rotating: others could read ${loose.length === 1 ? 'it' : 'them'})`,
    );
  }
  if (secretsFile.mode === null) {
    const keysNote = keys.some((k) => k.mode !== null) ? `; ${present.length} key files 0600` : '';
    return warn(id, `${secretsFile.file}: not generated yet${keysNote}`, 'run `rocketctl up` (or `rocketctl certs gen`), which makes it with mode 0600');
  }
  return ok(id, `secrets.env and ${present.length - 1} private key files are 0600`);
}

/** Cassandra's production setting (DataStax "Recommended production settings": vm.max_map_count = 1048575). */
export const CASSANDRA_MAX_MAP_COUNT = 1_048_575;

export function maxMapCountCheck(value: string | null, cassandraEnabled: boolean): DoctorCheck {
  const id = 'vm.max_map_count';
  if (!cassandraEnabled) return ok(id, `${value ?? 'unknown'} (only Cassandra needs more, and it is disabled)`);
  if (value === null)
    return warn(id, 'not readable here (/proc/sys/vm/max_map_count)', `make sure the engine's kernel has vm.max_map_count >= ${CASSANDRA_MAX_MAP_COUNT}`);
  const count = Number(value);
  if (count >= CASSANDRA_MAX_MAP_COUNT) return ok(id, `${count} (Cassandra wants >= ${CASSANDRA_MAX_MAP_COUNT})`);
  return warn(
    id,
    `${count}: Cassandra memory-maps its data files and wants >= ${CASSANDRA_MAX_MAP_COUNT}; below, a large data set fails with "Map failed"`,
    `sudo sysctl -w vm.max_map_count=${CASSANDRA_MAX_MAP_COUNT}, and persist it: echo vm.max_map_count=${CASSANDRA_MAX_MAP_COUNT} | sudo tee /etc/sysctl.d/60-cassandra.conf`,
  );
}
