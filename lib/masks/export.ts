/**
 * Masks out of the kit, so PyTorch code, NumPy or ViTCoD's own simulator can use them:
 * - `.npy`: a bool array, shape (tokens, tokens) for one mask or (layers, heads, tokens, tokens) for a
 *   whole-model schedule, in one of two conventions ({@link NpyConvention}): `pruned` (the default, ViTCoD's
 *   `info_0.95.npy`: **True = pruned**; also `masked_fill` and `nn.MultiheadAttention`'s bool `attn_mask`) or
 *   `keep` (**True = attend**, the bool `attn_mask` of `torch.nn.functional.scaled_dot_product_attention`);
 * - `.arrow`: the KEPT entries, one row (layer, head, query, key) each in C order, with the same schema as the
 *   imported ViTCoD masks (`data/external/vitcod-mask-info-0.95.arrow`) and the full shape in the metadata.
 *
 * Exact integer bookkeeping: the number of True entries written is Σ(n² − nnz) over the masks.
 */
import { dirname, extname } from "node:path";
import { UserError } from "../errors.ts";
import { checkMemory } from "../memory-budget.ts";
import { checkFreeSpace } from "../data/output-guard.ts";
import { writeArrowTable, type DataTable } from "../data/arrow-table.ts";
import { encodeNpy, NPY_MAX_DATA_BYTES, writeNpy } from "../data/npy-write.ts";
import { MASK_ENTRIES_SCHEMA } from "../data/reference/vitcod-mask.ts";
import { nnz, type SparseMask } from "./sparse-mask.ts";
import { windowSchedule, type WindowOptions } from "./window.ts";

/** The shape of an export: one mask (tokens, tokens) or a model (layers, heads, tokens, tokens). */
export type ExportShape = [number, number] | [number, number, number, number];

/**
 * What True means in an exported `.npy`: `pruned` = the entry is masked out (ViTCoD's convention, the default;
 * PyTorch `scores.masked_fill(mask, -inf)` and `nn.MultiheadAttention(attn_mask=mask)`), `keep` = the entry is
 * computed (PyTorch `F.scaled_dot_product_attention(attn_mask=mask)`).
 */
export type NpyConvention = "pruned" | "keep";

/** The conventions, in the order `--convention` lists them. */
export const NPY_CONVENTIONS: readonly NpyConvention[] = ["pruned", "keep"];

/** A set of masks to export: `[layer][head]`, every mask with the same token count. */
export interface MaskExport {
  masks: SparseMask[][];
  /** Write one (tokens, tokens) array instead of (layers, heads, tokens, tokens); needs exactly one mask. */
  single: boolean;
  /** What the masks are, stored in the Arrow provenance (e.g. the command line that made them). */
  description: string;
  /** The command that wrote the file, stored in the Arrow provenance. */
  generator: string;
  /** What True means in a `.npy` (default `pruned`, ViTCoD's); the `.arrow` export always lists kept entries. */
  convention?: NpyConvention;
}

/** Counts of an export. */
export interface ExportCounts {
  shape: ExportShape;
  /** Entries in all masks (Π shape). */
  entries: number;
  /** Kept (computed) entries: False in the .npy, rows in the .arrow. */
  kept: number;
  /** Pruned entries: True in a `pruned`-convention .npy. */
  pruned: number;
  /** pruned / entries over the whole array: the whole-model pruning ratio of a (layers, heads, …) export. */
  pruningRatio: number;
}

function checkMasks(e: MaskExport): { L: number; H: number; n: number } {
  const L = e.masks.length;
  const H = e.masks[0]?.length ?? 0;
  if (L === 0 || H === 0) throw new UserError("mask export: no masks to write");
  const n = e.masks[0]![0]!.n;
  for (const row of e.masks) {
    if (row.length !== H) throw new UserError(`mask export: every layer needs ${H} heads, found a layer with ${row.length}`);
    for (const m of row) if (m.n !== n) throw new UserError(`mask export: masks of ${n} and ${m.n} tokens cannot share one array`);
  }
  if (e.single && L * H !== 1) throw new UserError(`mask export: a (tokens, tokens) array holds one mask, got ${L} x ${H}`);
  return { L, H, n };
}

