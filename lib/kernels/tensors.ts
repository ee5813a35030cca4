/**
 * Shapes and checks of the attention inputs shared by every kernel: Q, K and V are float32 tensors of
 * layout [heads][n][d] (row-major, one row per token), O has the same layout.
 */
import { UserError } from "../errors.ts";
import { validateCsr, type CsrPattern } from "./csr.ts";

/** Q, K, V of one attention layer, each of layout [heads][n][d]. */
export interface AttentionTensors {
  heads: number;
  /** Tokens. */
  n: number;
  /** Head dimension. */
  d: number;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
}

function positiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) throw new UserError(`attention: ${name} must be a positive integer, got ${value}`);
}

/** Checks shapes and lengths of `t` (not the values). Throws {@link UserError} naming the bad input. */
export function validateShapes(t: AttentionTensors): void {
  positiveInteger(t.heads, "heads");
  positiveInteger(t.n, "n (tokens)");
  positiveInteger(t.d, "d (head dimension)");
  const expected = t.heads * t.n * t.d;
  for (const name of ["q", "k", "v"] as const) {
    const a = t[name];
    if (!(a instanceof Float32Array)) throw new UserError(`attention: ${name.toUpperCase()} must be a Float32Array`);
    if (a.length !== expected) {
      throw new UserError(
        `attention: ${name.toUpperCase()} has ${a.length} values, expected heads·n·d = ${t.heads}·${t.n}·${t.d} = ${expected}`,
      );
    }
  }
}

/** The error for a NaN/Infinity at flat index `index` of tensor `name` ([heads][n][d] layout). */
export function nonFiniteError(t: AttentionTensors, name: "q" | "k" | "v", index: number): UserError {
  const value = t[name][index];
  const head = Math.floor(index / (t.n * t.d));
  const token = Math.floor(index / t.d) % t.n;
  const dim = index % t.d;
  return new UserError(
    `attention: ${name.toUpperCase()} holds ${value} at head ${head}, token ${token}, dim ${dim}; ` +
      `inputs must be finite numbers`,
  );
}

/** Index of the first non-finite value of `a`, or -1. */
export function firstNonFiniteIndex(a: ArrayLike<number>): number {
  if (a instanceof Float32Array) return firstNonFiniteF32(a);
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return i;
  return -1;
}

/**
 * Index of the first non-finite value of a Float32Array, or -1: one branch-free pass (x·0 is 0 for a
 * finite x and NaN for NaN or ±Infinity; four partial sums keep the adds independent), and a second
 * pass to locate the value only when the first found one.
 */
function firstNonFiniteF32(a: Float32Array): number {
  const len = a.length;
  const len4 = len - (len & 3);
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  let i = 0;
  for (; i < len4; i += 4) {
    z0 += a[i]! * 0;
    z1 += a[i + 1]! * 0;
    z2 += a[i + 2]! * 0;
    z3 += a[i + 3]! * 0;
  }
  for (; i < len; i++) z0 += a[i]! * 0;
  if (z0 + z1 + z2 + z3 === 0) return -1;
  for (let j = 0; j < len; j++) if (!Number.isFinite(a[j]!)) return j;
  return -1;
}

/** Checks every value of Q, K and V is finite (TypeScript scan). */
export function validateFinite(t: AttentionTensors): void {
  let bad = firstNonFiniteF32(t.q);
  if (bad >= 0) throw nonFiniteError(t, "q", bad);
  bad = firstNonFiniteF32(t.k);
  if (bad >= 0) throw nonFiniteError(t, "k", bad);
  bad = firstNonFiniteF32(t.v);
  if (bad >= 0) throw nonFiniteError(t, "v", bad);
}

/**
 * Normalises the `mask` argument to one CSR pattern per head and validates each: one pattern is
 * shared by all heads, or an array gives one per head.
 */
export function masksPerHead(mask: CsrPattern | readonly CsrPattern[], t: AttentionTensors): CsrPattern[] {
  if (Array.isArray(mask)) {
    const list = mask as readonly CsrPattern[];
    if (list.length !== t.heads) {
      throw new UserError(`attention: got ${list.length} masks for ${t.heads} heads; pass one mask or one per head`);
    }
    list.forEach((m, h) => validateCsr(m, t.n, `mask of head ${h}`));
    return [...list];
  }
  const single = mask as CsrPattern;
  validateCsr(single, t.n, "mask");
  return Array.from({ length: t.heads }, () => single);
}

/** The default score scale 1/√d. */
export function defaultScale(d: number): number {
  return 1 / Math.sqrt(d);
}
