import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SECRET_CATALOG } from '../secrets/catalog.js';
import { SERVICES, SERVICE_NAMES, serviceModule } from './registry.js';

test('every dependency names an earlier service: the registry order is a valid start order', () => {
  SERVICES.forEach((service, index) => {
    for (const dependency of service.dependsOn) {
      const at = SERVICE_NAMES.indexOf(dependency as (typeof SERVICE_NAMES)[number]);
      assert.ok(at >= 0 && at < index, `${service.name} depends on ${dependency}, which is not an earlier service`);
    }
  });
  assert.equal(new Set(SERVICE_NAMES).size, SERVICE_NAMES.length, 'names are unique');
});

test("a module's default ports publish only its own endpoints, and its stores' passwords are its own secrets", () => {
  for (const service of SERVICES) {
    for (const endpoint of Object.keys(service.defaults.ports)) assert.ok(endpoint in service.endpoints, `${service.name}: ${endpoint}`);
    const stores = service.tls.javaStores;
    if (stores) for (const secret of [stores.keystore, stores.truststore]) assert.ok(secret in service.secrets, `${service.name}: ${secret}`);
  }
});

test("the secrets catalog holds every service's secrets, and the seed endpoints exist", () => {
  for (const service of SERVICES) {
    for (const secret of Object.keys(service.secrets)) assert.ok(secret in SECRET_CATALOG, secret);
    if (service.seed) assert.ok(service.seed.endpoint in service.endpoints, `${service.name}: seed endpoint ${service.seed.endpoint}`);
  }
  assert.equal(serviceModule('kafka').name, 'kafka');
});
