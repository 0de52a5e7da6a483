/**
 * bench/swarm: cold `rocketctl up` of the lab stack on one Docker host, then on the 3-node swarm lab (nested
 * dockerd nodes on this same machine), in one run; prints both, each service's ready time and the ratio.
 * Images are copied to the nodes first (timed apart: a one-time cost). Run: npm run bench:swarm
 */
import { execa } from 'execa';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureSwarmLab } from '../test/lab/swarm/swarm-lab.js';
import { createLabProject } from '../test/support/lab-project.js';
import { SWARM_PORT_OFFSET, swarmOverrides, swarmPublish } from '../test/support/swarm-project.js';

const BIN = path.join(fileURLToPath(new URL('../../', import.meta.url)), 'bin/rocketctl.js');
// The node containers hold their published ports for as long as they exist: the one-host run uses others.
const ONE_HOST_OFFSET = 500;

interface Service {
  name: string;
  readyAt: number;
}

async function coldUp(label: string, overrides: string, env: Record<string, string>, portOffset: number): Promise<{ wall: number; services: Service[] }> {
  const project = await createLabProject(`rocketctl-bench-${label}`, overrides, { portOffset });
  const cli = (...args: string[]) => execa(process.execPath, [BIN, ...args], { cwd: project.dir, env, timeout: 900_000 });
  try {
    await cli('certs', 'gen'); // TLS material is not what this measures
    if (label === 'swarm') await cli('images', 'push-to-nodes');
    const start = process.hrtime.bigint();
    const { stdout } = await cli('--json', 'up');
    return { wall: Number(process.hrtime.bigint() - start) / 1e9, services: (JSON.parse(stdout) as { services: Service[] }).services };
  } finally {
    await cli('down', '--volumes', '--yes').catch(() => undefined);
    await project.cleanup().catch(() => undefined);
  }
}

const labStarted = Date.now();
const lab = await ensureSwarmLab({ publish: await swarmPublish(SWARM_PORT_OFFSET), log: () => undefined });
const labSeconds = (Date.now() - labStarted) / 1000;
const one = await coldUp('one', '{}', { DOCKER_HOST: 'unix:///var/run/docker.sock' }, ONE_HOST_OFFSET);
const swarm = await coldUp('swarm', swarmOverrides(lab), { DOCKER_HOST: lab.managerDockerHost }, SWARM_PORT_OFFSET);

console.log(`bench/swarm (lab images, ${os.cpus().length} cores; the 3 swarm nodes are nested dockerd containers on this machine, vfs storage)`);
console.log(`  swarm lab ready (nodes up or kept)       : ${labSeconds.toFixed(1)} s`);
console.log('  service        one host   swarm   (ready at, s)');
for (const s of one.services) {
  const other = swarm.services.find((x) => x.name === s.name);
  console.log(`  ${s.name.padEnd(13)} ${s.readyAt.toFixed(1).padStart(7)}  ${other ? other.readyAt.toFixed(1).padStart(6) : '     -'}`);
}
console.log(`  cold up, one host (wall)  : ${one.wall.toFixed(1)} s`);
console.log(`  cold up, 3-node swarm     : ${swarm.wall.toFixed(1)} s`);
console.log(`  ratio swarm / one host    : ${(swarm.wall / one.wall).toFixed(2)}`);
