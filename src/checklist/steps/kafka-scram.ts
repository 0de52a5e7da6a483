import { kafkaAcls } from '../../commands/kafka-acls.js';
import { kafkaScram } from '../../commands/kafka-scram.js';
import { kafkaTopics } from '../../commands/kafka-topics.js';
import { GUARD_FEED_TOPIC, GUARD_PRODUCER, guardAclPlan, readStoredAcls, type StoredAcls } from '../../kafka/acl-plan.js';
import { KAFKA_SCRAM_USERS, storedCredentialMatches } from '../../kafka/scram-users.js';
import { planTopic, readTopics } from '../../kafka/topics.js';
import { createKafkaClient } from '../../clients/kafka-client.js';
import { kafkaAdminLogin, kafkaWriteRefused, type KafkaLogin } from '../../probes/kafka-login.js';
import { silentLogger } from '../../shared/log.js';
import { withDeadline } from '../../shared/deadline.js';
import { withZooKeeper } from '../../zookeeper/with-zookeeper.js';
import type { ChecklistFacts } from '../facts.js';
import { failed, ok, defineStep } from '../step.js';

/** Each user logs in with SCRAM-SHA-512, the topics have their settings, the ACLs are as planned, and guard-producer is denied elsewhere. */
export const kafkaScramStep = defineStep({
  id: 'kafka-scram',
  title: 'Kafka: SCRAM-SHA-512 logins, topics and their settings, ACLs as planned',
  inputs: ['config', 'secrets'],
  async check(facts) {
    const { config } = facts.context;
    if (!config.services.kafka.enabled) return { status: 'skipped', cause: 'disabled in the config' };
    const [ca, stack, secrets] = await Promise.all([facts.ca(), facts.stack(), facts.secrets()]);
    const broker = stack.entries.find((e) => e.spec.name === 'kafka')?.view.endpoints.tls;
    if (!ca || !broker || !secrets)
      return failed(!broker ? 'kafka is not running with its tls port published' : 'the CA certificate or the secrets file is missing');
    const login = (username: string, password: string): KafkaLogin => ({ broker, ca, username, password });
    const [loginProblems, topicProblems, stored] = await Promise.all([
      logins(facts, login),
      topics(facts, login('admin', secrets.get('KAFKA_ADMIN_PASSWORD'))),
      zookeeperState(facts),
    ]);
    const problems = [...loginProblems, ...topicProblems, ...stored.problems];
    if (problems.length === 0) {
      const refused = await kafkaWriteRefused(login(GUARD_PRODUCER, secrets.get(KAFKA_SCRAM_USERS[GUARD_PRODUCER])), 'telemetry-alerts', {
        signal: facts.context.signal,
      }).catch(guard);
      if (refused !== 'refused')
        problems.push(
          refused === 'accepted'
            ? `${GUARD_PRODUCER} may write to telemetry-alerts (only ${GUARD_FEED_TOPIC} is allowed)`
            : `${GUARD_PRODUCER} write probe: ${refused}`,
        );
    }
    if (problems.length === 0)
      return ok(`${Object.keys(KAFKA_SCRAM_USERS).length} users log in, ${Object.keys(config.kafka.topics).length} topics and the ACLs as planned`);
    // A credential or ACL ZooKeeper does not hold stays missing however long a recreated broker is given: the repair
    // runs at once (a cold start saved the whole settle time). A topic the broker does not list is not taken as
    // such: a broker that has just started may not have its metadata yet.
    return { ...failed(problems.join('; ')), ...(stored.lasting ? { lasting: true } : {}) };
  },
  fix: {
    command: 'rocketctl kafka scram && rocketctl kafka topics && rocketctl kafka acls',
    async apply(context) {
      await kafkaScram(context);
      await kafkaTopics(context);
      await kafkaAcls(context);
    },
  },
});

// An interruption ends the check; anything else becomes the problem's text.
const guard = (error: Error): string => {
  if (error.name === 'InterruptedError') throw error;
  return error.message;
};

async function logins(facts: ChecklistFacts, login: (u: string, p: string) => KafkaLogin): Promise<string[]> {
  const secrets = (await facts.secrets())!;
  const results = await Promise.all(
    Object.entries(KAFKA_SCRAM_USERS).map(async ([user, secret]) => {
      const outcome = await kafkaAdminLogin(login(user, secrets.get(secret)), { signal: facts.context.signal }).then(() => 'ok', guard);
      return outcome === 'ok' ? [] : [`${user} cannot log in: ${outcome}`];
    }),
  );
  return results.flat();
}

/** Problems found, and whether any is stored state (missing, not unreachable). */
interface Findings {
  problems: string[];
  lasting: boolean;
}

async function topics(facts: ChecklistFacts, admin: KafkaLogin): Promise<string[]> {
  const desired = facts.context.config.kafka.topics;
  const client = createKafkaClient(admin, { signal: facts.context.signal, log: silentLogger, retries: 0 });
  try {
    const current = await withDeadline(async () => readTopics(await client.admin(), Object.keys(desired)), {
      timeoutMs: 20_000,
      signal: facts.context.signal,
      what: 'reading the topics',
    });
    const problems = Object.entries(desired).flatMap(([name, settings]) => {
      const plan = planTopic(name, settings, current.get(name) ?? null);
      return [
        ...plan.changes.map(
          (c) => `topic ${name}: ${c.kind === 'create' ? 'missing' : c.kind === 'add-partitions' ? `has ${c.from} partitions, ${c.to} wanted` : c.detail}`,
        ),
        ...plan.refused.map((r) => `topic ${name} ${r}`),
      ];
    });
    return problems;
  } catch (error) {
    return [`topics: ${guard(error as Error)}`];
  } finally {
    await client.close();
  }
}

/** What ZooKeeper holds (the brokers' source of truth): each user's credential, and the planned ACLs. */
async function zookeeperState(facts: ChecklistFacts): Promise<Findings> {
  const { config, signal } = facts.context;
  const secrets = (await facts.secrets())!;
  try {
    return await withZooKeeper(config, { signal, timeoutMs: 5_000 }, async (zk) => {
      const problems: string[] = [];
      for (const [user, secret] of Object.entries(KAFKA_SCRAM_USERS)) {
        if (!(await storedCredentialMatches(zk, user, secrets.get(secret), config.kafka.scramIterations)))
          problems.push(`ZooKeeper holds no SCRAM-SHA-512 credential for ${user} that matches its password`);
      }
      const found = [...problems, ...missingAcls(await readStoredAcls(zk))];
      return { problems: found, lasting: found.length > 0 };
    });
  } catch (error) {
    return { problems: [`ZooKeeper: ${guard(error as Error)}`], lasting: false };
  }
}

function missingAcls(stored: StoredAcls[]): string[] {
  const missing = guardAclPlan().flatMap(({ resource, acls: wanted }) => {
    const held = stored.find((s) => s.patternType === 'LITERAL' && s.resourceType === resource.type && s.name === resource.name)?.acls ?? [];
    return wanted
      .filter(
        (acl) =>
          !held.some((h) => h.principal === acl.principal && h.operation === acl.operation && h.permissionType === acl.permissionType && h.host === acl.host),
      )
      .map((acl) => `${acl.principal} ${acl.operation} on ${resource.type}:${resource.name}`);
  });
  return missing.length ? [`ACLs missing: ${missing.join(', ')}`] : [];
}
