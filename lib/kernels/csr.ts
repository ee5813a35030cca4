/**
 * The sparsity pattern the attention kernels consume: compressed sparse rows (CSR) over an n×n
 * attention map, one row per query, sorted key columns per row. `SparseMask` from `lib/masks`
 * satisfies this interface structurally, so masks are passed to the kernels as they are.
 */
import { UserError } from "../errors.ts";

/** A CSR pattern over an n×n attention map (row = query token, column = key token). */
export interface CsrPattern {
  /** Number of tokens (rows = columns). */
  readonly n: number;
  /** Row pointers, length n + 1, rowPtr[0] = 0, non-decreasing; row i spans colIdx[rowPtr[i]..rowPtr[i+1]). */
  readonly rowPtr: Int32Array;
  /** Column indices, strictly increasing within each row, each in [0, n). */
  readonly colIdx: Int32Array;
}

/** Number of kept (nonzero) entries of a pattern. */
export function csrNnz(mask: CsrPattern): number {
  return mask.rowPtr[mask.n] ?? 0;
}

/** Largest number of kept keys in any row. */
export function csrMaxRowLength(mask: CsrPattern): number {
  let best = 0;
  for (let i = 0; i < mask.n; i++) best = Math.max(best, mask.rowPtr[i + 1]! - mask.rowPtr[i]!);
  return best;
}

/**
 * Checks that `mask` is a well-formed CSR pattern over `n` tokens whose every row keeps at least one
 * key (softmax over an empty row is undefined). Throws {@link UserError} naming the first defect.
 */
export function validateCsr(mask: CsrPattern, n: number, label = "mask"): void {
  if (mask.n !== n) throw new UserError(`${label}: covers n = ${mask.n} tokens, but the tensors have n = ${n}`);
  const { rowPtr, colIdx } = mask;
  if (!(rowPtr instanceof Int32Array) || !(colIdx instanceof Int32Array)) {
    throw new UserError(`${label}: rowPtr and colIdx must be Int32Array`);
  }
  if (rowPtr.length !== n + 1) throw new UserError(`${label}: rowPtr has length ${rowPtr.length}, expected n + 1 = ${n + 1}`);
  if (rowPtr[0] !== 0) throw new UserError(`${label}: rowPtr[0] is ${rowPtr[0]}, expected 0`);
  if (rowPtr[n] !== colIdx.length) {
    throw new UserError(`${label}: rowPtr[n] = ${rowPtr[n]} but colIdx has ${colIdx.length} entries`);
  }
  for (let i = 0; i < n; i++) {
    const start = rowPtr[i]!;
    const end = rowPtr[i + 1]!;
    if (end < start) throw new UserError(`${label}: rowPtr decreases at row ${i} (${start} > ${end})`);
    if (end === start) {
      throw new UserError(`${label}: row ${i} keeps no key; softmax needs at least one kept key per query`);
    }
    let prev = -1;
    for (let p = start; p < end; p++) {
      const c = colIdx[p]!;
      if (c < 0 || c >= n) throw new UserError(`${label}: row ${i} has column ${c}, expected 0 ≤ column < ${n}`);
      if (c <= prev) throw new UserError(`${label}: row ${i} columns are not strictly increasing (${prev} then ${c})`);
      prev = c;
    }
  }
}

/**
 * Builds a CSR pattern from a predicate `keep(query, key)`; used by tests and small examples
 * (the kit's real masks come from `lib/masks`).
 */
export function csrFromPredicate(n: number, keep: (query: number, key: number) => boolean): CsrPattern {
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (keep(i, j)) cols.push(j);
    rowPtr[i + 1] = cols.length;
  }
  return { n, rowPtr, colIdx: Int32Array.from(cols) };
}

/** The full (dense) pattern over n tokens: every query keeps every key. */
export function denseCsr(n: number): CsrPattern {
  return csrFromPredicate(n, () => true);
}

/**
 * Expands per-entry values aligned with `mask.colIdx` into a dense row-major n×n map; entries the
 * mask does not keep are exactly 0.
 */
export function scatterToDense(mask: CsrPattern, values: ArrayLike<number>): Float64Array {
  const { n, rowPtr, colIdx } = mask;
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) dense[i * n + colIdx[p]!] = values[p]!;
  }
  return dense;
}
