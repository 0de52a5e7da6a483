import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GIB,
  certsCheck,
  clockCheck,
  clockSkewMs,
  daysLeftStatus,
  diskCheck,
  ephemeralPortsCheck,
  imagesCheck,
  inRange,
  looseMode,
  maxMapCountCheck,
  nodeCheck,
  portHolder,
  portsCheck,
  secretFilesCheck,
  socketCheck,
  type PublishedPort,
} from './doctor-checks.js';

const kafka: PublishedPort = { port: 9093, member: 'kafka', endpoint: 'tls', configKey: 'services.kafka.ports.tls' };
const telemetry: PublishedPort = { port: 45000, member: 'workers', endpoint: 'http', configKey: 'workers.telemetry.port' };

describe('doctor: ports', () => {
  test('a port inside the ephemeral range, its ends included; a reserved one is safe there', () => {
    assert.equal(inRange(32768, [32768, 60999]), true);
    assert.equal(inRange(60999, [32768, 60999]), true);
    assert.equal(inRange(32767, [32768, 60999]), false);
    assert.equal(inRange(61000, [32768, 60999]), false);

    const exposed = ephemeralPortsCheck([kafka, telemetry], [32768, 60999], []);
    assert.equal(exposed.status, 'warn');
    assert.match(exposed.detail, /^45000 \(workers http\) inside the ephemeral range 32768-60999/);
    assert.match(exposed.fix!, /move workers\.telemetry\.port below 32768/);
    assert.match(exposed.fix!, /ip_local_reserved_ports=45000/);
    assert.equal(ephemeralPortsCheck([kafka, telemetry], [32768, 60999], [[44000, 46000]]).status, 'ok');
    assert.equal(ephemeralPortsCheck([kafka, telemetry], null, []).status, 'ok');
  });

  test("a port held by this project's own member is fine; another container or a process is a conflict named with the fix", () => {
    const publishers = [
      { port: 9093, name: 'rocket-kafka', project: 'rocket', service: 'kafka' },
      { port: 45000, name: 'someone-else', project: null, service: null },
    ];
    assert.deepEqual(portHolder(kafka, 'rocket', publishers, true, undefined), { kind: 'ours', by: 'rocket-kafka' });
    // The same port under another project's label is not ours.
    assert.deepEqual(portHolder(kafka, 'other', publishers, true, undefined), { kind: 'container', by: 'rocket-kafka' });
    assert.deepEqual(portHolder(telemetry, 'rocket', publishers, true, undefined), { kind: 'container', by: 'someone-else' });
    assert.deepEqual(portHolder(kafka, 'rocket', [], true, 'java (pid 7)'), { kind: 'process', by: 'java (pid 7)' });
    assert.deepEqual(portHolder(kafka, 'rocket', null, false, undefined), { kind: 'free' });

    assert.equal(portsCheck([{ wanted: kafka, holder: { kind: 'ours', by: 'rocket-kafka' } }], '127.0.0.1').status, 'ok');
    const busy = portsCheck(
      [
        { wanted: kafka, holder: { kind: 'process', by: 'java (pid 7)' } },
        { wanted: telemetry, holder: { kind: 'container', by: 'someone-else' } },
      ],
      '127.0.0.1',
    );
    assert.equal(busy.status, 'fail');
    assert.equal(busy.detail, '9093 (kafka tls) is in use by java (pid 7); 45000 (workers http) is published by container someone-else');
    assert.match(busy.fix!, /services\.kafka\.ports\.tls, workers\.telemetry\.port/);
  });
});

