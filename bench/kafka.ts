/**
 * bench/kafka: on its own lab project (ports +3000), (a) how long a running broker takes to accept a login
 * with a credential just written to ZooKeeper (notification latency), median of several rounds; (b) the wall
 * time of `kafka scram` for 1 user (the CLI) and of writeScramCredentials for 100 synthetic users.
 * Run: npm run bench:kafka   (needs the lab: npm run lab)
 */
import { retry } from '../src/shared/retry.js';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createAuditLedger } from '../src/audit/audit-ledger.js';
import { loadConfig } from '../src/config/load.js';
import { writeScramCredentials, type ScramUserPassword } from '../src/kafka/scram-users.js';
import { kafkaAdminLogin } from '../src/probes/kafka-login.js';
import { withZooKeeper } from '../src/zookeeper/with-zookeeper.js';
import { rocketctl } from '../test/support/cli.js';
import { createLabProject } from '../test/support/lab-project.js';

const ROUNDS = 5;
const POLL_MS = 50;
const ACCEPT_TIMEOUT_MS = 30_000;
const MANY = 100;

const seconds = (fromNs: bigint) => Number(process.hrtime.bigint() - fromNs) / 1e9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const syntheticUser = (prefix: string): ScramUserPassword => ({
  name: `${prefix}-${randomBytes(4).toString('hex')}`,
  password: randomBytes(18).toString('base64url'),
});

const project = await createLabProject('rocketctl-bench-kafka', '{}', { portOffset: 3000 });
try {
  const up = await rocketctl(['up', 'kafka'], { cwd: project.dir });
  if (up.exitCode !== 0) throw new Error(`rocketctl up kafka failed (is the lab built? npm run lab):\n${up.stderr}`);
  const status = JSON.parse((await rocketctl(['status', '--json'], { cwd: project.dir })).stdout) as {
    services: Array<{ name: string; endpoints: Record<string, string> }>;
  };
  const broker = status.services.find((s) => s.name === 'kafka')!.endpoints.tls!;
  const ca = await readFile(path.join(project.dir, 'certs/ca/ca.crt'), 'utf8');
  const config = await loadConfig({ cwd: project.dir, env: {} });
  const signal = AbortSignal.timeout(300_000);

  // (a) write → accepted: the first successful SASL/SCRAM login after writeScramCredentials returned.
  const latencies: number[] = [];
  const failedLogins: number[] = [];
  await withZooKeeper(config, { signal }, async (zk) => {
    const audit = createAuditLedger(zk);
    for (let round = 0; round < ROUNDS; round++) {
      const user = syntheticUser('bench-latency');
      await writeScramCredentials({ zk, users: [user], iterations: config.kafka.scramIterations, audit, signal });
      const written = process.hrtime.bigint();
      const attempts = await retry(
        async (attempt) => {
          await kafkaAdminLogin({ broker, ca, username: user.name, password: user.password }, { timeoutMs: 5_000 });
          return attempt;
        },
        { timeoutMs: ACCEPT_TIMEOUT_MS, intervalMs: POLL_MS, what: `${user.name}'s first login` },
      );
      latencies.push(seconds(written));
      failedLogins.push(attempts - 1);
    }
  });

  // One login's own cost (TLS 1.3 + SCRAM + metadata), for a user the broker already knows: the resolution of (a).
  const adminPassword = (await rocketctl(['secrets', 'get', 'KAFKA_ADMIN_PASSWORD'], { cwd: project.dir })).stdout.trim();
  const loginTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    await kafkaAdminLogin({ broker, ca, username: 'admin', password: adminPassword }, { timeoutMs: 5_000 });
    loginTimes.push(seconds(start));
  }

  // (b) `kafka scram` as a user runs it (node start, config, secrets, ZooKeeper, one forced write), then the library at scale.
  const cliStart = process.hrtime.bigint();
  const cli = await rocketctl(['kafka', 'scram', '--user', 'guard-producer', '--rotate'], { cwd: project.dir });
  const cliSeconds = seconds(cliStart);
  if (cli.exitCode !== 0) throw new Error(`kafka scram failed:\n${cli.stderr}`);
  const many = Array.from({ length: MANY }, () => syntheticUser('bench-many'));
  const timings = await withZooKeeper(config, { signal }, async (zk) => {
    const write = async (users: ScramUserPassword[], rotate: boolean) => {
      const start = process.hrtime.bigint();
      const results = await writeScramCredentials({ zk, users, iterations: config.kafka.scramIterations, rotate, audit: createAuditLedger(zk), signal });
      return { seconds: seconds(start), written: results.filter((r) => r.changed).length };
    };
    return { one: await write([syntheticUser('bench-one')], false), many: await write(many, false), rerun: await write(many, false) };
  });

  const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`.padStart(8);
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(62)} ${value}`);
  console.log(`bench/kafka (lab broker ${broker}, SCRAM-SHA-512, ${config.kafka.scramIterations} iterations)`);
  console.log(`(a) notification latency: writeScramCredentials returned → first accepted login (poll every ${POLL_MS} ms), ${ROUNDS} rounds`);
  row('median / min / max', `${ms(median(latencies))} / ${ms(Math.min(...latencies))} / ${ms(Math.max(...latencies))}`);
  row('refused logins before acceptance, per round', failedLogins.join(', '));
  row('one login of a known user (included above), median', ms(median(loginTimes)));
  console.log('(b) kafka scram');
  row('rocketctl kafka scram --user guard-producer --rotate (CLI, wall)', ms(cliSeconds));
  row('writeScramCredentials, 1 new user', ms(timings.one.seconds));
  row(
    `writeScramCredentials, ${MANY} new users (${timings.many.written} written)`,
    `${ms(timings.many.seconds)}  (${ms(timings.many.seconds / MANY).trim()} per user)`,
  );
  row(`same ${MANY} users again (verified, ${timings.rerun.written} written)`, ms(timings.rerun.seconds));
} finally {
  await project.cleanup();
}
