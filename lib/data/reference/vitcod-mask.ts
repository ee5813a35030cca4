/**
 * ViTCoD's DeiT-tiny attention mask at ~95% sparsity (`info_0.95.npy`) and its polarizer's global-token
 * counts (`global_token_info_0.95.npy`): conversion to `data/external/vitcod-mask-info-0.95.arrow` and
 * `data/external/vitcod-global-tokens-0.95.arrow`, and typed readers.
 *
 * The raw mask is bool (layer, head, query, key) with True = PRUNED. The Arrow file lists the KEPT entries
 * (False in the raw file) in C order, one row (layer, head, query, key) each, with the full shape in the
 * metadata (`shape`). This is a lossless re-encoding of ViTCoD's published mask (the kept list is exactly
 * the complement of the True entries; no value is computed), hence kind `reported`. The global-token counts
 * are ViTCoD's own numbers (float64 in the raw file, all integral), stored as int32: also `reported`.
 */
import { readArrowTable, type ColumnSpec, type DataTable } from "../arrow-table.ts";
import { UserError } from "../../errors.ts";
import { externalDataPath } from "../../paths.ts";
import { parseNpy } from "../npy.ts";
import type { ReferenceFile } from "./manifest.ts";
import { referenceProvenance } from "./provenance.ts";

/** File names under `data/external/`. */
export const MASK_ENTRIES_FILE = "vitcod-mask-info-0.95.arrow";
export const GLOBAL_TOKENS_FILE = "vitcod-global-tokens-0.95.arrow";

/** Columns of the kept-entry list. */
export const MASK_ENTRIES_SCHEMA: readonly ColumnSpec[] = [
  { name: "layer", type: "int32", description: "encoder layer (block) index" },
  { name: "head", type: "int32", description: "attention head index" },
  { name: "query", type: "int32", unit: "token", description: "query token (row); 0 = CLS, 1..196 = 14x14 patches row-major" },
  { name: "key", type: "int32", unit: "token", description: "key token (column); 0 = CLS, 1..196 = 14x14 patches row-major" },
];

/** Columns of the global-token table. */
export const GLOBAL_TOKENS_SCHEMA: readonly ColumnSpec[] = [
  { name: "layer", type: "int32", description: "encoder layer (block) index" },
  { name: "head", type: "int32", description: "attention head index" },
  { name: "globalTokens", type: "int32", unit: "token", description: "number of global (denser) key columns the polarizer found" },
];

/** Kept entries of ViTCoD's mask. */
export interface VitcodMaskEntries {
  /** (layers, heads, queries, keys), e.g. [12, 3, 197, 197]. */
  shape: [number, number, number, number];
  /** Coordinates of the kept entries, C order, one element per kept entry. */
  layer: Int32Array;
  head: Int32Array;
  query: Int32Array;
  key: Int32Array;
}

/** ViTCoD's global-token counts. */
export interface VitcodGlobalTokens {
  layers: number;
  heads: number;
  /** counts[layer][head]. */
  counts: number[][];
}

/**
 * Converts `info_0.95.npy` to the kept-entry table.
 * @throws NpyFormatError / UserError naming the file when it is not a 4-D bool array
 */
export function maskEntriesTable(bytes: Uint8Array, file: ReferenceFile): DataTable {
  const npy = parseNpy(bytes, file.name);
  if (npy.dtype !== "bool" || npy.shape.length !== 4) {
    throw new UserError(`${file.name}: expected a 4-D bool array (layer, head, query, key), found ${npy.dtype} of shape (${npy.shape.join(", ")})`);
  }
  const [L, H, Q, K] = npy.shape as [number, number, number, number];
  const pruned = npy.data as Uint8Array;
  let kept = 0;
  for (let i = 0; i < pruned.length; i++) if (pruned[i] === 0) kept++;
  const layer = new Int32Array(kept);
  const head = new Int32Array(kept);
  const query = new Int32Array(kept);
  const key = new Int32Array(kept);
  let n = 0;
  for (let i = 0; i < pruned.length; i++) {
    if (pruned[i] !== 0) continue;
    key[n] = i % K;
    query[n] = Math.floor(i / K) % Q;
    head[n] = Math.floor(i / (K * Q)) % H;
    layer[n] = Math.floor(i / (K * Q * H));
    n++;
  }
  const total = L * H * Q * K;
  return {
    columns: { layer, head, query, key },
    provenance: referenceProvenance(
      file,
      "reported",
      "KEPT entries (False = kept in the raw file, where True = pruned) of ViTCoD's fixed sparse attention mask of DeiT-tiny at ~95% sparsity, one row per kept (layer, head, query, key) in C order; lossless re-encoding of info_0.95.npy",
      {
        shape: `${L},${H},${Q},${K}`,
        keptEntries: String(kept),
        totalEntries: String(total),
        density: (kept / total).toFixed(6),
        rawEncoding: "bool, True = pruned, False = kept",
      },
    ),
  };
}

