/** A seeded pseudo-random source: simulations and generated data draw every random choice from one. */
export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Gaussian sample (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** Exponential sample with the given mean, e.g. the wait until a Poisson event. */
  exponential(mean: number): number;
  /** An independent stream derived from this seed and a label, stable whatever else is drawn. */
  fork(label: number | string): Rng;
}

/** Deterministic generator (mulberry32): small, fast, good enough for a simulation. */
export function createRng(seed: number): Rng {
  const baseSeed = seed >>> 0;
  let state = baseSeed;
  let spareNormal: number | null = null;

  const float = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const rng: Rng = {
    float,
    range: (min, max) => min + (max - min) * float(),
    int: (min, max) => min + Math.floor(float() * (max - min + 1)),
    chance: (p) => float() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(float() * items.length)] as T;
    },
    normal(mean = 0, sd = 1) {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return mean + sd * z;
      }
      const u = 1 - float(); // (0, 1]: log(u) is finite
      const v = float();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return mean + sd * r * Math.cos(2 * Math.PI * v);
    },
    exponential: (mean) => -mean * Math.log(1 - float()),
    fork: (label) => createRng(hashSeed(baseSeed, label)),
  };
  return rng;
}

/** Mixes a seed with a label (FNV-1a over the label's text, then a murmur finaliser). */
export function hashSeed(seed: number, label: number | string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  const text = String(label);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