describe('doctor: files, certificates, clock, disk, kernel', () => {
  test('a secret file or key readable by group or others fails with the chmod that fixes it; a missing secrets file is "not generated yet"', () => {
    assert.equal(looseMode(0o600), false);
    assert.equal(looseMode(0o400), false);
    assert.equal(looseMode(0o640), true);
    assert.equal(looseMode(0o604), true);

    const secrets = { file: '/p/.rocketctl/secrets.env', mode: 0o600 };
    assert.equal(secretFilesCheck(secrets, [{ file: '/p/certs/ca/ca.key', mode: 0o600 }]).status, 'ok');
    const loose = secretFilesCheck(secrets, [
      { file: '/p/certs/ca/ca.key', mode: 0o644 },
      { file: '/p/certs/kafka/kafka.key', mode: null },
    ]);
    assert.equal(loose.status, 'fail');
    assert.equal(loose.detail, '/p/certs/ca/ca.key is 644');
    assert.match(loose.fix!, /^chmod 600 \/p\/certs\/ca\/ca\.key /);
    assert.equal(secretFilesCheck({ ...secrets, mode: 0o777, symlink: true }, []).status, 'fail');
    const fresh = secretFilesCheck({ file: secrets.file, mode: null }, []);
    assert.equal(fresh.status, 'warn');
    assert.match(fresh.detail, /not generated yet/);
  });

  test('days left: expired fails, under 30 days warns, the soonest expiry is named', () => {
    assert.equal(daysLeftStatus(-1), 'fail');
    assert.equal(daysLeftStatus(0), 'warn');
    assert.equal(daysLeftStatus(29), 'warn');
    assert.equal(daysLeftStatus(30), 'ok');

    const fine = certsCheck(
      [
        { id: 'ca', status: 'ok', daysLeft: 3000 },
        { id: 'kafka', status: 'ok', daysLeft: 300 },
      ],
      [],
    );
    assert.deepEqual(fine, { id: 'certs', status: 'ok', detail: '2 certificates, 0 stores; soonest expiry: kafka in 300 days' });
    assert.equal(certsCheck([{ id: 'kafka', status: 'ok', daysLeft: 12 }], []).status, 'warn');
    assert.equal(certsCheck([{ id: 'kafka', status: 'expired', daysLeft: -3, reason: 'expired on …' }], []).status, 'fail');
    assert.equal(certsCheck([{ id: 'kafka', status: 'broken', reason: 'not signed by the current CA' }], []).status, 'fail');
    const none = certsCheck([{ id: 'ca', status: 'missing' }], [{ id: 'kafka/keystore.jks', status: 'missing' }]);
    assert.equal(none.status, 'warn');
    assert.equal(none.detail, 'not generated yet');
    assert.match(none.fix!, /rocketctl certs gen/);
  });

  test("clock skew: the engine's time against this host's, warned past 2 s beyond the call's own uncertainty", () => {
    const host = Date.parse('2025-01-01T00:00:00.000Z');
    assert.equal(clockSkewMs('2025-01-01T00:00:03.500000000Z', host), 3500);
    assert.equal(clockSkewMs('2024-12-31T23:59:59.000Z', host), -1000);
    assert.ok(Number.isNaN(clockSkewMs('', host)));
    assert.equal(clockCheck({ systemTime: '2025-01-01T00:00:01.900Z', hostTimeMs: host, roundTripMs: 4 }).status, 'ok');
    const ahead = clockCheck({ systemTime: '2025-01-01T00:00:03.500Z', hostTimeMs: host, roundTripMs: 4 });
    assert.equal(ahead.status, 'warn');
    assert.match(ahead.detail, /ahead of this host by 3\.50 s/);
    assert.equal(clockCheck({ systemTime: '2024-12-31T23:59:57.000Z', hostTimeMs: host, roundTripMs: 4 }).status, 'warn');
    assert.equal(clockCheck(null).status, 'warn');
  });

  test('disk: under 10 GiB warns, under 2 GiB fails, unmeasurable warns', () => {
    const at = (freeBytes: number | null) => diskCheck({ rootDir: '/var/lib/docker', where: 'unix:///var/run/docker.sock', freeBytes }).status;
    assert.equal(at(50 * GIB), 'ok');
    assert.equal(at(9 * GIB), 'warn');
    assert.equal(at(1.5 * GIB), 'fail');
    assert.equal(at(null), 'warn');
  });

  test('node, engine socket, images and vm.max_map_count', () => {
    assert.equal(nodeCheck('v20.11.0').status, 'ok');
    assert.equal(nodeCheck('v22.1.0').status, 'ok');
    assert.equal(nodeCheck('v18.19.0').status, 'fail');
    assert.match(socketCheck({ kind: 'unix', path: '/var/run/docker.sock', error: 'EACCES', root: false }).fix!, /usermod -aG docker/);
    assert.equal(socketCheck({ kind: 'remote', host: 'tcp://10.0.0.2:2375' }).status, 'ok');
    assert.equal(imagesCheck({ 'postgres:15': true }, null).status, 'ok');
    assert.match(imagesCheck({ 'postgres:15': false }, null).fix!, /npm run lab/);
    assert.equal(imagesCheck(null, null).status, 'warn');
    assert.equal(maxMapCountCheck('65530', true).status, 'warn');
    assert.equal(maxMapCountCheck('1048575', true).status, 'ok');
    assert.equal(maxMapCountCheck('65530', false).status, 'ok');
  });
});
