import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import Docker from 'dockerode';

const LABEL = 'org.rocketctl.lab-smoke';
export const SMOKE_PREFIX = 'rocketctl-lab-smoke';
const LAB_FIX = 'run `npm run lab` as root (it installs Docker, starts dockerd and builds the lab images), or `npm test`, which does it first';

export interface ContainerSpec {
  /** Short name: the container is `rocketctl-lab-smoke-<run>-<name>` and `<name>` is its alias on the network. */
  name: string;
  image: string;
  env?: Record<string, string>;
  cmd?: string[];
  /** Host folder → container folder, mounted read-only (configs and certs, as rocketctl mounts them). */
  readOnlyMounts?: Record<string, string>;
  /** Container port → host port on 127.0.0.1 (0: any free port). */
  ports?: Record<number, number>;
}

export interface SmokeContainer {
  name: string;
  /** The host port published on 127.0.0.1 for a container port. */
  hostPort(containerPort: number): number;
  /** undefined while running; otherwise how it ended. */
  exitState(): Promise<string | undefined>;
  lastLogLines(count?: number): Promise<string>;
}

/**
 * The smoke test's containers: one user-defined network, names prefixed and labelled per run, ports
 * published on 127.0.0.1 only; `cleanup()` removes everything the run made (and leftovers of killed runs).
 */
export class SmokeLab {
  private readonly docker = new Docker();
  private readonly run = randomBytes(3).toString('hex');
  readonly network = `${SMOKE_PREFIX}-${this.run}`;

  /** Fails loudly, with the fix, when the engine or an image is missing: a lab test never skips. */
  async requireImages(images: string[]): Promise<void> {
    await this.docker.ping().catch((error: Error) => {
      throw new Error(`prerequisite missing: no docker engine answers (${error.message}). Fix: ${LAB_FIX}`);
    });
    for (const image of images) {
      await this.docker.getImage(image).inspect().catch(() => {
        throw new Error(`prerequisite missing: image ${image}. Fix: ${LAB_FIX}`);
      });
    }
  }

  async createNetwork(): Promise<void> {
    await this.removeLeftovers();
    await this.docker.createNetwork({ Name: this.network, Labels: { [LABEL]: this.run } });
  }

  async start(spec: ContainerSpec): Promise<SmokeContainer> {
    const name = `${this.network}-${spec.name}`;
    const ports = Object.entries(spec.ports ?? {});
    const container = await this.docker.createContainer({
      name,
      Image: spec.image,
      Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      Labels: { [LABEL]: this.run },
      ExposedPorts: Object.fromEntries(ports.map(([port]) => [`${port}/tcp`, {}])),
      HostConfig: {
        NetworkMode: this.network,
        Binds: Object.entries(spec.readOnlyMounts ?? {}).map(([host, inside]) => `${host}:${inside}:ro`),
        PortBindings: Object.fromEntries(
          ports.map(([port, host]) => [`${port}/tcp`, [{ HostIp: '127.0.0.1', HostPort: host === 0 ? '' : String(host) }]]),
        ),
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
        return demultiplex(raw).trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
      },
    };
  }

  /** Everything this run made; safe to call twice and after a failed start. */
  async cleanup(): Promise<void> {
    await this.removeLabelled({ [LABEL]: this.run });
  }

  /** Containers and networks of earlier runs that were killed before their cleanup ran. */
  private async removeLeftovers(): Promise<void> {
    await this.removeLabelled({});
  }

  private async removeLabelled(match: Record<string, string>): Promise<void> {
    const label = Object.entries(match).map(([k, v]) => `${k}=${v}`);
    const filters = JSON.stringify({ label: label.length > 0 ? label : [LABEL] });
    const containers = await this.docker.listContainers({ all: true, filters });
    await Promise.allSettled(containers.map((c) => this.docker.getContainer(c.Id).remove({ force: true, v: true })));
    const networks = await this.docker.listNetworks({ filters });
    await Promise.allSettled(networks.map((n) => this.docker.getNetwork(n.Id).remove()));
  }
}

/** A port free on 127.0.0.1 now (for Kafka, whose advertised listener must name the host port up front). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Without a TTY the engine frames each log chunk with an 8-byte header (stream, 0, 0, 0, length). */
function demultiplex(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(parts).toString('utf8');
}
