/**
 * ViTCoD's learned fixed sparse-attention masks of DeiT-tiny (`info_0.95`, from ViTCoD's repository) as kit masks.
 *
 * The data flows through the kit's data layer: the reference import (`npm run data:import`) writes the
 * KEPT entries of `info_0.95.npy` to the git-ignored `data/external/vitcod-mask-info-0.95.arrow`
 * (int32 columns layer, head, query, key; provenance extra.shape = "12,3,197,197"); this module reads it.
 */
import { existsSync } from "node:fs";
import { UserError } from "../errors.ts";
import { GLOBAL_TOKENS_FILE, MASK_ENTRIES_FILE, readVitcodGlobalTokens, readVitcodMaskEntries } from "../data/reference/vitcod-mask.ts";
import { externalDataPath } from "../paths.ts";
import { checkCsrSize, layoutFor, type SparseMask, type TokenLayout } from "./sparse-mask.ts";

/** File name of the imported ViTCoD mask table under `data/external/`. */
export const VITCOD_MASK_FILE = MASK_ENTRIES_FILE;

/**
 * Infers the token layout of n tokens of a square-grid ViT: n = s + g² with s ∈ {0, 1, 2}, preferring
 * one special token (CLS), then none, then two. Returns undefined when no square grid fits.
 */
export function inferSquareLayout(n: number): TokenLayout | undefined {
  for (const special of [1, 0, 2]) {
    const g = Math.round(Math.sqrt(n - special));
    if (n - special > 0 && g * g === n - special) return layoutFor(n, g, g);
  }
  return undefined;
}

/**
 * Builds `[layer][head]` masks from coordinate columns of KEPT entries of a (layers, heads, n, n) array.
 * Entries may come in any order. Throws {@link UserError} for an index outside the shape.
 */
export function masksFromKeptEntries(
  shape: readonly [number, number, number, number],
  layer: ArrayLike<number>,
  head: ArrayLike<number>,
  query: ArrayLike<number>,
  key: ArrayLike<number>,
  layout: TokenLayout | undefined = inferSquareLayout(shape[2]),
): SparseMask[][] {
  const [L, H, n, n2] = shape;
  if (n !== n2) throw new UserError(`mask shape ${shape.join("x")} is not square in its last two axes`);
  const m = layer.length;
  if (head.length !== m || query.length !== m || key.length !== m) throw new UserError("mask columns layer/head/query/key differ in length");
  const heads = L * H;
  // counting sort by (layer, head, query), then sort keys within each row.
  const rowCount = new Int32Array(heads * n + 1);
  for (let i = 0; i < m; i++) {
    const l = layer[i]!;
    const h = head[i]!;
    const q = query[i]!;
    const k = key[i]!;
    if (l < 0 || l >= L || h < 0 || h >= H || q < 0 || q >= n || k < 0 || k >= n) {
      throw new UserError(`kept entry #${i} (layer ${l}, head ${h}, query ${q}, key ${k}) is outside shape ${shape.join("x")}`);
    }
    rowCount[(l * H + h) * n + q + 1] += 1;
  }
  for (let i = 1; i < rowCount.length; i++) rowCount[i] += rowCount[i - 1]!;
  const fill = rowCount.slice(0, heads * n);
  const keys = new Int32Array(m);
  for (let i = 0; i < m; i++) keys[fill[(layer[i]! * H + head[i]!) * n + query[i]!]++] = key[i]!;
  const out: SparseMask[][] = [];
  for (let l = 0; l < L; l++) {
    const row: SparseMask[] = [];
    for (let h = 0; h < H; h++) {
      const base = (l * H + h) * n;
      const start = rowCount[base]!;
      const end = rowCount[base + n]!;
      const rowPtr = new Int32Array(n + 1);
      for (let q = 0; q <= n; q++) rowPtr[q] = rowCount[base + q]! - start;
      const colIdx = keys.slice(start, end);
      for (let q = 0; q < n; q++) {
        const seg = colIdx.subarray(rowPtr[q]!, rowPtr[q + 1]!).sort();
        for (let j = 1; j < seg.length; j++) {
          if (seg[j] === seg[j - 1]) throw new UserError(`duplicate kept entry (layer ${l}, head ${h}, query ${q}, key ${seg[j]})`);
        }
      }
      row.push(layout ? { n, layout, rowPtr, colIdx } : { n, rowPtr, colIdx });
    }
    out.push(row);
  }
  return out;
}

