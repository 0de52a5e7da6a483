/** A seeded pseudo-random source: the same seed always yields the same sequence (mulberry32). */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Normally distributed, mean 0, standard deviation `sigma` (Box–Muller: always consumes two draws). */
  gaussian(sigma: number): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    gaussian(sigma) {
      const u = 1 - next();
      const v = next();
      return sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
