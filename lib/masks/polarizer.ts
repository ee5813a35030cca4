/**
 * ViTCoD's polarizer (its `reorder.py` step, re-implemented from ViTCoD's paper and repository): per head,
 * the "global token" columns — keys kept by more than `threshold` queries — are moved to the front so
 * the attention map splits into a denser block (columns 0..G−1) and a sparser remainder (columns G..N−1).
 *
 * Unlike the reference, this works for any token count (the reference uses the label 200 as a
 * temporary and silently breaks above 200 tokens).
 */
import { UserError } from "../errors.ts";
import { colCounts, nnz, permuteMask, type SparseMask } from "./sparse-mask.ts";

/** Default polarizer threshold used by ViTCoD (`calc(..., threshold=50)`): a column is global when its kept count is > 50. */
export const DEFAULT_POLARIZE_THRESHOLD = 50;

/** Result of {@link polarize} for one head. */
export interface PolarizeResult {
  /** G: number of global (dense) columns, i.e. columns with more than `threshold` kept entries. */
  globalTokens: number;
  /** The global column indices of the INPUT mask, ascending (h[0..G−1]). */
  globalColumns: Int32Array;
  /**
   * Permutation: position i of the polarized mask holds original token permutation[i]
   * (polarized entry (i, j) = original entry (permutation[i], permutation[j])).
   */
  permutation: Int32Array;
  /** The polarized mask (rows and columns permuted); its layout is dropped. */
  mask: SparseMask;
  /** Kept entries in the global columns 0..G−1 of the polarized mask (all rows). */
  denseNnz: number;
  /** Kept entries in the remaining columns G..N−1 (all rows). */
  sparseNnz: number;
}

/**
 * Polarizes one head's mask.
 *
 * 1. Count kept entries per column; the global columns are those with count > `threshold` (strictly),
 *    in ascending order h[0..G−1].
 * 2. The permutation starts as the identity; for i = 0..G−1 swap positions i and h[i] (a chain of swaps,
 *    not a stable partition: the global columns end at 0..G−1 in ascending order, and the tokens they
 *    displace land where the global ones were).
 * 3. The same permutation is applied to rows and columns.
 *
 * @param threshold default 50 (ViTCoD's value); a column is global iff its kept count is > threshold.
 */
export function polarize(mask: SparseMask, threshold: number = DEFAULT_POLARIZE_THRESHOLD): PolarizeResult {
  if (!Number.isFinite(threshold) || threshold < 0) throw new UserError(`polarizer threshold must be a number >= 0, got ${threshold}`);
  const counts = colCounts(mask);
  const global: number[] = [];
  let denseNnz = 0;
  for (let c = 0; c < mask.n; c++) {
    if (counts[c]! > threshold) {
      global.push(c);
      denseNnz += counts[c]!;
    }
  }
  const permutation = polarizerPermutation(mask.n, global);
  const permuted = permuteMask(mask, permutation);
  return {
    globalTokens: global.length,
    globalColumns: Int32Array.from(global),
    permutation,
    mask: permuted,
    denseNnz,
    sparseNnz: nnz(mask) - denseNnz,
  };
}

/**
 * The swap-chain permutation of the polarizer: identity on 0..n−1, then for i = 0..G−1 swap positions
 * i and globalColumns[i]. `globalColumns` must be strictly ascending and inside 0..n−1.
 */
export function polarizerPermutation(n: number, globalColumns: ArrayLike<number>): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < globalColumns.length; i++) {
    const h = globalColumns[i]!;
    if (h < 0 || h >= n || (i > 0 && h <= globalColumns[i - 1]!)) {
      throw new UserError(`global columns must be strictly ascending inside 0..${n - 1}; entry ${i} = ${h}`);
    }
    const t = perm[i]!;
    perm[i] = perm[h]!;
    perm[h] = t;
  }
  return perm;
}

/** Totals of the polarizer over a whole model. */
export interface PolarizeSummary {
  /** G per head, `[layer][head]`. */
  globalTokens: number[][];
  /** Sum of dense-column kept entries. */
  dense: number;
  /** Sum of sparse-column kept entries. */
  sparse: number;
  /** All kept entries (dense + sparse). */
  kept: number;
  /** Per-head results, `[layer][head]`. */
  results: PolarizeResult[][];
}

/** Polarizes every head of a `[layer][head]` model and sums the dense/sparse split. */
export function polarizeModel(masks: readonly (readonly SparseMask[])[], threshold: number = DEFAULT_POLARIZE_THRESHOLD): PolarizeSummary {
  let dense = 0;
  let sparse = 0;
  const results = masks.map((layer) =>
    layer.map((m) => {
      const r = polarize(m, threshold);
      dense += r.denseNnz;
      sparse += r.sparseNnz;
      return r;
    }),
  );
  return { globalTokens: results.map((l) => l.map((r) => r.globalTokens)), dense, sparse, kept: dense + sparse, results };
}