/**
 * Builds `[layer][head]` masks from a dense boolean array in ViTCoD's convention (nonzero = PRUNED),
 * e.g. the data of `info_0.95.npy`. Accepts shapes (L, H, n, n), (H, n, n) (one layer) or (n, n).
 */
export function masksFromPrunedArray(data: ArrayLike<number | boolean>, shape: readonly number[]): SparseMask[][] {
  let full: [number, number, number, number];
  if (shape.length === 4) full = [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
  else if (shape.length === 3) full = [1, shape[0]!, shape[1]!, shape[2]!];
  else if (shape.length === 2) full = [1, 1, shape[0]!, shape[1]!];
  else throw new UserError(`mask array has shape (${shape.join(", ")}); expected (layers, heads, n, n), (heads, n, n) or (n, n)`);
  const [L, H, n, n2] = full;
  if (full.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new UserError(`mask array has shape (${shape.join(", ")}); expected every dimension ≥ 1 (an empty mask has no tokens to simulate)`);
  }
  if (n !== n2) throw new UserError(`mask array shape (${shape.join(", ")}) is not square in its last two axes`);
  if (data.length !== L * H * n * n) throw new UserError(`mask array holds ${data.length} values, shape (${shape.join(", ")}) needs ${L * H * n * n}`);
  // One rule for every command: a mask holds booleans, or the numbers 0 and 1 exactly (1 = pruned);
  // NaN or any other number is an error, never silently counted as kept or pruned.
  for (let j = 0; j < data.length; j++) {
    const v = data[j];
    if (v !== true && v !== false && v !== 0 && v !== 1) {
      const at = [Math.floor(j / (H * n * n)), Math.floor(j / (n * n)) % H, Math.floor(j / n) % n, j % n];
      throw new UserError(`mask array value ${String(v)} at (${at.join(", ")}); expected a boolean mask (true/1 = pruned, false/0 = kept)`);
    }
  }
  // Two passes straight into CSR (no per-entry coordinate lists): count the kept entries, check the CSR
  // size against the memory budget before allocating it, then fill each head's row pointers and keys.
  let kept = 0;
  for (let j = 0; j < data.length; j++) if (!data[j]) kept++;
  checkCsrSize(L * H, n, kept, `mask array (${shape.join(", ")})`);
  const layout = inferSquareLayout(n);
  const out: SparseMask[][] = [];
  let i = 0;
  for (let l = 0; l < L; l++) {
    const row: SparseMask[] = [];
    for (let h = 0; h < H; h++) {
      let headKept = 0;
      for (let j = i; j < i + n * n; j++) if (!data[j]) headKept++;
      const rowPtr = new Int32Array(n + 1);
      const colIdx = new Int32Array(headKept);
      let p = 0;
      for (let q = 0; q < n; q++) {
        for (let k = 0; k < n; k++, i++) if (!data[i]) colIdx[p++] = k;
        rowPtr[q + 1] = p;
      }
      row.push(layout ? { n, layout, rowPtr, colIdx } : { n, rowPtr, colIdx });
    }
    out.push(row);
  }
  return out;
}

/**
 * Loads ViTCoD's learned DeiT-tiny masks as `[layer][head]` (12 × 3 masks of 197 tokens, 1 CLS + 14×14)
 * from the imported Arrow table (read by the reference layer's typed reader). Throws {@link UserError}
 * naming the file and the import command when it is missing.
 */
export function loadVitcodMasks(path: string = externalDataPath(MASK_ENTRIES_FILE)): SparseMask[][] {
  if (!existsSync(path)) {
    throw new UserError(`ViTCoD mask table not found: ${path} — run \`npm run data:import\` first (it reads ../shared/reference/vitcod/info_0.95.npy)`);
  }
  const e = readVitcodMaskEntries(path);
  return masksFromKeptEntries(e.shape, e.layer, e.head, e.query, e.key);
}

/** ViTCoD's own global-token table `[layer][head]` (the polarizer's reference output), from the imported Arrow file. */
export function loadVitcodGlobalTokens(path: string = externalDataPath(GLOBAL_TOKENS_FILE)): number[][] {
  if (!existsSync(path)) {
    throw new UserError(`ViTCoD global-token table not found: ${path} — run \`npm run data:import\` first`);
  }
  return readVitcodGlobalTokens(path).counts;
}
