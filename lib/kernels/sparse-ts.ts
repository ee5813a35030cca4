/**
 * Portable TypeScript sparse attention (the fallback when WebAssembly SIMD is unavailable):
 * SDDMM at the mask's kept entries, softmax over those entries only, SpMM with V.
 */
import type { CsrPattern } from "./csr.ts";
import type { AttentionTensors } from "./tensors.ts";

/**
 * Sparse attention of all heads in TypeScript. Inputs must already be validated (see
 * `sparseAttention` in attention.ts). Returns O ([heads][n][d]) and, when `withProbs`, one
 * probability array per head aligned with that head's colIdx.
 */
export function sparseAttentionTs(
  t: AttentionTensors,
  masks: readonly CsrPattern[],
  scale: number,
  withProbs: boolean,
): { out: Float32Array; probs?: Float32Array[] } {
  const { heads, n, d, q, k, v } = t;
  const out = new Float32Array(heads * n * d);
  const probs: Float32Array[] | undefined = withProbs ? [] : undefined;
  let maxRow = 0;
  for (const m of masks) for (let i = 0; i < n; i++) maxRow = Math.max(maxRow, m.rowPtr[i + 1]! - m.rowPtr[i]!);
  const s = new Float64Array(maxRow);
  const acc = new Float64Array(d);
  for (let h = 0; h < heads; h++) {
    const { rowPtr, colIdx } = masks[h]!;
    const base = h * n * d;
    const hp = withProbs ? new Float32Array(colIdx.length) : undefined;
    for (let i = 0; i < n; i++) {
      const start = rowPtr[i]!;
      const cnt = rowPtr[i + 1]! - start;
      const qo = base + i * d;
      let max = -Infinity;
      for (let jj = 0; jj < cnt; jj++) {
        const ko = base + colIdx[start + jj]! * d;
        let dot = 0;
        for (let c = 0; c < d; c++) dot += q[qo + c]! * k[ko + c]!;
        const x = dot * scale;
        s[jj] = x;
        if (x > max) max = x;
      }
      let sum = 0;
      for (let jj = 0; jj < cnt; jj++) {
        const e = Math.exp(s[jj]! - max);
        s[jj] = e;
        sum += e;
      }
      acc.fill(0);
      for (let jj = 0; jj < cnt; jj++) {
        const p = s[jj]! / sum;
        if (hp) hp[start + jj] = p;
        const vo = base + colIdx[start + jj]! * d;
        for (let c = 0; c < d; c++) acc[c]! += p * v[vo + c]!;
      }
      out.set(acc, qo);
    }
    if (probs && hp) probs.push(hp);
  }
  return { out, probs };
}

/** SDDMM alone in TypeScript: scaled scores at each head's kept entries (aligned with its colIdx). */
export function sddmmTs(t: AttentionTensors, masks: readonly CsrPattern[], scale: number): Float32Array[] {
  const { n, d, q, k } = t;
  return masks.map(({ rowPtr, colIdx }, h) => {
    const base = h * n * d;
    const out = new Float32Array(colIdx.length);
    for (let i = 0; i < n; i++) {
      const qo = base + i * d;
      for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
        const ko = base + colIdx[p]! * d;
        let dot = 0;
        for (let c = 0; c < d; c++) dot += q[qo + c]! * k[ko + c]!;
        out[p] = dot * scale;
      }
    }
    return out;
  });
}
