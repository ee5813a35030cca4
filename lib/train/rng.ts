/**
 * Seeded helpers for deterministic initialisation and data order, built on the kit's one uniform generator
 * (`mulberry32` in `lib/random.ts`).
 */
import { mulberry32 } from "../random.ts";

/** Mixes several integers into one 32-bit seed (so that e.g. (seed, epoch) pairs give independent streams). */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return h >>> 0;
}

/** A seeded permutation of 0..n−1 (Fisher–Yates). */
export function seededPermutation(n: number, seed: number): Int32Array {
  const rand = mulberry32(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** `count` standard-normal samples (Box–Muller) from a seeded stream, scaled by `std`. */
export function normalSamples(count: number, std: number, rand: () => number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = Math.max(rand(), 1e-12);
    const u2 = rand();
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** `count` samples uniform on [−limit, limit) from a seeded stream. */
export function uniformSamples(count: number, limit: number, rand: () => number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (2 * rand() - 1) * limit;
  return out;
}
