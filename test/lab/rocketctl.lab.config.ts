// The test lab's configuration: rocketctl's services on the images `npm run lab` builds offline
// (test/lab/images/), through the product's normal config surface. Each lab image keeps its upstream
// image's start contract (see the comment at the top of each image's entrypoint), so only the image, the
// file owner where it differs, lab-sized JVM settings and the lab's host ports change here.
import { defineConfig } from 'rocketctl';

const zookeeper = (id: number, client: number | null) => ({
  image: 'rocketctl-lab/zookeeper:3.8',
  // Debian's ZooKeeper, re-numbered to the official image's zookeeper user (1000:1000).
  profile: { configDir: '/conf', certsDir: '/certs', dataDir: '/data', fileOwner: '1000:1000', env: { ZOO_MY_ID: String(id) } },
  ports: { client },
});

export default defineConfig({
  project: 'rocketctl-lab',
  bindAddress: '127.0.0.1',
  // The workers image is laid on the lab's own Debian base: no registry is needed to build it.
  images: { workersBase: 'rocketctl-lab/base:bookworm' },
  // Most test stacks run without the workers member (their tests run workers in the foreground, or none); the tests
  // about the member and the CI smoke job set `workers: {}`: every worker on, as by default.
  workers: { telemetry: { enabled: false }, observer: { enabled: false }, listener: { enabled: false }, guard: { enabled: false } },
  services: {
    // Every peer is published on 127.0.0.1, as in the product's defaults: rocketctl must reach a quorum
    // from the host with any one node down.
    'zookeeper-1': zookeeper(1, 22181),
    'zookeeper-2': zookeeper(2, 22182),
    'zookeeper-3': zookeeper(3, 22183),
    kafka: {
      image: 'rocketctl-lab/kafka:3.9',
      // `/opt/kafka/bin/kafka-server-start.sh <server.properties>` as apache/kafka; runs as appuser (1000).
      profile: {
        configDir: '/etc/kafka/rocketctl',
        certsDir: '/etc/kafka/secrets',
        dataDir: '/var/lib/kafka/data',
        fileOwner: '1000:1000',
        env: { KAFKA_HEAP_OPTS: '-Xms256m -Xmx512m' },
      },
      ports: { tls: 29093 },
    },
    // No CockroachDB binary can be had on the lab machine: its SQL path is exercised against Postgres.
    cockroach: { enabled: false },
    cassandra: {
      image: 'rocketctl-lab/cassandra:5.0',
      profile: {
        configDir: '/etc/cassandra',
        certsDir: '/etc/cassandra/certs',
        dataDir: '/var/lib/cassandra',
        fileOwner: '999:999',
        // A single test node: skip the multi-node gossip waits (ready in ~6 s instead of ~60 s on 2 cores).
        // The image's own heap default (-Xms512M -Xmx1G) is kept: no MAX_HEAP_SIZE.
        env: { JVM_EXTRA_OPTS: '-Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=100' },
      },
      ports: { cql: 29042 },
    },
    postgres: {
      image: 'rocketctl-lab/postgres:15',
      profile: {
        configDir: '/etc/postgresql/rocketctl',
        certsDir: '/etc/postgresql/certs',
        dataDir: '/var/lib/postgresql/data',
        fileOwner: '999:999',
      },
      ports: { sql: 25432 },
    },
    couchdb: {
      // A CouchDB-protocol peer (pouchdb-server): CouchDB itself cannot be had on the lab machine.
      image: 'rocketctl-lab/couchdb:pouchdb-server-4.2',
      profile: {
        configDir: '/opt/couchdb/etc/local.d',
        certsDir: '/opt/couchdb/certs',
        dataDir: '/opt/couchdb/data',
        fileOwner: '5984:5984',
      },
      ports: { https: 26984 },
    },
  },
});
