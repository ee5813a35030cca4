import { mulberry32 } from "../../lib/random.ts";

/** The kit's seeded PRNG (mulberry32) for deterministic property tests. */
export const rng: (seed: number) => () => number = mulberry32;

/** A random integer in [lo, hi] (inclusive). */
export function randInt(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}
