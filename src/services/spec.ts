import type { ServiceName } from '../config/service-names.js';

/** A port the service listens on inside its container, and where (if anywhere) the host reaches it. */
export interface PublishedPort {
  endpoint: string;
  containerPort: number;
  hostPort: number | null;
}

/** A file copied into the container before it starts (rendered config, TLS material). */
export interface SpecFile {
  path: string;
  content: string | Buffer;
  mode: number;
}

/** What readiness checks may use; src/docker provides it, so services never import dockerode. */
export interface ProbeTarget {
  /** The host-side address of a published endpoint, as the engine reports it. */
  hostEndpoint(endpoint: string): { host: string; port: number } | undefined;
  /** Runs a command inside the container (for endpoints that are not published). */
  exec(command: string[]): Promise<{ exitCode: number; output: string }>;
  signal: AbortSignal;
}

export interface ReadinessCheck {
  /** Shown while waiting: "ZooKeeper serving (srvr Mode: leader|follower)". */
  description: string;
  timeoutMs: number;
  /** Resolves when ready; throws (with the reason) while not ready yet. */
  check(target: ProbeTarget): Promise<string | void>;
}

/** Everything needed to create, start and judge one service's container. */
export interface ServiceSpec {
  name: ServiceName;
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
  dependsOn: ServiceName[];
  /** Host names that must resolve on the network before the image's own entrypoint runs. */
  waitForHosts?: string[];
  readiness: ReadinessCheck;
}
