/** Shared helpers of the kernel tests: seeded inputs and random masks. */
import { csrFromPredicate, type CsrPattern } from "../../lib/kernels/csr.ts";
import { randomNormalF32, seededUniform } from "../../lib/kernels/random.ts";
import type { AttentionTensors } from "../../lib/kernels/tensors.ts";

/** Seeded Q, K, V with normal entries of standard deviation `std`. */
export function randomTensors(heads: number, n: number, d: number, seed: number, std = 1): AttentionTensors {
  const len = heads * n * d;
  return {
    heads, n, d,
    q: randomNormalF32(len, seed * 3 + 1, std),
    k: randomNormalF32(len, seed * 3 + 2, std),
    v: randomNormalF32(len, seed * 3 + 3, std),
  };
}

/** A random mask keeping each entry with probability `density`, plus one random key in empty rows. */
export function randomMask(n: number, density: number, seed: number): CsrPattern {
  const u = seededUniform(seed);
  const keep = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    let any = false;
    for (let j = 0; j < n; j++) if (u() < density) { keep[i * n + j] = 1; any = true; }
    if (!any) keep[i * n + Math.floor(u() * n)] = 1;
  }
  return csrFromPredicate(n, (i, j) => keep[i * n + j] === 1);
}

/** Max |a_i − b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Max |x|. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
