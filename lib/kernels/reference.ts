/**
 * Dense reference attention: the float64 oracle every kernel is checked against, a float32 dense
 * version, and — for the regression test only — the "multiply scores by 0" masking bug.
 */
import type { CsrPattern } from "./csr.ts";
import { denseAttentionRowsTs } from "./sparse-ts.ts";
import { defaultScale, masksPerHead, validateFinite, validateShapes, type AttentionTensors } from "./tensors.ts";

/** Result of the float64 oracle: dense [heads][n][n] scores and probabilities, [heads][n][d] output. */
export interface ReferenceAttention {
  /** (q_i·k_j)·scale for every pair, masked or not. */
  scores: Float64Array;
  /** Softmax over each row's kept keys; exactly 0 at masked entries. */
  probs: Float64Array;
  /** Σ_j p_ij v_j. */
  out: Float64Array;
}

/**
 * Attention in float64 (the oracle): scores for all pairs, softmax over the kept keys only (all keys
 * when `mask` is omitted), output P·V. Memory is O(heads·n²): use for n up to a few hundred.
 */
export function referenceAttentionF64(
  t: AttentionTensors,
  mask?: CsrPattern | readonly CsrPattern[],
  scale: number = defaultScale(t.d),
): ReferenceAttention {
  validateShapes(t);
  validateFinite(t);
  const { heads, n, d } = t;
  const masks = mask === undefined ? undefined : masksPerHead(mask, t);
  const scores = new Float64Array(heads * n * n);
  const probs = new Float64Array(heads * n * n);
  const out = new Float64Array(heads * n * d);
  const keep = new Uint8Array(n);
  for (let h = 0; h < heads; h++) {
    const base = h * n * d;
    for (let i = 0; i < n; i++) {
      const srow = (h * n + i) * n;
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let c = 0; c < d; c++) acc += t.q[base + i * d + c]! * t.k[base + j * d + c]!;
        scores[srow + j] = acc * scale;
      }
      if (masks) {
        keep.fill(0);
        const m = masks[h]!;
        for (let p = m.rowPtr[i]!; p < m.rowPtr[i + 1]!; p++) keep[m.colIdx[p]!] = 1;
      } else keep.fill(1);
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (keep[j]) max = Math.max(max, scores[srow + j]!);
      let sum = 0;
      for (let j = 0; j < n; j++) {
        if (!keep[j]) continue;
        const e = Math.exp(scores[srow + j]! - max);
        probs[srow + j] = e;
        sum += e;
      }
      for (let j = 0; j < n; j++) probs[srow + j]! /= sum;
      for (let j = 0; j < n; j++) {
        const p = probs[srow + j]!;
        if (p === 0) continue;
        for (let c = 0; c < d; c++) out[base + i * d + c]! += p * t.v[base + j * d + c]!;
      }
    }
  }
  return { scores, probs, out };
}

/**
 * Dense attention in TypeScript with float32 storage (scores of one row at a time, O(n) scratch):
 * the portable form of the kit's dense attention. Validates `t` (shapes, finite values).
 */
export function denseAttentionTs(t: AttentionTensors, scale: number = defaultScale(t.d)): Float32Array {
  validateShapes(t);
  validateFinite(t);
  return denseAttentionRowsTs(t, scale);
}

/**
 * The masking bug this kit guards against (reproduced on purpose, for the regression test and the
 * notebook): a second implementation in the poster's repository multiplies masked scores by 0 and then
 * takes the softmax over the whole row, so masked keys get probability exp(0 − max)/Σ > 0 instead of 0.
 * Returns dense [heads][n][n] probabilities in float64.
 */
export function softmaxOfZeroedScoresF64(
  t: AttentionTensors,
  mask: CsrPattern | readonly CsrPattern[],
  scale: number = defaultScale(t.d),
): Float64Array {
  const { heads, n } = t;
  const masks = masksPerHead(mask, t);
  const { scores } = referenceAttentionF64(t, undefined, scale);
  const probs = new Float64Array(heads * n * n);
  const keep = new Uint8Array(n);
  for (let h = 0; h < heads; h++) {
    const m = masks[h]!;
    for (let i = 0; i < n; i++) {
      keep.fill(0);
      for (let p = m.rowPtr[i]!; p < m.rowPtr[i + 1]!; p++) keep[m.colIdx[p]!] = 1;
      const row = (h * n + i) * n;
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        const zeroed = scores[row + j]! * keep[j]!; // the bug: "mask" by multiplying with 0
        probs[row + j] = zeroed;
        max = Math.max(max, zeroed);
      }
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(probs[row + j]! - max);
        probs[row + j] = e;
        sum += e;
      }
      for (let j = 0; j < n; j++) probs[row + j]! /= sum;
    }
  }
  return probs;
}
