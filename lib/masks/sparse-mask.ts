/**
 * The sparse attention-mask type used across the kit: an n×n boolean matrix (row = query token,
 * column = key token, true = the entry is KEPT / computed) stored as CSR, with an optional token layout
 * (special tokens first, then the patch grid in row-major order).
 *
 * Everything here is exact integer bookkeeping; no floating point except in the ratios.
 */
import { UserError } from "../errors.ts";
import { checkMemory, formatBytes, MEMORY_LIMIT_ENV, memoryLimit } from "../memory-budget.ts";

/**
 * How the n tokens of a ViT are laid out: `special` tokens (CLS, distillation) first, then the
 * `gridH × gridW` patches in row-major order. n = special + gridH·gridW.
 */
export interface TokenLayout {
  special: number;
  gridH: number;
  gridW: number;
}

/**
 * A sparse n×n attention mask in CSR form. Entry (q, k) is kept iff k appears in
 * `colIdx[rowPtr[q] .. rowPtr[q+1])`. Column indices are strictly ascending within each row.
 */
export interface SparseMask {
  /** Number of tokens (rows = columns). */
  n: number;
  /** Token layout, when the tokens are a patch grid (needed for spatial metrics). */
  layout?: TokenLayout;
  /** Row pointers, length n+1, rowPtr[0] = 0, rowPtr[n] = nnz. */
  rowPtr: Int32Array;
  /** Column indices, length nnz, sorted ascending within each row, no duplicates. */
  colIdx: Int32Array;
}

/** Number of tokens of a layout: special + gridH·gridW. */
export function layoutTokens(layout: TokenLayout): number {
  return layout.special + layout.gridH * layout.gridW;
}

/**
 * Builds the layout of `n` tokens on a `gridH × gridW` patch grid, inferring the number of special
 * tokens as n − gridH·gridW. Throws {@link UserError} when that is not 0, 1 or 2 (a grid that does not
 * match the token count).
 */
export function layoutFor(n: number, gridH: number, gridW: number): TokenLayout {
  const special = n - gridH * gridW;
  if (!Number.isInteger(n) || special < 0 || special > 2) {
    throw new UserError(
      `grid ${gridH}x${gridW} (${gridH * gridW} patches) does not match ${n} tokens: expected ` +
        `${gridH * gridW}, ${gridH * gridW + 1} or ${gridH * gridW + 2} tokens (0, 1 or 2 special tokens)`,
    );
  }
  return { special, gridH, gridW };
}

/** The most kept entries (and tokens) one CSR mask can index: its row pointers are 32-bit signed integers. */
export const CSR_MAX_ENTRIES = 2 ** 31 - 1;

/** Bytes of `masks` CSR masks of `n` tokens holding `kept` kept entries in all: row pointers plus column indices. */
export function csrBytes(masks: number, n: number, kept: number): number {
  return 4 * (masks * (n + 1) + kept);
}

/**
 * Checks, before allocating, that `masks` CSR masks of `n` tokens with `kept` kept entries in all fit: each
 * mask's entries within the 32-bit index range ({@link CSR_MAX_ENTRIES}) and the bytes within the memory
 * budget (`lib/memory-budget.ts`). Plain-number arithmetic, exact far beyond 2³¹.
 * @param what the input, for the message (e.g. `a 31623x31623 window mask`)
 * @throws UserError of one line naming the size and the limit
 */
export function checkCsrSize(masks: number, n: number, kept: number, what: string): void {
  const bytes = csrBytes(masks, n, kept);
  const perMask = masks > 0 ? Math.ceil(kept / masks) : 0;
  if (n + 1 > CSR_MAX_ENTRIES || perMask > CSR_MAX_ENTRIES) {
    // Not a budget question: no memory limit makes 32-bit row pointers index this, so say both limits.
    throw new UserError(
      `${what} (${n} tokens, ${kept} kept entries) needs ${formatBytes(bytes)} in CSR form (memory limit ${formatBytes(memoryLimit())}, ${MEMORY_LIMIT_ENV}) ` +
        `and more than the ${CSR_MAX_ENTRIES} entries one CSR mask can index (32-bit row pointers); use a smaller input`,
    );
  }
  checkMemory(bytes, `${what} (${n} tokens, ${kept} kept entries) in CSR form`);
}