/** Shape and kept/pruned counts of an export (no allocation of the dense array). */
export function exportCounts(e: MaskExport): ExportCounts {
  const { L, H, n } = checkMasks(e);
  let kept = 0;
  for (const row of e.masks) for (const m of row) kept += nnz(m);
  const entries = L * H * n * n;
  return { shape: e.single ? [n, n] : [L, H, n, n], entries, kept, pruned: entries - kept, pruningRatio: (entries - kept) / entries };
}

/**
 * The dense bool array of an export, C order over (layer, head, query, key): in the `pruned` convention
 * (default, ViTCoD's) 1 = pruned, 0 = kept; in the `keep` convention 1 = kept, 0 = pruned.
 * @throws UserError when it would exceed {@link NPY_MAX_DATA_BYTES} (naming the size and the `.arrow` alternative)
 */
export function prunedArray(e: MaskExport): { shape: ExportShape; data: Uint8Array } {
  const { shape, entries } = exportCounts(e);
  if (entries > NPY_MAX_DATA_BYTES) {
    throw new UserError(
      `mask export: a dense (${shape.join(", ")}) bool array needs ${entries} bytes, more than the ${NPY_MAX_DATA_BYTES}-byte .npy limit; ` +
        "write the kept entries instead (--out FILE.arrow)",
    );
  }
  // The dense array and its encoded .npy bytes are both held at once.
  checkMemory(2 * entries, `mask export: a dense (${shape.join(", ")}) bool array and its .npy bytes`);
  const keep = (e.convention ?? "pruned") === "keep";
  const data = new Uint8Array(entries).fill(keep ? 0 : 1);
  const keptValue = keep ? 1 : 0;
  let base = 0;
  for (const row of e.masks) {
    for (const m of row) {
      for (let q = 0; q < m.n; q++) {
        const rowBase = base + q * m.n;
        for (let p = m.rowPtr[q]!; p < m.rowPtr[q + 1]!; p++) data[rowBase + m.colIdx[p]!] = keptValue;
      }
      base += m.n * m.n;
    }
  }
  return { shape, data };
}

/** The `.npy` bytes of an export (bool; True = pruned, or True = kept with `convention: "keep"`). */
export function exportNpyBytes(e: MaskExport): Uint8Array {
  const { shape, data } = prunedArray(e);
  return encodeNpy({ dtype: "bool", shape, data });
}

/**
 * The kept-entry table of an export, schema {@link MASK_ENTRIES_SCHEMA} (as the imported ViTCoD masks); the
 * provenance (kind `derived`) records the (layers, heads, tokens, tokens) shape and the token layout.
 */
export function exportEntriesTable(e: MaskExport): DataTable {
  const { L, H, n } = checkMasks(e);
  const { kept, entries } = exportCounts(e);
  const layer = new Int32Array(kept);
  const head = new Int32Array(kept);
  const query = new Int32Array(kept);
  const key = new Int32Array(kept);
  let i = 0;
  for (let l = 0; l < L; l++) {
    for (let h = 0; h < H; h++) {
      const m = e.masks[l]![h]!;
      for (let q = 0; q < n; q++) {
        for (let p = m.rowPtr[q]!; p < m.rowPtr[q + 1]!; p++) {
          layer[i] = l;
          head[i] = h;
          query[i] = q;
          key[i] = m.colIdx[p]!;
          i++;
        }
      }
    }
  }
  const layout = e.masks[0]![0]!.layout;
  const extra: Record<string, string> = {
    shape: `${L},${H},${n},${n}`,
    keptEntries: String(kept),
    totalEntries: String(entries),
    rawEncoding: "kept entries listed; in the .npy export True = pruned, False = kept",
  };
  if (layout) {
    extra.specialTokens = String(layout.special);
    extra.grid = `${layout.gridH}x${layout.gridW}`;
  }
  return {
    columns: { layer, head, query, key },
    provenance: {
      kind: "derived",
      source: "vitsparse mask generator (lib/masks), the poster's windowed attention (Fig. 8)",
      license: "Apache-2.0",
      generator: e.generator,
      description: `KEPT entries (layer, head, query, key) in C order of ${e.description}`,
      extra,
    },
  };
}

/**
 * Writes an export to `path`: `.npy` (bool, True = pruned; True = kept with `convention: "keep"`) or `.arrow`
 * (kept entries). Atomic: a failed write leaves no file behind.
 * @throws UserError for another extension, a `keep` convention on an `.arrow` file, a too-large dense array, or
 * a path that cannot be written
 */
