/**
 * The project's one seeded PRNG (mulberry32): demo data, the tiny test model, classifier splits and
 * property-style tests must come out the same on every machine, which Math.random cannot give.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32 with the helpers seeds and tests keep needing. */
export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    /** An integer in [min, max], both included. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

export type Random = ReturnType<typeof seededRandom>;
