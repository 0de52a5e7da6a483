import { OperationError } from '../shared/errors.js';
import type { MemberName } from '../workers/descriptors.js';

/** A port the service listens on inside its container, and where (if anywhere) the host reaches it. */
export interface PublishedPort {
  endpoint: string;
  containerPort: number;
  hostPort: number | null;
}

/**
 * A file copied into the container before it starts (rendered config, TLS material). Its content is read
 * only when a container is created (src/docker), so building a spec reads no file: `status` on an empty
 * folder works, and a missing certificate is reported by the command that needs it.
 */
export interface SpecFile {
  path: string;
  mode: number;
  /** Where the bytes come from, for error messages ("certs/kafka/kafka.keystore.jks", "template kafka/server.properties"). */
  source: string;
  read(): Promise<string | Buffer>;
}

/** What readiness checks may use; src/docker provides it, so services never import dockerode. */
export interface ProbeTarget {
  /** The host-side address of a published endpoint, as the engine reports it. */
  hostEndpoint(endpoint: string): { host: string; port: number } | undefined;
  /** Runs a command inside the container (for endpoints that are not published). */
  exec(command: string[]): Promise<{ exitCode: number; output: string; stdout: string }>;
  signal: AbortSignal;
}

/** A readiness failure that waiting cannot fix (a data volume made with another password): the wait fails at once. */
export class ReadinessFailure extends OperationError {}

export interface ReadinessCheck {
  /** Shown while waiting: "ZooKeeper serving (srvr Mode: leader|follower)". */
  description: string;
  timeoutMs: number;
  /** Resolves when ready; throws (with the reason) while not ready yet. Must honour target.signal. */
  check(target: ProbeTarget): Promise<string | void>;
}

/** A check the engine runs inside the container, so it (and `status`) knows the member's own view of its health. */
export interface HealthCheck {
  command: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  retries: number;
}

/** Everything needed to create, start and judge one member's container (a service's, or the workers member's). */
export interface ServiceSpec {
  name: MemberName;
  image: string;
  hostname: string;
  entrypoint?: string[];
  command?: string[];
  user?: string;
  env: Record<string, string>;
  ports: PublishedPort[];
  files: SpecFile[];
  /** Owner of the copied files inside the container: the user the service runs as. */
  fileOwner: { uid: number; gid: number };
  /** Mount point of the service's named data volume; null for stateless services. */
  dataDir: string | null;
  dependsOn: MemberName[];
  /** Host names that must resolve on the network before the image's own entrypoint runs. */
  waitForHosts?: string[];
  readiness: ReadinessCheck;
  healthcheck?: HealthCheck;
  /** A minimal init as PID 1 (the engine's): signals reach the process, children are reaped. */
  init?: boolean;
}