export function writeMaskExport(path: string, e: MaskExport): ExportCounts {
  const ext = extname(path).toLowerCase();
  const counts = exportCounts(e);
  if (e.convention !== undefined && !NPY_CONVENTIONS.includes(e.convention)) {
    throw new UserError(`mask export: convention must be ${NPY_CONVENTIONS.join(" or ")}, got "${String(e.convention)}"`);
  }
  if (ext === ".arrow" && e.convention === "keep") {
    throw new UserError(`mask export: --convention keep applies to .npy only; ${path} lists the kept entries (layer, head, query, key) whatever the convention`);
  }
  if (ext === ".npy") {
    const { shape, data } = prunedArray(e);
    writeNpy(path, { dtype: "bool", shape, data });
  } else if (ext === ".arrow") {
    const table = exportEntriesTable(e);
    // A failing filesystem is an IoError naming the path (exit 1), from writeFileAtomic.
    writeArrowTable(path, MASK_ENTRIES_SCHEMA, table);
  } else {
    throw new UserError(`mask export: --out ${path}: expected a file name ending in .npy (bool, True = pruned) or .arrow (kept entries)`);
  }
  return counts;
}

/** What an export will hold, known before any mask is built (see {@link checkExportSize}). */
export interface ExportPlan {
  layers: number;
  heads: number;
  tokens: number;
  /** Kept entries of one windowed mask. */
  keptPerWindowedMask: number;
  /** How many of the layers are windowed (the others dense). */
  windowedLayers: number;
  /** The file to write (`.npy` or `.arrow`), for the free-space check of its folder. */
  path: string;
  /** One mask written as a (tokens, tokens) array (no --layers/--heads): messages name that shape. */
  single?: boolean;
}

/**
 * Checks, before any mask is built or allocated, that an export of `layers × heads` masks fits: a `.npy`
 * (layers·heads·tokens² bytes, held twice: the array and its encoding) under the `.npy` limit and the memory
 * budget, an `.arrow` (four int32 columns per kept entry, held twice) under the budget, the per-head mask
 * references (8 bytes each) too, and the file on its disk.
 * @throws UserError (size, limit and how to raise it); IoError when the disk has too little free space
 */
export function checkExportSize(plan: ExportPlan): void {
  const { layers, heads, tokens } = plan;
  const shape = plan.single === true && layers * heads === 1 ? `(${tokens}, ${tokens})` : `(${layers}, ${heads}, ${tokens}, ${tokens})`;
  let fileBytes: number;
  if (extname(plan.path).toLowerCase() === ".npy") {
    const entries = layers * heads * tokens * tokens;
    if (entries > NPY_MAX_DATA_BYTES) {
      throw new UserError(`mask export: a dense ${shape} bool array needs ${entries} bytes, more than the ${NPY_MAX_DATA_BYTES}-byte .npy limit; write the kept entries instead (--out FILE.arrow)`);
    }
    checkMemory(2 * entries, `mask export: a dense ${shape} bool array and its .npy bytes`);
    fileBytes = entries;
  } else {
    const kept = heads * (plan.windowedLayers * plan.keptPerWindowedMask + (layers - plan.windowedLayers) * tokens * tokens);
    checkMemory(2 * 16 * kept, `mask export: ${kept} kept entries of a ${shape} schedule as Arrow columns`);
    fileBytes = 16 * kept;
  }
  checkMemory(8 * layers * heads, `mask export: ${layers} x ${heads} mask references`);
  checkFreeSpace(dirname(plan.path), fileBytes, `mask export: ${plan.path}`);
}

/**
 * A whole-model windowed schedule as `[layer][head]` masks: layers in `windowedLayers` get the window mask,
 * the others the dense (all-kept) mask; every head of a layer shares its layer's mask.
 * @throws UserError for bad window options, a non-positive layer/head count or a windowed layer out of range
 */
export function windowModelMasks(opts: WindowOptions & { layers: number; heads: number; windowedLayers: readonly number[] }): SparseMask[][] {
  if (!Number.isInteger(opts.heads) || opts.heads < 1) throw new UserError(`heads must be a positive integer, got ${opts.heads}`);
  return windowSchedule({ ...opts, blocks: opts.layers, windowedBlocks: opts.windowedLayers }).map((b) =>
    Array.from({ length: opts.heads }, () => b.mask),
  );
}
