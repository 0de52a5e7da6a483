import path from 'node:path';
import { buildkitEnv, DOCKER } from './docker-engine.js';
import { prepareBuildContext } from './image-artifacts.js';
import { BASE_IMAGE, type LabImage } from './lab-images.js';
import { recipesDir } from './lab-paths.js';
import { RECIPE_HASH_LABEL, recipeHash } from './recipe-hash.js';
import { runLogged } from './run-command.js';

export function serviceRecipeHash(image: LabImage, baseHash: string): string {
  return recipeHash(path.join(recipesDir, image.name), { base: baseHash, tag: image.tag });
}

/**
 * `docker build` FROM the lab base. The apt sources go in as a BuildKit secret: mounted for the RUN that
 * needs them, never stored in a layer or in the image history. RUN steps use the host's network, so a build
 * needs no bridge or NAT rules from the engine (only apt reaches out, to the host's own mirror).
 */
export async function buildServiceImage(opts: { image: LabImage; hash: string; aptSourcesFile: string; signal?: AbortSignal }): Promise<void> {
  const { image, hash, signal } = opts;
  const context = await prepareBuildContext(image, hash, signal);
  await runLogged(
    DOCKER,
    [
      'build',
      '--progress=plain',
      '--network=host',
      '--secret',
      `id=aptsources,src=${opts.aptSourcesFile}`,
      '--build-arg',
      `BASE_IMAGE=${BASE_IMAGE}`,
      '--label',
      `${RECIPE_HASH_LABEL}=${hash}`,
      '--label',
      `org.rocketctl.lab=${image.name}`,
      '--tag',
      image.tag,
      context,
    ],
    {
      step: `build ${image.name} image`,
      hint: `see the log; the recipe is test/lab/images/${image.name}/`,
      signal,
      timeoutMs: 1_200_000,
      env: buildkitEnv,
    },
  );
}
