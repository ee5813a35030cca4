/**
 * Portable TypeScript sparse attention (the fallback when WebAssembly SIMD is unavailable):
 * SDDMM at the mask's kept entries, softmax over those entries only, SpMM with V.
 *
 * Written for V8's optimising compiler (each typed-array access costs a bounds check and a float32 →
 * float64 conversion, so the work is arranged to load less and chain fewer dependent adds): monomorphic
 * plain indexed loops with the offsets in locals; scores of four keys at a time, so each Q value loaded
 * serves four products, with two float64 partial sums per key; the output row accumulated in float64
 * locals eight columns at a time and written straight into O; scores, exponentials and probabilities
 * computed in place in one reused float64 scratch row; no allocation per call beyond the result.
 */
import type { CsrPattern } from "./csr.ts";
import type { AttentionTensors } from "./tensors.ts";

let scratch = new Float64Array(256);

/** A float64 scratch array of at least `len` values, reused across calls (the kernels are synchronous). */
function scratchRow(len: number): Float64Array {
  if (scratch.length < len) scratch = new Float64Array(Math.max(len, 2 * scratch.length));
  return scratch;
}

/**
 * Σ_c a[ao + c]·b[bo + c] for c < d, accumulated in float64 (four interleaved partial sums, then the
 * remainder). Small and monomorphic so V8 inlines it into the callers' loops.
 */
export function dotF32(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const d4 = d - (d & 3);
  let c = 0;
  for (; c < d4; c += 4) {
    s0 += a[ao + c]! * b[bo + c]!;
    s1 += a[ao + c + 1]! * b[bo + c + 1]!;
    s2 += a[ao + c + 2]! * b[bo + c + 2]!;
    s3 += a[ao + c + 3]! * b[bo + c + 3]!;
  }
  for (; c < d; c++) s0 += a[ao + c]! * b[bo + c]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * Scaled scores of one query row against `cnt` keys, written to `s[0..cnt)`; returns their max. Key j
 * is row col(j) = colIdx[start + j] of head block `base` (or j itself when `colIdx` is null: a dense
 * row). Four keys are processed together so that each Q value loaded serves four products (two float64
 * partial sums per key); leftover keys use {@link dotF32}.
 */
function scoreRow(
  q: Float32Array,
  qo: number,
  k: Float32Array,
  base: number,
  colIdx: Int32Array | null,
  start: number,
  cnt: number,
  d: number,
  scale: number,
  s: Float64Array,
): number {
  let max = -Infinity;
  const d2 = d - (d & 1);
  let j = 0;
  for (; j + 3 < cnt; j += 4) {
    const ka = base + (colIdx === null ? j : colIdx[start + j]!) * d;
    const kb = base + (colIdx === null ? j + 1 : colIdx[start + j + 1]!) * d;
    const kc = base + (colIdx === null ? j + 2 : colIdx[start + j + 2]!) * d;
    const kd = base + (colIdx === null ? j + 3 : colIdx[start + j + 3]!) * d;
    let a0 = 0;
    let a1 = 0;
    let b0 = 0;
    let b1 = 0;
    let c0 = 0;
    let c1 = 0;
    let e0 = 0;
    let e1 = 0;
    let c = 0;
    for (; c < d2; c += 2) {
      const x0 = q[qo + c]!;
      const x1 = q[qo + c + 1]!;
      a0 += x0 * k[ka + c]!;
      a1 += x1 * k[ka + c + 1]!;
      b0 += x0 * k[kb + c]!;
      b1 += x1 * k[kb + c + 1]!;
      c0 += x0 * k[kc + c]!;
      c1 += x1 * k[kc + c + 1]!;
      e0 += x0 * k[kd + c]!;
      e1 += x1 * k[kd + c + 1]!;
    }
    if (c < d) {
      const x0 = q[qo + c]!;
      a0 += x0 * k[ka + c]!;
      b0 += x0 * k[kb + c]!;
      c0 += x0 * k[kc + c]!;
      e0 += x0 * k[kd + c]!;
    }
    const sa = (a0 + a1) * scale;
    const sb = (b0 + b1) * scale;
    const sc = (c0 + c1) * scale;
    const sd = (e0 + e1) * scale;
    s[j] = sa;
    s[j + 1] = sb;
    s[j + 2] = sc;
    s[j + 3] = sd;
    if (sa > max) max = sa;
    if (sb > max) max = sb;
    if (sc > max) max = sc;
    if (sd > max) max = sd;
  }
  for (; j < cnt; j++) {
    const x = dotF32(q, qo, k, base + (colIdx === null ? j : colIdx[start + j]!) * d, d) * scale;
    s[j] = x;
    if (x > max) max = x;
  }
  return max;
}

/**
 * Softmax of `s[0..cnt)` in place (float64): subtracts the row max `max`, exponentiates, normalises.
 * A single entry gives exactly 1.
 */
function softmaxInPlace(s: Float64Array, cnt: number, max: number): void {
  let sum = 0;
  for (let j = 0; j < cnt; j++) {
    const e = Math.exp(s[j]! - max);
    s[j] = e;
    sum += e;
  }
  for (let j = 0; j < cnt; j++) s[j] = s[j]! / sum;
}

/**
 * out[oo + c] = Σ_j p[j]·v[base + col(j)·d + c] for c < d, with col(j) = colIdx[start + j] (or j itself
 * when `colIdx` is null: a dense row), accumulated in float64 locals eight columns at a time.
 */
function weightedRowSum(
  p: Float64Array,
  cnt: number,
  colIdx: Int32Array | null,
  start: number,
  v: Float32Array,
  base: number,
  d: number,
  out: Float32Array,
  oo: number,
): void {
  let c = 0;
  const d8 = d - (d & 7);
  for (; c < d8; c += 8) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    for (let j = 0; j < cnt; j++) {
      const w = p[j]!;
      const vo = base + (colIdx === null ? j : colIdx[start + j]!) * d + c;
      a0 += w * v[vo]!;
      a1 += w * v[vo + 1]!;
      a2 += w * v[vo + 2]!;
      a3 += w * v[vo + 3]!;
      a4 += w * v[vo + 4]!;
      a5 += w * v[vo + 5]!;
      a6 += w * v[vo + 6]!;
      a7 += w * v[vo + 7]!;
    }
    out[oo + c] = a0;
    out[oo + c + 1] = a1;
    out[oo + c + 2] = a2;
    out[oo + c + 3] = a3;
    out[oo + c + 4] = a4;
    out[oo + c + 5] = a5;
    out[oo + c + 6] = a6;
    out[oo + c + 7] = a7;
  }
  for (; c < d; c++) {
    let a = 0;
    for (let j = 0; j < cnt; j++) a += p[j]! * v[base + (colIdx === null ? j : colIdx[start + j]!) * d + c]!;
    out[oo + c] = a;
  }
}

