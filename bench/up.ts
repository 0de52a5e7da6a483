/**
 * bench/up: cold `rocketctl up` on the lab images (images present, nothing running, no volumes), then the
 * warm re-run; prints each service's ready time, the critical path (ZooKeeper quorum → Kafka ready) and
 * the ratio of the cold total to the slowest dependency chain's own readiness time.
 * Run: npm run bench:up   (needs the lab: npm run lab)
 */
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/rocketctl.js');
const LAB_CONFIG = path.join(ROOT, 'test/lab/rocketctl.lab.config.ts');

interface Service {
  name: string;
  action: string;
  readyAt: number;
  readySeconds: number;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-bench-up-'));
await writeFile(
  path.join(dir, 'rocketctl.config.ts'),
  `import { defineConfig } from 'rocketctl';\nimport lab from ${JSON.stringify(LAB_CONFIG)};\nexport default defineConfig({ ...lab, project: 'rocketctl-bench-up' });\n`,
);
const cli = (...args: string[]) => execa(process.execPath, [BIN, ...args], { cwd: dir });
const timedUp = async () => {
  const start = process.hrtime.bigint();
  const { stdout } = await cli('--json', 'up');
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, services: (JSON.parse(stdout) as { services: Service[] }).services };
};

try {
  await cli('certs', 'gen'); // TLS material is not what this measures
  const cold = await timedUp();
  const warm = await timedUp();
  const byName = new Map(cold.services.map((s) => [s.name, s]));
  const zookeeper = Math.max(...['zookeeper-1', 'zookeeper-2', 'zookeeper-3'].map((n) => byName.get(n)!.readySeconds));
  const kafka = byName.get('kafka')!.readySeconds;
  const chains: Record<string, number> = { 'zookeeper → kafka': zookeeper + kafka };
  for (const name of ['cassandra', 'postgres', 'couchdb', 'cockroach']) if (byName.has(name)) chains[name] = byName.get(name)!.readySeconds;
  const [slowestName, slowest] = Object.entries(chains).sort((a, b) => b[1] - a[1])[0]!;

  console.log(`bench/up (lab images, ${os.cpus().length} cores)`);
  console.log('  service        ready at   own readiness');
  for (const s of cold.services) console.log(`  ${s.name.padEnd(13)} ${s.readyAt.toFixed(1).padStart(7)} s   ${s.readySeconds.toFixed(1).padStart(6)} s`);
  console.log(
    `  critical path ZooKeeper quorum → Kafka ready: ${zookeeper.toFixed(1)} s + ${kafka.toFixed(1)} s = ${(zookeeper + kafka).toFixed(1)} s (Kafka ready at ${byName.get('kafka')!.readyAt.toFixed(1)} s)`,
  );
  console.log(`  cold up total (wall)        : ${cold.wall.toFixed(2)} s`);
  console.log(`  slowest chain (${slowestName}) : ${slowest.toFixed(2)} s`);
  console.log(`  ratio cold / slowest chain  : ${(cold.wall / slowest).toFixed(2)}   (target <= 1.2)`);
  console.log(
    `  warm re-run (wall)          : ${warm.wall.toFixed(2)} s   (target <= 2 s; all ${warm.services.every((s) => s.action === 'kept') ? 'kept' : 'NOT kept'})`,
  );
} finally {
  await cli('down', '--volumes', '--yes').catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}
