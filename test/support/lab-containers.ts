import { demuxBuffer } from '../../src/docker/container-io.js';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';

/** Which harness made a container (its prefix), and which run of it. */
const KIND = 'org.rocketctl.test';
const RUN = 'org.rocketctl.test-run';
const LAB_FIX = 'run `npm run lab` as root (it installs Docker, starts dockerd and builds the lab images), or `npm test`, which does it first';

export interface ContainerSpec {
  /** Short name: the container is `<prefix>-<run>-<name>` and `<name>` is its alias on the network. */
  name: string;
  image: string;
  entrypoint?: string[];
  env?: Record<string, string>;
  cmd?: string[];
  /** Host folder → container folder, mounted read-only (configs and certs, as rocketctl mounts them). */
  readOnlyMounts?: Record<string, string>;
  /** Container port → host port on 127.0.0.1 (0: any free port). */
  ports?: Record<number, number>;
}

export interface LabContainer {
  name: string;
  /** The host port published on 127.0.0.1 for a container port. */
  hostPort(containerPort: number): number;
  /** undefined while running; otherwise how it ended. */
  exitState(): Promise<string | undefined>;
  lastLogLines(count?: number): Promise<string>;
}

/**
 * Lab containers for one test run: one user-defined network, names prefixed and labelled per run, ports
 * published on 127.0.0.1 only; `cleanup()` removes everything the run made (and leftovers of killed runs
 * of the same harness).
 */
export class LabContainers {
  private readonly docker = new Docker();
  private readonly run = randomBytes(3).toString('hex');
  readonly network: string;

  /** `prefix` names the harness (e.g. `rocketctl-lab-smoke`): containers are `<prefix>-<run>-<name>`. */
  constructor(private readonly prefix: string) {
    this.network = `${prefix}-${this.run}`;
  }

  /** Fails loudly, with the fix, when the engine or an image is missing: a lab test never skips. */
  async requireImages(images: string[]): Promise<void> {
    await this.docker.ping().catch((error: Error) => {
      throw new Error(`prerequisite missing: no docker engine answers (${error.message}). Fix: ${LAB_FIX}`);
    });
    for (const image of images) {
      await this.docker
        .getImage(image)
        .inspect()
        .catch(() => {
          throw new Error(`prerequisite missing: image ${image}. Fix: ${LAB_FIX}`);
        });
    }
  }

  async createNetwork(): Promise<void> {
    await this.removeLeftovers();
    await this.docker.createNetwork({ Name: this.network, Labels: { [KIND]: this.prefix, [RUN]: this.run } });
  }

  async start(spec: ContainerSpec): Promise<LabContainer> {
    const name = `${this.network}-${spec.name}`;
    const ports = Object.entries(spec.ports ?? {});
    const container = await this.docker.createContainer({
      name,
      Image: spec.image,
      Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      Labels: { [KIND]: this.prefix, [RUN]: this.run },
      ExposedPorts: Object.fromEntries(ports.map(([port]) => [`${port}/tcp`, {}])),
      HostConfig: {
        NetworkMode: this.network,
        Binds: Object.entries(spec.readOnlyMounts ?? {}).map(([host, inside]) => `${host}:${inside}:ro`),
        PortBindings: Object.fromEntries(ports.map(([port, host]) => [`${port}/tcp`, [{ HostIp: '127.0.0.1', HostPort: host === 0 ? '' : String(host) }]])),
      },
      NetworkingConfig: { EndpointsConfig: { [this.network]: { Aliases: [spec.name] } } },
    });
    await container.start();
    const published = (await container.inspect()).NetworkSettings.Ports ?? {};
    return {
      name,
      hostPort(containerPort) {
        const binding = published[`${containerPort}/tcp`]?.[0];
        if (!binding) throw new Error(`${name}: container port ${containerPort} is not published`);
        return Number(binding.HostPort);
      },
      async exitState() {
        const state = (await container.inspect()).State;
        return state.Running ? undefined : `${state.Status}, exit code ${state.ExitCode}${state.OOMKilled ? ', killed: out of memory' : ''}`;
      },
      async lastLogLines(count = 40) {
        const raw = await container.logs({ stdout: true, stderr: true, tail: count });
        return demuxBuffer(raw)
          .text.trimEnd()
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n');
      },
    };
  }

  /** Everything this run made; safe to call twice and after a failed start. Throws, with the fix, if anything is left. */
  async cleanup(): Promise<void> {
    await this.removeLabelled([`${KIND}=${this.prefix}`, `${RUN}=${this.run}`]);
  }

  /** Containers and networks of earlier runs of this harness that were killed before their cleanup ran. */
  private async removeLeftovers(): Promise<void> {
    await this.removeLabelled([`${KIND}=${this.prefix}`]);
  }

  private async removeLabelled(label: string[]): Promise<void> {
    const filters = JSON.stringify({ label });
    const gone = (error: { statusCode?: number }) => (error.statusCode === 404 ? undefined : Promise.reject(error));
    const containers = await this.docker.listContainers({ all: true, filters });
    const removed = await Promise.allSettled(containers.map((c) => this.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(gone)));
    const networks = await this.docker.listNetworks({ filters });
    const dropped = await Promise.allSettled(networks.map((n) => this.docker.getNetwork(n.Id).remove().catch(gone)));
    const failed = [...removed, ...dropped].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) {
      throw new Error(
        `test cleanup left ${this.prefix}-* behind: ${failed.map((f) => (f.reason as Error).message).join('; ')}. Remove them with: docker rm -f $(docker ps -aq --filter label=${KIND}=${this.prefix})`,
      );
    }
  }
}
