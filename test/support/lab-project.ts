import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { createTempProject } from './temp-project.js';
import { rocketctl } from './cli.js';
import { loadConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { ephemeralPortRange } from '../../src/probes/port-holder.js';

const LAB_CONFIG = fileURLToPath(new URL('../../../test/lab/rocketctl.lab.config.ts', import.meta.url));
let labConfig: Promise<ResolvedConfig> | undefined;

/** The lab's config as the product resolves it (loaded once per process: it is never compiled, jiti reads it). */
export function loadLabConfig(): Promise<ResolvedConfig> {
  labConfig ??= loadConfig({ configFile: LAB_CONFIG });
  return labConfig;
}

/**
 * A throwaway project on the lab's images (ports shifted by `portOffset`), through the product's normal config: the lab config, with its
 * own project name (so containers, network and volumes never collide) and, where given, other settings.
 */
export async function createLabProject(
  project: string,
  overrides = '{}',
  options: { portOffset?: number } = {},
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const temp = await createTempProject();
  // Per-service merge (profile and ports too), so an override never drops the lab image and makes `up` pull.
  const body = `import { defineConfig } from 'rocketctl';
import lab from ${JSON.stringify(LAB_CONFIG)};
const overrides: any = ${overrides};
const services: any = { ...lab.services };
// Each test file may shift every published port, so stacks of different files never share a host port.
for (const [name, service] of Object.entries<any>(services)) {
  const ports = Object.fromEntries(Object.entries<any>(service.ports ?? {}).map(([k, v]) => [k, v === null ? null : v + ${options.portOffset ?? 0}]));
  services[name] = { ...service, ports };
}
for (const [name, service] of Object.entries<any>(overrides.services ?? {})) {
  const base: any = services[name] ?? {};
  services[name] = { ...base, ...service, profile: { ...base.profile, ...service.profile }, ports: { ...base.ports, ...service.ports } };
}
export default defineConfig({ ...lab, ...overrides, project: ${JSON.stringify(project)}, services });
`;
  await writeFile(path.join(temp.dir, 'rocketctl.config.ts'), body);
  await assertBelowEphemeralRange(project, options.portOffset ?? 0).catch(async (error: unknown) => {
    await temp.cleanup();
    throw error;
  });
  return {
    dir: temp.dir,
    cleanup: async () => {
      await rocketctl(['down', '--volumes', '--yes'], { cwd: temp.dir });
      await temp.cleanup();
    },
  };
}

/**
 * The lab's ports shifted by a project's offset must lie below the kernel's ephemeral range: a port inside it is
 * handed to outgoing connections too, and `up`'s preflight then finds it busy now and then (this failed a CI smoke
 * job). A port a test sets itself (a listener's, to make a port busy on purpose) is that test's business.
 */
async function assertBelowEphemeralRange(project: string, offset: number): Promise<void> {
  const range = await ephemeralPortRange();
  if (!range) return;
  const lab = await loadLabConfig();
  const inside = Object.values(lab.services)
    .filter((service) => service.enabled)
    .flatMap((service) => Object.entries(service.ports).map(([endpoint, port]) => ({ name: `${service.name} ${endpoint}`, port })))
    .flatMap(({ name, port }) => (port === null || port + offset < range[0] ? [] : [`${name} ${port + offset}`]));
  if (inside.length > 0) {
    throw new Error(
      `lab project ${project}: ${inside.join(', ')} in this machine's ephemeral port range ${range[0]}–${range[1]}; ` +
        `give it a portOffset that keeps every port below ${range[0]}`,
    );
  }
}

/** Container ids of a project, by service label (read with the docker CLI, not the product's code). */
export async function containerIds(project: string): Promise<Record<string, string>> {
  const { stdout } = await execa('docker', [
    'ps',
    '-a',
    '--filter',
    `label=org.rocketctl.project=${project}`,
    '--format',
    '{{.Label "org.rocketctl.service"}} {{.ID}}',
  ]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string]),
  );
}

/** ZooKeeper's own answer to `srvr`, asked from inside the container with the docker CLI. */
export async function zookeeperMode(container: string): Promise<string> {
  const { stdout } = await execa('docker', ['exec', container, 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && timeout 3 cat <&3'], {
    reject: false,
  });
  return /^Mode: (\S+)/m.exec(stdout)?.[1] ?? (stdout.includes('not currently serving') ? 'not-serving' : 'down');
}
