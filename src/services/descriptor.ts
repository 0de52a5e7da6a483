/**
 * What rocketctl knows about a service as plain data: its name, defaults, endpoints, TLS layout and the
 * secrets it owns. Every layer may read descriptors (config, secrets, tls, seed, zookeeper); they import
 * nothing of rocketctl, so reading one never loads a spec builder, a driver or the config. The behaviour
 * (spec, seed, verify, beforeStart) lives above, in behaviours.ts, keyed by the same names.
 */

/** How an image is started: the part that differs between upstream images and the lab's. */
export interface ImageProfile {
  entrypoint?: string[];
  command?: string[];
  user?: string;
  /** Where rendered config files are copied. */
  configDir: string;
  /** Where the service's TLS material is copied. */
  certsDir: string;
  /** Where the named data volume is mounted. */
  dataDir: string;
  /** `uid:gid` the service runs as inside the image: owner of the config and key files copied in. */
  fileOwner: string;
  env?: Record<string, string>;
}

/** Host ports by endpoint name (`client`, `tls`, `sql`, `https`…); null = not published. */
export type PortMap = Record<string, number | null>;

export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

/** A secret a service (or worker) owns: generated on first need, overridable by `ROCKETCTL_<NAME>` (and `legacyEnv`). */
export interface SecretDefinition {
  about: string;
  legacyEnv?: string;
  /** `token` (default): 32 random bytes, base64url. `hex32`: 16 random bytes as 32 lowercase hex digits (an id). */
  format?: SecretFormat;
}

export type SecretFormat = 'token' | 'hex32';

/** What a config may override: the pinned upstream image, how it starts, and its published host ports. */
export interface ServiceDefaults {
  image: string;
  profile: ImageProfile;
  ports: PortMap;
}

/** How a service's TLS material is laid out in certs/<service>/: the names its server (or image) expects. */
export interface TlsLayout<S extends string = string> {
  files: { cert: string; key: string; ca: string };
  /** The id `certs list` shows for the leaf (default: the service name). */
  leafId?: string;
  /** Default: the service's host name. Cockroach requires the principal "node". */
  commonName?: string;
  organization?: string;
  usages: readonly ExtendedKeyUsage[];
  /** Client certificates beside the leaf (Cockroach's certs-dir: client.<user>.crt/key). */
  clientCertificates?: readonly string[];
  /** JKS + PKCS12 keystore and a JKS truststore, with the secrets holding their passwords. */
  javaStores?: { keystore: S; truststore: S };
}

export interface ServiceDescriptor<N extends string = string, S extends string = string> {
  readonly name: N;
  readonly defaults: ServiceDefaults;
  /** Container port per endpoint name: the only endpoint names a config may publish. */
  readonly endpoints: Readonly<Record<string, number>>;
  /**
   * Where another member of the project network reaches an endpoint, when that is another container port than the
   * published one (Kafka: its INTERNAL listener, which advertises the host name; the published one advertises the host).
   */
  readonly networkEndpoints?: Readonly<Record<string, number>>;
  /** Services that must be ready before this one starts (names of earlier entries of the list). */
  readonly dependsOn: readonly string[];
  readonly tls: TlsLayout<NoInfer<S>>;
  readonly secrets: { readonly [K in S]?: SecretDefinition };
  /** A store that holds data: seeded (schemas, least-privilege roles) and verified through this endpoint. */
  readonly seed?: { readonly endpoint: string };
}

/**
 * Identity with inference: keeps the literal name, the secret names and whether it is a store, so the list can
 * derive `ServiceName` and the behaviours table can require a seed exactly where a descriptor declares one.
 * A Java store's password must name one of the service's own secrets.
 */
export function defineService<const D extends ServiceDescriptor>(descriptor: D & { readonly tls: TlsLayout<keyof D['secrets'] & string> }): D {
  return descriptor;
}