/** Number of kept entries of a mask. */
export function nnz(mask: SparseMask): number {
  return mask.rowPtr[mask.n]!;
}

/** Number of entries of the full n×n map, n². */
export function denseEntries(mask: SparseMask): number {
  return mask.n * mask.n;
}

/** Share of kept entries, nnz / n² (0..1). */
export function density(mask: SparseMask): number {
  return mask.n === 0 ? 0 : nnz(mask) / (mask.n * mask.n);
}

/** Share of pruned entries, 1 − nnz / n² (0..1). Multiply by 100 for the percentage the papers quote. */
export function pruningRatio(mask: SparseMask): number {
  return 1 - density(mask);
}

/** Kept entries per row (query). */
export function rowCounts(mask: SparseMask): Int32Array {
  const out = new Int32Array(mask.n);
  for (let r = 0; r < mask.n; r++) out[r] = mask.rowPtr[r + 1]! - mask.rowPtr[r]!;
  return out;
}

/** Kept entries per column (key). */
export function colCounts(mask: SparseMask): Int32Array {
  const out = new Int32Array(mask.n);
  for (let i = 0; i < mask.colIdx.length; i++) out[mask.colIdx[i]!] += 1;
  return out;
}

/** The column indices of row `r` (a view, not a copy). */
export function rowCols(mask: SparseMask, r: number): Int32Array {
  return mask.colIdx.subarray(mask.rowPtr[r]!, mask.rowPtr[r + 1]!);
}

