import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../../config/types.js';
import { OperationError } from '../../shared/errors.js';
import { PACKAGE_ROOT } from '../../shared/package-files.js';
import { MEMBER_CLI, MEMBER_LAYOUT } from './member-layout.js';
import { productionPackages } from './production-packages.js';

/** A file of the build context: read from `source` when the context is sent, or a folder when `source` is null. */
export interface ContextFile {
  path: string;
  mode: number;
  source: string | null;
}

export interface ImageRecipe {
  /** `rocketctl-workers:<version>-<hash>`: a changed rocketctl, Node or base image is another tag. */
  tag: string;
  hash: string;
  base: string;
  dockerfile: string;
  files: ContextFile[];
  labels: Record<string, string>;
}

export const IMAGE_LABEL = { image: 'org.rocketctl.image', recipe: 'org.rocketctl.recipe' } as const;

/** Compiled code the member runs, without the tests compiled beside it. */
const isShipped = (file: string) => !/\.test\.js(\.map)?$/.test(file);

function walk(dir: string, keep: (file: string) => boolean = () => true, skipDirs: readonly string[] = []): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skipDirs.includes(entry.name) ? [] : walk(full, keep, skipDirs);
    return entry.isFile() && keep(full) ? [full] : [];
  });
}

/**
 * The workers image, built from the rocketctl that runs this command: its compiled code, templates, assets and the
 * packages it needs at run time, and the very Node runtime that runs it, on a base image that only has to provide
 * glibc (a local one works offline; the default is pulled). No secret, key or config is in it: the member gets those
 * as 0600 files when its container is created. No RUN step: the build only lays files, so it needs no network.
 */
export function workersImageRecipe(config: ResolvedConfig): ImageRecipe {
  if (process.platform !== 'linux') {
    throw new OperationError(
      `the workers image is built from this host's Node runtime, which is not a Linux one (${process.platform})`,
      "build it on a Linux host of the engine's architecture, or set images.workers in the config to an image built there",
    );
  }
  const root = PACKAGE_ROOT.replace(/\/$/, '');
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const app = (file: string, inside: string): ContextFile => ({ path: `rocketctl/${inside}`, mode: statSync(file).mode & 0o755, source: file });
  const own = [
    path.join(root, 'package.json'),
    path.join(root, 'bin', 'rocketctl.js'),
    ...walk(path.join(root, 'dist', 'src'), isShipped),
    ...walk(path.join(root, 'templates')),
    ...walk(path.join(root, 'assets')),
  ].map((file) => app(file, path.relative(root, file)));
  const packages = productionPackages(root);
  const modules = packages.flatMap((pkg) => {
    // Inside the package folder, the path it has now; hoisted above it (a local install), flattened under it.
    const inside = pkg.dir.startsWith(`${root}/`) ? path.relative(root, pkg.dir) : path.join('node_modules', pkg.name);
    return walk(pkg.dir, () => true, ['node_modules']).map((file) => app(file, path.join(inside, path.relative(pkg.dir, file))));
  });
  const files: ContextFile[] = [
    { path: 'node', mode: 0o755, source: process.execPath },
    ...own,
    ...modules,
    { path: 'state', mode: 0o755, source: null },
    { path: 'etc', mode: 0o755, source: null },
  ];
  const hash = createHash('sha256');
  hash.update(`${version}\0${process.version}\0${process.arch}\0${config.images.workersBase}\0`);
  // Own files by content (they change with every build of rocketctl); installed packages by name, version and
  // place, and native add-ons by content (a rebuild for another ABI keeps the version).
  for (const file of own) hash.update(`${file.path}\0`).update(readFileSync(file.source!));
  for (const pkg of packages) hash.update(`${path.relative(root, pkg.dir)}@${pkg.version}\0`);
  for (const file of modules.filter((f) => f.path.endsWith('.node'))) hash.update(`${file.path}\0`).update(readFileSync(file.source!));
  const digest = hash.digest('hex').slice(0, 12);
  const { uid, gid } = MEMBER_LAYOUT;
  const dockerfile = [
    '# The rocketctl workers image: made by `rocketctl images build` from the rocketctl that ran it.',
    `FROM ${config.images.workersBase}`,
    `COPY node ${MEMBER_LAYOUT.node}`,
    `COPY rocketctl/ ${MEMBER_LAYOUT.appDir}/`,
    `COPY --chown=${uid}:${gid} state/ ${MEMBER_LAYOUT.workersDir}/`,
    `COPY --chown=${uid}:${gid} etc/ ${MEMBER_LAYOUT.configDir}/`,
    `USER ${uid}:${gid}`,
    'ENV NODE_ENV=production NO_COLOR=1',
    `ENTRYPOINT ${JSON.stringify(MEMBER_CLI.slice(0, 2))}`,
    `CMD ${JSON.stringify([...MEMBER_CLI.slice(2), 'workers', 'start'])}`,
    '',
  ].join('\n');
  return {
    tag: `rocketctl-workers:${version}-${digest}`,
    hash: digest,
    base: config.images.workersBase,
    dockerfile,
    files,
    labels: { [IMAGE_LABEL.image]: 'workers', [IMAGE_LABEL.recipe]: digest },
  };
}
