/** Seeded pseudo-random numbers for tests, property checks and benchmark inputs (deterministic reruns). */

/** A seeded generator of uniform numbers in [0, 1) (mulberry32). */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded generator of standard normal numbers (Box–Muller over {@link seededUniform}). */
export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const theta = 2 * Math.PI * u();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** A Float32Array of `length` normal numbers with standard deviation `std`, from `seed`. */
export function randomNormalF32(length: number, seed: number, std = 1): Float32Array {
  const g = seededNormal(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = g() * std;
  return out;
}
