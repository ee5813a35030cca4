/** Seeded pseudo-random numbers for tests, property checks and benchmark inputs (deterministic reruns). */

import { mulberry32, seededNormal } from "../random.ts";

/** A seeded generator of uniform numbers in [0, 1) (mulberry32, see `lib/random.ts`). */
export const seededUniform: (seed: number) => () => number = mulberry32;

export { seededNormal };

/** A Float32Array of `length` normal numbers with standard deviation `std`, from `seed`. */
export function randomNormalF32(length: number, seed: number, std = 1): Float32Array {
  const g = seededNormal(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = g() * std;
  return out;
}
