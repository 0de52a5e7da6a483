/** Native config files for the smoke test's servers, mounted read-only as rocketctl mounts its rendered ones. */

export const ZOOKEEPER_NODES = ['zookeeper-1', 'zookeeper-2', 'zookeeper-3'];

export function zooCfg(): string {
  return [
    'tickTime=2000',
    'initLimit=10',
    'syncLimit=5',
    'dataDir=/data',
    'clientPort=2181',
    '4lw.commands.whitelist=srvr,mntr,ruok',
    'admin.enableServer=false',
    'quorumListenOnAllIPs=true',
    ...ZOOKEEPER_NODES.map((host, i) => `server.${i + 1}=${host}:2888:3888`),
    '',
  ].join('\n');
}

/** Plaintext is enough to prove the broker runs; the EXTERNAL listener is advertised on the published port. */
export function kafkaServerProperties(hostPort: number): string {
  return [
    'broker.id=1',
    `zookeeper.connect=${ZOOKEEPER_NODES.map((h) => `${h}:2181`).join(',')}`,
    'listeners=INTERNAL://:9092,EXTERNAL://:9094',
    `advertised.listeners=INTERNAL://kafka:9092,EXTERNAL://127.0.0.1:${hostPort}`,
    'listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT',
    'inter.broker.listener.name=INTERNAL',
    'log.dirs=/var/lib/kafka/data',
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

/** CouchDB's own ini keys: an admin, authentication required (except /_up), HTTPS with TLS 1.3 only. */
export function couchdbIni(admin: { name: string; password: string }, certsDir: string): string {
  return [
    '[admins]',
    `${admin.name} = ${admin.password}`,
    '',
    '[chttpd]',
    'require_valid_user = true',
    'require_valid_user_except_for_up = true',
    '',
    '[ssl]',
    'enable = true',
    `cert_file = ${certsDir}/server.crt`,
    `key_file = ${certsDir}/server.key`,
    'port = 6984',
    "tls_versions = ['tlsv1.3']",
    '',
  ].join('\n');
}
