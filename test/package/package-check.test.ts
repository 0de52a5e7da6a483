import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { createLabProject } from '../support/lab-project.js';
import { closedDockerHost } from '../support/fakes/closed-docker-host.js';

/**
 * The npm package as a user gets it: `npm pack`, then installed twice from the tarball, as users install it:
 * globally into a prefix (its dependencies nested under it) and into a project (its dependencies hoisted beside it),
 * each run from an empty folder. `--version` is pointed at a closed port; one test runs `up` on the real engine.
 * `npm run test:package` builds first; the tarball is packed with --ignore-scripts so that `prepack` does not
 * rebuild dist/ under the running test.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const INSTALL = ['--prefer-offline', '--no-audit', '--no-fund'];
const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

let work: string;
let tarball: string;
let packed: string[];
let env: Record<string, string>;

const run = (file: string, args: string[], cwd: string) => execa(file, args, { cwd, env, reject: false, timeout: 600_000 });

async function filesUnder(dir: string, keep: (file: string) => boolean = () => true): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .filter(keep)
    .sort();
}

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-package-'));
  env = {
    PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
    HOME: process.env.HOME ?? os.homedir(),
    NO_COLOR: '1',
    DOCKER_HOST: await closedDockerHost(),
  };
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
  const [manifest] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, manifest!.filename);
  packed = manifest!.files.map((file) => file.path).sort();
});
after(() => rm(work, { recursive: true, force: true }));

test('the tarball holds what runs (the compiled CLI, its type declarations, templates, assets, README) and nothing test-only', async () => {
  assert.equal(path.basename(tarball), `rocketctl-${version}.tgz`);
  const expected = [
    'README.md',
    'package.json',
    'bin/rocketctl.js',
    ...(await filesUnder('dist/src', (file) => (file.endsWith('.js') && !file.endsWith('.test.js')) || file.endsWith('.d.ts'))),
    ...(await filesUnder('templates')),
    ...(await filesUnder('assets')),
  ].sort();
  assert.deepEqual(packed, expected);
  for (const file of ['dist/src/cli/main.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'templates/kafka/server.properties', 'assets/dashboard/index.html']) {
    assert.ok(packed.includes(file), `${file} is packed`);
  }
  const testOnly = packed.filter((file) => /^(src|test|bench|dist\/test|dist\/bench|\.ci|docs)\/|\.test\.|\.map$|\.ts$(?<!\.d\.ts)/.test(file));
  assert.deepEqual(testOnly, []);
});

describe('installed globally into a prefix (npm i -g --prefix P rocketctl.tgz)', () => {
  let prefix: string;
  let bin: string;
  let project: string;
  before(async () => {
    prefix = path.join(work, 'global');
    const installed = await run('npm', ['install', '--global', '--prefix', prefix, ...INSTALL, tarball], work);
    assert.equal(installed.exitCode, 0, installed.stderr);
    bin = path.join(prefix, 'bin', 'rocketctl');
    project = path.join(work, 'empty-global');
    await mkdir(project);
  });

  test('rocketctl --version, init and certs gen work from an empty folder', async () => {
    const versions = await run(bin, ['--version', '--json'], project);
    assert.equal(versions.exitCode, 0, versions.stderr);
    assert.deepEqual(JSON.parse(versions.stdout).rocketctl, version);
    assert.equal(JSON.parse(versions.stdout).docker.reachable, false);
    const init = await run(bin, ['init'], project);
    assert.equal(init.exitCode, 0, init.stderr);
    assert.deepEqual((await readdir(project)).sort(), ['.gitignore', 'rocketctl.config.ts']);
    const certs = await run(bin, ['certs', 'gen'], project);
    assert.equal(certs.exitCode, 0, certs.stderr);
    assert.ok(existsSync(path.join(project, 'certs', 'ca', 'ca.crt')) && existsSync(path.join(project, '.rocketctl', 'secrets.env')));
    const list = await run(bin, ['certs', 'list'], project);
    assert.equal(list.exitCode, 0, list.stdout + list.stderr);
  });

  test('its native ZooKeeper client was built and loads from the installed tree', async () => {
    const installed = path.join(prefix, 'lib', 'node_modules', 'rocketctl');
    const loaded = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createRequire } from 'node:module'; createRequire(${JSON.stringify(`${installed}/dist/src/zookeeper/`)})('zookeeper');`,
      ],
      project,
    );
    assert.equal(loaded.exitCode, 0, loaded.stderr);
  });
  // The installed rocketctl against the real engine and the lab's images (`npm run test:package` makes the lab ready):
  // the services from its own templates, and the workers member on an image `up` builds from the installed tree.
  test('up against the lab images: every service and the workers member ready; down --volumes removes them', async () => {
    const lab = await createLabProject('rocketctl-package', '{ workers: {} }', { portOffset: -3000 });
    const engine = { ...env, DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' };
    const inLab = (args: string[]) => execa(bin, args, { cwd: lab.dir, env: engine, reject: false, timeout: 900_000 });
    try {
      const up = await inLab(['up']);
      assert.equal(up.exitCode, 0, up.stdout + up.stderr);
      const status = await inLab(['--json', 'status']);
      const members = (JSON.parse(status.stdout) as { services: { name: string; state: string }[] }).services;
      assert.ok(members.length > 5, status.stdout);
      assert.deepEqual(
        members.filter((member) => member.state !== 'running' && member.state !== 'disabled').map((member) => `${member.name} ${member.state}`),
        [],
      );
      assert.ok(
        members.some((member) => member.name === 'workers' && member.state === 'running'),
        'the workers member runs',
      );
    } finally {
      const down = await inLab(['down', '--volumes', '--yes']);
      await lab.cleanup();
      assert.equal(down.exitCode, 0, down.stderr);
    }
  });
});

describe('installed into a project (npm i rocketctl.tgz; its dependencies hoisted beside it)', () => {
  let project: string;
  let installed: string;
  before(async () => {
    project = path.join(work, 'user-project');
    await mkdir(project);
    await writeFile(path.join(project, 'package.json'), `${JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2)}\n`);
    const done = await run('npm', ['install', ...INSTALL, tarball], project);
    assert.equal(done.exitCode, 0, done.stderr);
    installed = await realpath(path.join(project, 'node_modules', 'rocketctl'));
  });

  test('the layout is the hoisted one: rocketctl’s dependencies sit beside it, not under it', () => {
    assert.ok(existsSync(path.join(project, 'node_modules', 'zod', 'package.json')));
    assert.ok(!existsSync(path.join(installed, 'node_modules', 'zod')));
  });

  // `--no --`: use the installed rocketctl, never fetch one (and pass --version to rocketctl, not to npx).
  const npx = (...args: string[]) => run('npx', ['--no', '--', 'rocketctl', ...args], project);

  test('npx rocketctl: --version, and init (the config the next tests check and use)', async () => {
    const versions = await npx('--version');
    assert.equal(versions.exitCode, 0, versions.stderr);
    assert.match(versions.stdout, new RegExp(`^rocketctl +${version.replaceAll('.', '\\.')}\n`));
    const init = await npx('init');
    assert.equal(init.exitCode, 0, init.stderr);
  });

  test("tsc --noEmit type-checks the generated config (as written and with every option on) against the package's own types, which are not any", async () => {
    const config = await readFile(path.join(project, 'rocketctl.config.ts'), 'utf8');
    await writeFile(path.join(project, 'every-option.config.ts'), config.replace(/^(\s*)\/\/ /gm, '$1'));
    // No @types/node and every library checked: the public types must stand on their own.
    const compilerOptions = { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: [] };
    await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.config.ts'] }));
    const checked = await run(process.execPath, [TSC, '-p', project], project);
    assert.equal(checked.exitCode, 0, checked.stdout);

    await writeFile(
      path.join(project, 'wrong.config.ts'),
      "import { defineConfig } from 'rocketctl';\nexport default defineConfig({ project: 5, services: { redis: {} } });\n",
    );
    const refused = await run(process.execPath, [TSC, '-p', project], project);
    assert.equal(refused.exitCode, 2, refused.stdout);
    assert.match(refused.stdout, /wrong\.config\.ts\(2,31\): error TS2322: Type 'number' is not assignable to type 'string'/);
    assert.match(refused.stdout, /'redis' does not exist/);
    await rm(path.join(project, 'wrong.config.ts'));
  });

  test("the package's exports: 'rocketctl' is defineConfig and the config types, and nothing of its insides", async () => {
    const script =
      "const m = await import('rocketctl'); console.log(typeof m.defineConfig); await import('rocketctl/dist/src/cli/main.js').catch((e) => console.log(e.code));";
    const imported = await run(process.execPath, ['--input-type=module', '-e', script], project);
    assert.deepEqual(imported.stdout.split('\n'), ['function', 'ERR_PACKAGE_PATH_NOT_EXPORTED']);
  });

  test('the installed code finds its own templates from where it is installed: every service config renders', async () => {
    const script = [
      `const { loadConfig } = await import(${JSON.stringify(`${installed}/dist/src/config/load.js`)});`,
      `const { buildSpecShapes } = await import(${JSON.stringify(`${installed}/dist/src/services/build-specs.js`)});`,
      `const { PACKAGE_ROOT } = await import(${JSON.stringify(`${installed}/dist/src/shared/package-files.js`)});`,
      `const files = buildSpecShapes(await loadConfig({ cwd: ${JSON.stringify(project)}, env: {} })).flatMap((spec) => spec.files).filter((file) => file.source.startsWith('template '));`,
      'for (const file of files) await file.read();',
      'console.log(JSON.stringify({ root: PACKAGE_ROOT, rendered: files.map((file) => file.source) }));',
    ].join('\n');
    const rendered = await run(process.execPath, ['--input-type=module', '-e', script], project);
    assert.equal(rendered.exitCode, 0, rendered.stderr);
    const { root, rendered: sources } = JSON.parse(rendered.stdout) as { root: string; rendered: string[] };
    assert.equal(root, `${installed}/`);
    const serviceTemplates = (await filesUnder('templates', (file) => !file.startsWith('templates/schemas/'))).map(
      (file) => `template ${file.slice('templates/'.length)}`,
    );
    assert.deepEqual([...new Set(sources)].sort(), serviceTemplates);
  });

  test('certs gen with the generated config, and the telemetry dashboard served from the installed assets and the hoisted uPlot', async () => {
    const certs = await npx('certs', 'gen');
    assert.equal(certs.exitCode, 0, certs.stderr);
    const worker = spawn(path.join(project, 'node_modules', '.bin', 'rocketctl'), ['workers', 'start', 'telemetry', '--port', '0'], { cwd: project, env });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no endpoint within 30 s; stderr:\n${stderr}`)), 30_000);
        worker.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const found = /telemetry: started on http:\/\/(127\.0\.0\.1:\d+)/.exec(stderr);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]!);
          }
        });
      });
      const page = await fetch(`http://${endpoint}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<html/i);
      const uplot = await fetch(`http://${endpoint}/vendor/uPlot.iife.min.js`);
      assert.equal(uplot.status, 200);
      assert.ok((await uplot.text()).length > 10_000);
    } finally {
      worker.kill('SIGINT');
    }
    assert.equal(await exited, 130, stderr);
  });
});
