/**
 * What a re-run must repair beyond missing files: a Java store holding the right chain with another key, a
 * leaf that outlives its CA, and keys of another algorithm than the config asks for.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { encodeJksKeyStore } from '../../src/tls/jks.js';
import { encodePkcs12KeyStore } from '../../src/tls/pkcs12.js';
import { rocketctl } from '../support/cli.js';
import { changedFiles, createTempProject, hashTree } from '../support/temp-project.js';

type Listed = {
  ok: boolean;
  certificates: Array<{ id: string; status: string; reason?: string; notAfter?: string; keyAlgorithm?: string }>;
  stores: Array<{ id: string; status: string; reason?: string }>;
};
const list = async (dir: string) => JSON.parse((await rocketctl(['certs', 'list', '--json'], { cwd: dir })).stdout) as Listed;
const configBody = (tls: string) => `import { defineConfig } from 'rocketctl';\nexport default defineConfig({ tls: ${tls} });\n`;

for (const keyAlgorithm of ['ecdsa-p256', 'rsa-2048'] as const)
  describe(`certs gen repairs stores and leaves (${keyAlgorithm})`, () => {
    let project: Awaited<ReturnType<typeof createTempProject>>;
    let certs: string;
    const gen = () => rocketctl(['certs', 'gen'], { cwd: project.dir });
    const secret = async (name: string) => (await rocketctl(['secrets', 'get', name], { cwd: project.dir })).stdout.trim();

    before(async () => {
      project = await createTempProject(`{ tls: { keyAlgorithm: '${keyAlgorithm}' } }`);
      certs = path.join(project.dir, 'certs');
      assert.equal((await gen()).exitCode, 0);
    });
    after(() => project.cleanup());

    test('a keystore with the right chain but another private key is broken, and only it is rebuilt', async () => {
      const chainPem = [await readFile(path.join(certs, 'kafka/tls.crt'), 'utf8'), await readFile(path.join(certs, 'ca/ca.crt'), 'utf8')];
      const { privateKey: otherKey } =
        keyAlgorithm === 'ecdsa-p256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
      const password = await secret('KAFKA_KEYSTORE_PASSWORD');
      const stores = {
        'kafka/kafka.keystore.jks': encodeJksKeyStore({
          alias: 'kafka',
          privateKeyPkcs8Der: otherKey.export({ type: 'pkcs8', format: 'der' }),
          chainDer: chainPem.map((pem) => Buffer.from(new X509Certificate(pem).raw)),
          storePassword: password,
          createdAt: new Date(),
        }),
        'kafka/kafka.keystore.p12': encodePkcs12KeyStore({
          alias: 'kafka',
          privateKeyPem: otherKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          chainPem,
          password,
        }),
      };
      for (const [file, bytes] of Object.entries(stores)) {
        await writeFile(path.join(certs, file), bytes, { mode: 0o600 });
        const listed = await list(project.dir);
        assert.equal(listed.ok, false);
        const id = file === 'kafka/kafka.keystore.jks' ? 'kafka/keystore.jks' : 'kafka/keystore.p12';
        assert.deepEqual(
          listed.stores.find((s) => s.id === id),
          { id, file: path.join(certs, file), status: 'broken', reason: 'holds another private key than the current one' },
        );
        const before = await hashTree(certs);
        assert.equal((await gen()).exitCode, 0);
        assert.deepEqual(changedFiles(before, await hashTree(certs)), [file]);
        assert.equal((await list(project.dir)).ok, true);
      }
    });

    test('a leaf that outlives its CA is broken; re-issued, it ends with the CA; a re-run changes nothing', async () => {
      // The CA renewed by hand for 100 days with the same key: every 397-day leaf now outlives it.
      const caFile = path.join(certs, 'ca/ca.crt');
      await execa('openssl', [
        'req',
        '-new',
        '-x509',
        '-key',
        path.join(certs, 'ca/ca.key'),
        '-subj',
        '/O=Conscious Rocket/CN=rocketctl CA',
        '-days',
        '100',
        '-addext',
        'basicConstraints=critical,CA:TRUE,pathlen:0',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
        '-out',
        caFile,
      ]);
      const caNotAfter = new Date(new X509Certificate(await readFile(caFile)).validTo).toISOString();
      const listed = await list(project.dir);
      assert.equal(listed.certificates.find((c) => c.id === 'ca')?.status, 'ok');
      const kafka = listed.certificates.find((c) => c.id === 'kafka')!;
      assert.equal(kafka.status, 'broken');
      assert.match(kafka.reason!, new RegExp(`^outlives its CA \\(leaf until .*, CA until ${caNotAfter.replace(/[.]/g, '\\.')}\\)$`));

      assert.equal((await gen()).exitCode, 0);
      const after = await list(project.dir);
      assert.equal(after.ok, true, JSON.stringify(after.certificates.filter((c) => c.status !== 'ok')));
      for (const leaf of after.certificates.filter((c) => c.id !== 'ca')) assert.equal(leaf.notAfter, caNotAfter, leaf.id);
      const tree = await hashTree(certs);
      assert.equal((await gen()).exitCode, 0);
      assert.deepEqual(changedFiles(tree, await hashTree(certs)), []);
    });

    test('renewing near the end of the CA: expired leaves are re-issued up to the CA notAfter only, once', async () => {
      const { certsGen } = await import('../../src/commands/certs-gen.js');
      const { loadConfig } = await import('../../src/config/load.js');
      const { silentLogger } = await import('../../src/shared/log.js');
      // A fresh 10-year CA (the test before left a 100-day one).
      assert.equal((await rocketctl(['certs', 'gen', '--force'], { cwd: project.dir })).exitCode, 0);
      const context = { config: await loadConfig({ cwd: project.dir }), env: {}, signal: new AbortController().signal, log: silentLogger };
      const caNotAfter = new Date(new X509Certificate(await readFile(path.join(certs, 'ca/ca.crt'))).validTo);
      // 200 days before the 10-year CA ends: the CA is still fine (> 30 days), every 397-day leaf has expired.
      const now = new Date(caNotAfter.getTime() - 200 * 86_400_000);
      const first = await certsGen(context, { now });
      assert.ok(first.changed.some((c) => c.id === 'kafka' && c.why.startsWith('expired')));
      assert.ok(!first.changed.some((c) => c.id === 'ca'));
      const leafNotAfter = new Date(new X509Certificate(await readFile(path.join(certs, 'kafka/tls.crt'))).validTo);
      assert.equal(leafNotAfter.toISOString(), caNotAfter.toISOString());
      const second = await certsGen(context, { now });
      assert.deepEqual(second.changed, []);
    });
  });

describe('certs gen: tls.keyAlgorithm decides every key', () => {
  let project: Awaited<ReturnType<typeof createTempProject>>;
  const configFile = () => path.join(project.dir, 'rocketctl.config.ts');
  before(async () => {
    project = await createTempProject(`{ tls: { keyAlgorithm: 'rsa-2048' } }`);
  });
  after(() => project.cleanup());

  test('an RSA tree under a config that now asks for ECDSA (the default): every key re-issued once, stores follow', async () => {
    assert.equal((await rocketctl(['certs', 'gen'], { cwd: project.dir })).exitCode, 0);
    // An older config that only names keyBits keeps the RSA tree as it is.
    await writeFile(configFile(), configBody('{ keyBits: 2048 }'));
    const tree = await hashTree(path.join(project.dir, 'certs'));
    assert.equal((await rocketctl(['certs', 'gen'], { cwd: project.dir })).exitCode, 0);
    assert.deepEqual(changedFiles(tree, await hashTree(path.join(project.dir, 'certs'))), []);

    await writeFile(configFile(), configBody('{}'));
    const stale = await list(project.dir);
    assert.equal(stale.ok, false);
    for (const cert of stale.certificates)
      assert.deepEqual([cert.status, cert.reason], ['broken', 'key is rsa-2048, the config asks for ecdsa-p256 (tls.keyAlgorithm)'], cert.id);
    const before = await hashTree(path.join(project.dir, 'certs'));
    assert.equal((await rocketctl(['certs', 'gen'], { cwd: project.dir })).exitCode, 0);
    const after = await hashTree(path.join(project.dir, 'certs'));
    assert.deepEqual(changedFiles(before, after), [...before.keys()].sort(), 'every file, stores and CA copies included');
    const listed = await list(project.dir);
    assert.equal(listed.ok, true);
    assert.deepEqual([...new Set(listed.certificates.map((c) => c.keyAlgorithm))], ['ecdsa-p256']);
    assert.equal((await rocketctl(['certs', 'gen'], { cwd: project.dir })).exitCode, 0);
    assert.deepEqual(changedFiles(after, await hashTree(path.join(project.dir, 'certs'))), []);
  });

  test('keyBits contradicting keyAlgorithm exits 2 with the path, nothing changed', async () => {
    await writeFile(configFile(), configBody(`{ keyAlgorithm: 'ecdsa-p256', keyBits: 4096 }`));
    const tree = await hashTree(path.join(project.dir, 'certs'));
    const result = await rocketctl(['certs', 'gen'], { cwd: project.dir });
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /tls\.keyBits: 4096 contradicts tls\.keyAlgorithm 'ecdsa-p256'; remove tls\.keyBits/);
    assert.deepEqual(changedFiles(tree, await hashTree(path.join(project.dir, 'certs'))), []);
  });
});
