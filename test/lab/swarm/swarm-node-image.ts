import { rmSync } from 'node:fs';
import { hostCodename, readDebianSources, toSourcesList } from '../apt-sources.js';
import { baseRecipeHash, buildBaseImage } from '../base-image.js';
import { ensureDockerEngine } from '../docker-engine.js';
import { imageRecipeHash, writeSecretSources } from '../ensure-lab.js';
import { ensureHostPackages } from '../host-packages.js';
import { withLabLock } from '../lab-lock.js';
import { BASE_IMAGE, type LabImage } from '../lab-images.js';
import { buildServiceImage, serviceRecipeHash } from '../service-image.js';

/** Not in LAB_IMAGES: only the swarm tests need it, so `npm run lab` and `npm test` do not build it. */
export const SWARM_NODE_IMAGE: LabImage = { name: 'swarm-node', tag: 'rocketctl-lab/swarm-node:bookworm' };

/**
 * The lab's own steps, under the lab's build lock: host packages, a running engine, the base image and the
 * node image, each rebuilt only when its recipe hash label differs. Returns what was built (empty when warm).
 */
export async function ensureSwarmNodeImage(opts: { signal?: AbortSignal; log: (line: string) => void }): Promise<string[]> {
  const { signal, log } = opts;
  return withLabLock(signal, log, async () => {
    await ensureHostPackages({ signal, log });
    await ensureDockerEngine({ signal, log });
    const built: string[] = [];
    const baseHash = baseRecipeHash();
    const sources = () => readDebianSources(hostCodename());
    if ((await imageRecipeHash(BASE_IMAGE, signal)) !== baseHash) {
      await timed(log, BASE_IMAGE, () => buildBaseImage({ sources: sources(), hash: baseHash, signal }));
      built.push(BASE_IMAGE);
    }
    const hash = serviceRecipeHash(SWARM_NODE_IMAGE, baseHash);
    if ((await imageRecipeHash(SWARM_NODE_IMAGE.tag, signal)) !== hash) {
      const aptSourcesFile = writeSecretSources(toSourcesList(sources()));
      try {
        await timed(log, SWARM_NODE_IMAGE.tag, () => buildServiceImage({ image: SWARM_NODE_IMAGE, hash, aptSourcesFile, signal }));
      } finally {
        rmSync(aptSourcesFile, { force: true });
      }
      built.push(SWARM_NODE_IMAGE.tag);
    }
    return built;
  });
}

async function timed(log: (line: string) => void, what: string, work: () => Promise<void>): Promise<void> {
  const started = Date.now();
  log(`building ${what}…`);
  await work();
  log(`built ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
