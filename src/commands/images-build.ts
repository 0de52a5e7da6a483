import type { CommandContext } from './context.js';
import { openStack } from './open-stack.js';
import { workersImage } from './stack-members.js';

export interface ImagesBuildResult {
  image: string;
  action: 'present' | 'built' | 'configured';
  base: string | null;
  files: number;
  seconds: number;
}

/**
 * `rocketctl images build [--force]`: the workers image from this rocketctl (its compiled code, run-time packages and
 * Node runtime) on `images.workersBase`; kept when the engine has the image of this exact recipe already. With
 * `images.workers` set, that image is used and nothing is built.
 */
export async function imagesBuild(context: CommandContext, options: { force?: boolean; onProgress?: (line: string) => void } = {}): Promise<ImagesBuildResult> {
  const started = Date.now();
  const { tag, recipe } = workersImage(context.config);
  if (!recipe) return { image: tag, action: 'configured', base: null, files: 0, seconds: 0 };
  const stack = await openStack(context);
  const action = await stack.buildImage(recipe, { force: options.force ?? false, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  return { image: tag, action, base: recipe.base, files: recipe.files.length, seconds: (Date.now() - started) / 1000 };
}
