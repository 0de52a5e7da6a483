import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SECRET_CATALOG } from '../secrets/catalog.js';
import { SERVICE_BEHAVIOURS } from './behaviours.js';
import { SERVICE_DESCRIPTORS, SERVICE_NAMES, STORE_NAMES } from './descriptors.js';

test('every dependency names an earlier service: the list order is a valid start order', () => {
  SERVICE_DESCRIPTORS.forEach((service, index) => {
    for (const dependency of service.dependsOn) {
      const at = SERVICE_NAMES.indexOf(dependency as (typeof SERVICE_NAMES)[number]);
      assert.ok(at >= 0 && at < index, `${service.name} depends on ${dependency}, which is not an earlier service`);
    }
  });
  assert.equal(new Set(SERVICE_NAMES).size, SERVICE_NAMES.length, 'names are unique');
});

test("a descriptor's default ports publish only its own endpoints, its stores' passwords are its own secrets, its seed endpoint exists", () => {
  for (const service of SERVICE_DESCRIPTORS) {
    for (const endpoint of Object.keys(service.defaults.ports)) assert.ok(endpoint in service.endpoints, `${service.name}: ${endpoint}`);
    const stores = service.tls.javaStores;
    if (stores) for (const secret of [stores.keystore, stores.truststore]) assert.ok(secret in service.secrets, `${service.name}: ${secret}`);
    if (service.seed) assert.ok(service.seed.endpoint in service.endpoints, `${service.name}: seed endpoint ${service.seed.endpoint}`);
  }
});

// Pinned by hand, not derived: the names are a contract (secrets.env keys, ROCKETCTL_<NAME> overrides, `secrets get`).
// A secret that a descriptor stops declaring, or one that is renamed, fails here instead of silently orphaning a value.
test('the secrets catalog is exactly the documented set of secrets', () => {
  assert.deepEqual(Object.keys(SECRET_CATALOG).sort(), [
    'CASSANDRA_KEYSTORE_PASSWORD',
    'CASSANDRA_SUPERUSER_PASSWORD',
    'CASSANDRA_TRUSTSTORE_PASSWORD',
    'COUCHDB_ADMIN_PASSWORD',
    'COUCHDB_AUTH_SECRET',
    'COUCHDB_SERVER_UUID',
    'KAFKA_ADMIN_PASSWORD',
    'KAFKA_GUARD_CONSUMER_PASSWORD',
    'KAFKA_GUARD_PRODUCER_PASSWORD',
    'KAFKA_KEYSTORE_PASSWORD',
    'KAFKA_TRUSTSTORE_PASSWORD',
    'OBSERVER_ENCRYPTION_KEY',
    'OBSERVER_WRITER_PASSWORD',
    'POSTGRES_SUPERUSER_PASSWORD',
    'REPLICATOR_PASSWORD',
  ]);
});

test('the stores are the four databases, each with a seed and a verify behaviour; no other service has one', () => {
  assert.deepEqual(STORE_NAMES, ['cockroach', 'cassandra', 'postgres', 'couchdb']);
  for (const name of SERVICE_NAMES) {
    const seed = (SERVICE_BEHAVIOURS[name] as { seed?: unknown }).seed;
    assert.equal(seed !== undefined, (STORE_NAMES as readonly string[]).includes(name), `${name}: seed behaviour iff a store`);
  }
  assert.deepEqual(Object.keys(SERVICE_BEHAVIOURS).sort(), [...SERVICE_NAMES].sort());
});
