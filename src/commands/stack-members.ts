import type { ResolvedConfig } from '../config/types.js';
import { buildSpecs, buildSpecShapes } from '../services/build-specs.js';
import type { ServiceSpec } from '../services/spec.js';
import type { SpecInputs } from '../services/spec-inputs.js';
import { WORKERS_MEMBER } from '../workers/descriptors.js';
import { workersImageRecipe, type ImageRecipe } from '../workers/member/image-recipe.js';
import { workersMemberSpec } from '../workers/member/member-spec.js';

/** The workers image to run: the config's, or the one built from this rocketctl (with its recipe, to build it). */
export function workersImage(config: ResolvedConfig): { tag: string; recipe: ImageRecipe | null } {
  if (config.images.workers) return { tag: config.images.workers, recipe: null };
  const recipe = workersImageRecipe(config);
  return { tag: recipe.tag, recipe };
}

/** The image a read-only command names the member with: what runs is read from the engine, so no recipe is needed. */
const SHAPE_IMAGE = 'rocketctl-workers';

/** Every member the config enables, in start order: the services, then the workers member (when a worker is enabled). */
export function memberSpecs(inputs: SpecInputs, image: string = inputs.config.images.workers ?? SHAPE_IMAGE): ServiceSpec[] {
  const member = workersMemberSpec(inputs, image);
  return member ? [...buildSpecs(inputs), member] : buildSpecs(inputs);
}

/** The members' shapes (names, ports, dependencies), without secrets or the CA: for preflights and read-only views. */
export function memberShapes(config: ResolvedConfig, image: string = config.images.workers ?? SHAPE_IMAGE): ServiceSpec[] {
  const member = workersMemberSpec({ config, secrets: { get: () => '', source: () => 'none' }, caPem: '' }, image);
  return member ? [...buildSpecShapes(config), member] : buildSpecShapes(config);
}

export const isWorkersMember = (spec: Pick<ServiceSpec, 'name'>): boolean => spec.name === WORKERS_MEMBER;