/** Whether entry (r, c) is kept (binary search in row r). */
export function hasEntry(mask: SparseMask, r: number, c: number): boolean {
  let lo = mask.rowPtr[r]!;
  let hi = mask.rowPtr[r + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = mask.colIdx[mid]!;
    if (v === c) return true;
    if (v < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Builds a mask from a dense row-major n×n bitmap where a truthy / nonzero value means KEPT.
 * (For ViTCoD's `info` arrays, where True means pruned, pass `keptWhen: 0`.)
 */
export function maskFromBitmap(
  bitmap: ArrayLike<number | boolean>,
  n: number,
  opts: { layout?: TokenLayout; keptWhen?: 0 | 1; offset?: number } = {},
): SparseMask {
  const offset = opts.offset ?? 0;
  if (bitmap.length < offset + n * n) {
    throw new UserError(`bitmap holds ${bitmap.length - offset} entries from offset ${offset}, expected ${n}x${n} = ${n * n}`);
  }
  const keptWhenTruthy = (opts.keptWhen ?? 1) === 1;
  const rowPtr = new Int32Array(n + 1);
  let count = 0;
  for (let i = 0; i < n * n; i++) if (Boolean(bitmap[offset + i]) === keptWhenTruthy) count++;
  const colIdx = new Int32Array(count);
  let k = 0;
  for (let r = 0; r < n; r++) {
    const base = offset + r * n;
    for (let c = 0; c < n; c++) if (Boolean(bitmap[base + c]) === keptWhenTruthy) colIdx[k++] = c;
    rowPtr[r + 1] = k;
  }
  return withLayout({ n, rowPtr, colIdx }, opts.layout);
}

/** Dense row-major n×n bitmap of a mask: 1 = kept, 0 = pruned. */
export function toBitmap(mask: SparseMask): Uint8Array {
  const out = new Uint8Array(mask.n * mask.n);
  for (let r = 0; r < mask.n; r++) {
    for (let p = mask.rowPtr[r]!; p < mask.rowPtr[r + 1]!; p++) out[r * mask.n + mask.colIdx[p]!] = 1;
  }
  return out;
}

/**
 * Builds a mask from per-row lists of kept columns (any order, duplicates allowed; they are sorted and
 * de-duplicated). Throws when a column is out of range.
 */
export function maskFromRows(n: number, rows: ArrayLike<ArrayLike<number>>, layout?: TokenLayout): SparseMask {
  if (rows.length !== n) throw new UserError(`maskFromRows: ${rows.length} rows given for n = ${n}`);
  const rowPtr = new Int32Array(n + 1);
  const parts: Int32Array[] = [];
  let total = 0;
  for (let r = 0; r < n; r++) {
    const sorted = Int32Array.from(rows[r]!).sort();
    let m = 0;
    for (let i = 0; i < sorted.length; i++) {
      const c = sorted[i]!;
      if (c < 0 || c >= n || !Number.isInteger(c)) throw new UserError(`maskFromRows: column ${c} in row ${r} is outside 0..${n - 1}`);
      if (m === 0 || sorted[m - 1] !== c) sorted[m++] = c;
    }
    parts.push(sorted.subarray(0, m));
    total += m;
    rowPtr[r + 1] = total;
  }
  const colIdx = new Int32Array(total);
  let off = 0;
  for (const p of parts) {
    colIdx.set(p, off);
    off += p.length;
  }
  return withLayout({ n, rowPtr, colIdx }, layout);
}

/**
 * Builds a mask from coordinate lists (row[i], col[i]) of kept entries, any order, duplicates removed.
 */
export function maskFromCoo(n: number, rows: ArrayLike<number>, cols: ArrayLike<number>, layout?: TokenLayout): SparseMask {
  if (rows.length !== cols.length) throw new UserError(`maskFromCoo: ${rows.length} rows but ${cols.length} columns`);
  const perRow: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r < 0 || r >= n || !Number.isInteger(r)) throw new UserError(`maskFromCoo: row ${r} is outside 0..${n - 1}`);
    perRow[r]!.push(cols[i]!);
  }
  return maskFromRows(n, perRow, layout);
}

/** The all-kept n×n mask (a dense attention block). */
export function denseMask(n: number, layout?: TokenLayout): SparseMask {
  checkCsrSize(1, n, n * n, `a dense ${n}x${n} mask`);
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(n * n);
  for (let r = 0; r < n; r++) {
    rowPtr[r + 1] = (r + 1) * n;
    for (let c = 0; c < n; c++) colIdx[r * n + c] = c;
  }
  return withLayout({ n, rowPtr, colIdx }, layout);
}

/**
 * Applies a symmetric permutation: the result's entry (i, j) equals the input's entry
 * (perm[i], perm[j]). `perm` must be a permutation of 0..n−1. The layout is dropped (the permuted
 * tokens are no longer a row-major grid).
 */
export function permuteMask(mask: SparseMask, perm: ArrayLike<number>): SparseMask {
  const n = mask.n;
  if (perm.length !== n) throw new UserError(`permutation has ${perm.length} entries, mask has ${n} tokens`);
  const inverse = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const p = perm[i]!;
    if (p < 0 || p >= n || inverse[p] !== -1) throw new UserError(`not a permutation of 0..${n - 1}: entry ${i} = ${p}`);
    inverse[p] = i;
  }
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(nnz(mask));
  let k = 0;
  for (let i = 0; i < n; i++) {
    const src = perm[i]!;
    const start = k;
    for (let p = mask.rowPtr[src]!; p < mask.rowPtr[src + 1]!; p++) colIdx[k++] = inverse[mask.colIdx[p]!]!;
    colIdx.subarray(start, k).sort();
    rowPtr[i + 1] = k;
  }
  return { n, rowPtr, colIdx };
}

/**
 * Checks the CSR invariants (pointer monotonicity, column range, strictly ascending columns, layout
 * size). Returns a list of problems; empty when the mask is valid.
 */
export function validateMask(mask: SparseMask): string[] {
  const problems: string[] = [];
  const { n, rowPtr, colIdx } = mask;
  if (rowPtr.length !== n + 1) problems.push(`rowPtr has ${rowPtr.length} entries, expected n+1 = ${n + 1}`);
  if (rowPtr[0] !== 0) problems.push(`rowPtr[0] = ${rowPtr[0]}, expected 0`);
  if (rowPtr[n] !== colIdx.length) problems.push(`rowPtr[n] = ${rowPtr[n]} but colIdx has ${colIdx.length} entries`);
  for (let r = 0; r < n && problems.length < 10; r++) {
    if (rowPtr[r + 1]! < rowPtr[r]!) problems.push(`rowPtr decreases at row ${r}`);
    for (let p = rowPtr[r]!; p < rowPtr[r + 1]!; p++) {
      const c = colIdx[p]!;
      if (c < 0 || c >= n) problems.push(`row ${r}: column ${c} out of range`);
      if (p > rowPtr[r]! && colIdx[p - 1]! >= c) problems.push(`row ${r}: columns not strictly ascending at ${p}`);
    }
  }
  if (mask.layout && layoutTokens(mask.layout) !== n) {
    problems.push(`layout ${mask.layout.special}+${mask.layout.gridH}x${mask.layout.gridW} ≠ ${n} tokens`);
  }
  return problems;
}

/** Whether two masks hold exactly the same kept entries (layouts are ignored). */
export function masksEqual(a: SparseMask, b: SparseMask): boolean {
  if (a.n !== b.n || nnz(a) !== nnz(b)) return false;
  for (let i = 0; i <= a.n; i++) if (a.rowPtr[i] !== b.rowPtr[i]) return false;
  for (let i = 0; i < a.colIdx.length; i++) if (a.colIdx[i] !== b.colIdx[i]) return false;
  return true;
}

/** Per-mask statistics: kept entries, full size, density and pruning ratio (both 0..1). */
export interface MaskStats {
  nnz: number;
  entries: number;
  density: number;
  pruningRatio: number;
}

/** Statistics of one mask (one head). */
export function maskStats(mask: SparseMask): MaskStats {
  const kept = nnz(mask);
  const entries = mask.n * mask.n;
  return { nnz: kept, entries, density: entries === 0 ? 0 : kept / entries, pruningRatio: entries === 0 ? 0 : 1 - kept / entries };
}

/** Statistics summed over a group of masks (the heads of a layer, or any set). */
export function sumStats(masks: readonly SparseMask[]): MaskStats {
  let kept = 0;
  let entries = 0;
  for (const m of masks) {
    kept += nnz(m);
    entries += m.n * m.n;
  }
  return { nnz: kept, entries, density: entries === 0 ? 0 : kept / entries, pruningRatio: entries === 0 ? 0 : 1 - kept / entries };
}

/**
 * Statistics of a whole model given as `[layer][head]` masks, where a `null` layer is a DENSE layer
 * of `denseTokens` tokens and `heads` heads that is not pruned.
 *
 * - `sparseLayersOnly`: sums over the masked layers only (what a paper quoting "the attention map is
 *   pruned by X %" usually means);
 * - `wholeModel`: the dense layers' n² entries per head count too (the attention work actually saved).
 */
export function modelStats(
  layers: ReadonlyArray<readonly SparseMask[] | null>,
  dense: { tokens: number; heads: number } = { tokens: 0, heads: 0 },
): { perLayer: MaskStats[]; sparseLayersOnly: MaskStats; wholeModel: MaskStats } {
  const perLayer: MaskStats[] = [];
  let sk = 0;
  let se = 0;
  let wk = 0;
  let we = 0;
  for (const layer of layers) {
    if (layer === null) {
      const e = dense.tokens * dense.tokens * dense.heads;
      perLayer.push({ nnz: e, entries: e, density: e === 0 ? 0 : 1, pruningRatio: 0 });
      wk += e;
      we += e;
    } else {
      const s = sumStats(layer);
      perLayer.push(s);
      sk += s.nnz;
      se += s.entries;
      wk += s.nnz;
      we += s.entries;
    }
  }
  const mk = (k: number, e: number): MaskStats => ({ nnz: k, entries: e, density: e === 0 ? 0 : k / e, pruningRatio: e === 0 ? 0 : 1 - k / e });
  return { perLayer, sparseLayersOnly: mk(sk, se), wholeModel: mk(wk, we) };
}

/** Spatial (row, column) of a patch token on its grid, or null for a special token. */
export function patchPosition(layout: TokenLayout, token: number): { row: number; col: number } | null {
  const p = token - layout.special;
  if (p < 0) return null;
  return { row: Math.floor(p / layout.gridW), col: p % layout.gridW };
}

function withLayout(mask: SparseMask, layout: TokenLayout | undefined): SparseMask {
  if (layout === undefined) return mask;
  if (layoutTokens(layout) !== mask.n) {
    throw new UserError(
      `grid ${layout.gridH}x${layout.gridW} with ${layout.special} special token(s) = ${layoutTokens(layout)} tokens does not match the mask's ${mask.n} tokens`,
    );
  }
  return { ...mask, layout };
}
