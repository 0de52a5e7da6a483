import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type AptSource } from './apt-sources.js';
import { DOCKER } from './docker-engine.js';
import { BASE_IMAGE } from './lab-images.js';
import { cacheDir, recipesDir } from './lab-paths.js';
import { RECIPE_HASH_LABEL, recipeHash } from './recipe-hash.js';
import { runLogged } from './run-command.js';

const SUITE = 'bookworm';
/** Docs and man pages are dropped by dpkg in every image built on this base (copyrights are kept). */
const DPKG_OPTIONS = [
  'path-exclude=/usr/share/doc/*',
  'path-include=/usr/share/doc/*/copyright',
  'path-exclude=/usr/share/man/*',
  'path-exclude=/usr/share/info/*',
  'path-exclude=/usr/share/locale/*',
];
/** apt may need https to reach the configured mirror. */
const INCLUDE = ['ca-certificates'];
/** Debian 12 merges /usr at first boot of a new system; the hook does it up front (else usrmerge + perl, ~50 MB). */
const MERGED_USR_HOOK = '/usr/share/mmdebstrap/hooks/merged-usr';

export function baseRecipeHash(): string {
  return recipeHash(path.join(recipesDir, 'base'), {
    suite: SUITE,
    variant: 'minbase',
    dpkg: DPKG_OPTIONS.join(','),
    include: INCLUDE.join(','),
    hooks: 'merged-usr',
  });
}

/** mmdebstrap → tarball → `docker import`, labelled with the recipe hash. */
export async function buildBaseImage(opts: { sources: AptSource[]; hash: string; signal?: AbortSignal }): Promise<void> {
  const workDir = path.join(cacheDir, 'base');
  mkdirSync(workDir, { recursive: true });
  const tarball = path.join(workDir, 'rootfs.tar');
  const hint = 'check that the Debian mirror in /etc/apt/sources.list(.d) is reachable; see the log';
  try {
    await runLogged(
      'mmdebstrap',
      [
        '--variant=minbase',
        '--mode=root',
        '--format=tar',
        `--hook-dir=${MERGED_USR_HOOK}`,
        `--include=${INCLUDE.join(',')}`,
        ...DPKG_OPTIONS.map((o) => `--dpkgopt=${o}`),
        `--customize-hook=sh ${path.join(recipesDir, 'base', 'customize.sh')} "$1"`,
        SUITE,
        tarball,
        ...opts.sources.map((s) => `deb ${s.uri} ${s.suite} ${s.components.join(' ')}`),
      ],
      { step: 'build base image', hint, signal: opts.signal, timeoutMs: 900_000 },
    );
    await runLogged(
      DOCKER,
      ['import', '--change', `LABEL ${RECIPE_HASH_LABEL}=${opts.hash} org.rocketctl.lab=base`, '--change', 'CMD ["bash"]', tarball, BASE_IMAGE],
      { step: 'import base image', hint: 'see the log; is the docker engine healthy (`docker info`)?', signal: opts.signal, timeoutMs: 300_000 },
    );
  } finally {
    rmSync(tarball, { force: true });
  }
}