/**
 * Sparse attention of all heads in TypeScript. Inputs must already be validated (see
 * `sparseAttention` in attention.ts). Writes O ([heads][n][d]) into `out` (a new array when omitted)
 * and returns it with, when `withProbs`, one probability array per head aligned with that head's colIdx.
 */
export function sparseAttentionTs(
  t: AttentionTensors,
  masks: readonly CsrPattern[],
  scale: number,
  withProbs: boolean,
  out: Float32Array = new Float32Array(t.heads * t.n * t.d),
): { out: Float32Array; probs?: Float32Array[] } {
  const heads = t.heads;
  const n = t.n;
  const d = t.d;
  const q = t.q;
  const k = t.k;
  const v = t.v;
  let maxRow = 0;
  for (let h = 0; h < heads; h++) {
    const rp = masks[h]!.rowPtr;
    for (let i = 0; i < n; i++) {
      const len = rp[i + 1]! - rp[i]!;
      if (len > maxRow) maxRow = len;
    }
  }
  const s = scratchRow(maxRow);
  const probs: Float32Array[] | undefined = withProbs ? [] : undefined;
  for (let h = 0; h < heads; h++) {
    const rowPtr = masks[h]!.rowPtr;
    const colIdx = masks[h]!.colIdx;
    const base = h * n * d;
    const hp = probs === undefined ? null : new Float32Array(colIdx.length);
    for (let i = 0; i < n; i++) {
      const start = rowPtr[i]!;
      const cnt = rowPtr[i + 1]! - start;
      const qo = base + i * d;
      const max = scoreRow(q, qo, k, base, colIdx, start, cnt, d, scale, s);
      softmaxInPlace(s, cnt, max);
      if (hp !== null) for (let j = 0; j < cnt; j++) hp[start + j] = s[j]!;
      weightedRowSum(s, cnt, colIdx, start, v, base, d, out, qo);
    }
    if (probs !== undefined && hp !== null) probs.push(hp);
  }
  return { out, probs };
}

/**
 * Dense attention of all heads in TypeScript (every query attends to every key), the same arithmetic
 * as {@link sparseAttentionTs} without the column indirection. Inputs must already be validated.
 * Writes O ([heads][n][d]) into `out` (a new array when omitted) and returns it.
 */
export function denseAttentionRowsTs(
  t: AttentionTensors,
  scale: number,
  out: Float32Array = new Float32Array(t.heads * t.n * t.d),
): Float32Array {
  const heads = t.heads;
  const n = t.n;
  const d = t.d;
  const q = t.q;
  const k = t.k;
  const v = t.v;
  const s = scratchRow(n);
  for (let h = 0; h < heads; h++) {
    const base = h * n * d;
    for (let i = 0; i < n; i++) {
      const qo = base + i * d;
      const max = scoreRow(q, qo, k, base, null, 0, n, d, scale, s);
      softmaxInPlace(s, n, max);
      weightedRowSum(s, n, null, 0, v, base, d, out, qo);
    }
  }
  return out;
}

/** SDDMM alone in TypeScript: scaled scores at each head's kept entries (aligned with its colIdx). */
export function sddmmTs(t: AttentionTensors, masks: readonly CsrPattern[], scale: number): Float32Array[] {
  const n = t.n;
  const d = t.d;
  const q = t.q;
  const k = t.k;
  const s = scratchRow(n);
  const result: Float32Array[] = [];
  for (let h = 0; h < masks.length; h++) {
    const rowPtr = masks[h]!.rowPtr;
    const colIdx = masks[h]!.colIdx;
    const base = h * n * d;
    const scores = new Float32Array(colIdx.length);
    for (let i = 0; i < n; i++) {
      const start = rowPtr[i]!;
      const cnt = rowPtr[i + 1]! - start;
      scoreRow(q, base + i * d, k, base, colIdx, start, cnt, d, scale, s);
      for (let j = 0; j < cnt; j++) scores[start + j] = s[j]!;
    }
    result.push(scores);
  }
  return result;
}