/**
 * Converts `global_token_info_0.95.npy` to the (layer, head, globalTokens) table.
 * @throws UserError naming the file when it is not a 2-D float64/int array of non-negative integers
 */
export function globalTokensTable(bytes: Uint8Array, file: ReferenceFile): DataTable {
  const npy = parseNpy(bytes, file.name);
  if (npy.shape.length !== 2 || npy.dtype === "int64" || npy.dtype === "bool") {
    throw new UserError(`${file.name}: expected a 2-D numeric array (layer, head), found ${npy.dtype} of shape (${npy.shape.join(", ")})`);
  }
  const [L, H] = npy.shape as [number, number];
  const values = Array.from(npy.data as ArrayLike<number>);
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) {
      throw new UserError(`${file.name}: entry (${Math.floor(i / H)}, ${i % H}) is ${v}, expected a non-negative integer token count`);
    }
  });
  const layer: number[] = [];
  const head: number[] = [];
  for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) (layer.push(l), head.push(h));
  return {
    columns: { layer, head, globalTokens: values },
    provenance: referenceProvenance(
      file,
      "reported",
      "Number of global (denser) key columns per (layer, head) that ViTCoD's polarizer (reorder.py) found in info_0.95.npy; stored as int32 (float64 in the raw file, all integral)",
      { shape: `${L},${H}`, rawDtype: npy.descr },
    ),
  };
}

/**
 * Reads the kept entries of ViTCoD's mask from `data/external/vitcod-mask-info-0.95.arrow`.
 * @throws DataFileError when the file is missing or does not match the schema
 */
export function readVitcodMaskEntries(path: string = externalDataPath(MASK_ENTRIES_FILE)): VitcodMaskEntries {
  const table = readArrowTable(path, MASK_ENTRIES_SCHEMA);
  const shapeText = table.provenance.extra?.shape ?? "";
  const shape = shapeText.split(",").map(Number);
  if (shape.length !== 4 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new UserError(`${path}: metadata "shape" is ${JSON.stringify(shapeText)}, expected four positive integers like "12,3,197,197"`);
  }
  return {
    shape: shape as [number, number, number, number],
    layer: table.columns.layer as Int32Array,
    head: table.columns.head as Int32Array,
    query: table.columns.query as Int32Array,
    key: table.columns.key as Int32Array,
  };
}

/**
 * Reads ViTCoD's global-token counts (a layers × heads table, 12 × 3) from
 * `data/external/vitcod-global-tokens-0.95.arrow`.
 * @throws DataFileError / UserError when the file is missing, malformed or not a full grid
 */
export function readVitcodGlobalTokens(path: string = externalDataPath(GLOBAL_TOKENS_FILE)): VitcodGlobalTokens {
  const table = readArrowTable(path, GLOBAL_TOKENS_SCHEMA);
  const layer = table.columns.layer as Int32Array;
  const head = table.columns.head as Int32Array;
  const g = table.columns.globalTokens as Int32Array;
  const layers = layer.length === 0 ? 0 : Math.max(...layer) + 1;
  const heads = head.length === 0 ? 0 : Math.max(...head) + 1;
  if (layers * heads !== g.length) throw new UserError(`${path}: expected a full layer x head grid, found ${g.length} rows for ${layers} x ${heads}`);
  const counts = Array.from({ length: layers }, () => new Array<number>(heads).fill(-1));
  for (let i = 0; i < g.length; i++) counts[layer[i]!]![head[i]!] = g[i]!;
  if (counts.some((row) => row.includes(-1))) throw new UserError(`${path}: some (layer, head) pairs are missing or repeated`);
  return { layers, heads, counts };
}
