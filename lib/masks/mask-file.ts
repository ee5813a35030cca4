/**
 * Reading a user's mask file — the one reader behind `--mask FILE`, `--npy PATH` and the experiment spec's
 * `workload.attention.masks.file`: a `.npy` in ViTCoD's convention (bool or integer 0/1, nonzero = PRUNED; shape
 * (layers, heads, n, n), (heads, n, n) or (n, n)) or an `.arrow` with the kept entries (the schema of the imported
 * ViTCoD masks, as `vitsparse mask window --out FILE.arrow` writes it). Returns the masks with the file's sha256,
 * so outputs can name the mask by file and hash.
 */
import { basename } from "node:path";
import { UserError } from "../errors.ts";
import { parseNpy } from "../data/npy.ts";
import { readRegularFile, regularFileProblem } from "../data/read-file.ts";
import { sha256Hex } from "../data/sha256.ts";
import type { SparseMask } from "./sparse-mask.ts";
import { loadVitcodMasks, masksFromPrunedArray } from "./vitcod-masks.ts";

/** A mask file as read. */
export interface MaskFile {
  /** The path as given. */
  path: string;
  /** The file name (what outputs show). */
  name: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  /** Shape as stored: (layers, heads, n, n), (heads, n, n) or (n, n); an .arrow gives (layers, heads, n, n). */
  shape: number[];
  /** `[layer][head]` masks (one layer for a 2-D or 3-D array, one head for a 2-D array). */
  masks: SparseMask[][];
}

/**
 * Reads a mask file.
 * @param what the input as the user named it (e.g. `--mask` or `workload.attention.masks.file`), the start of every error
 * @param dims the accepted numbers of dimensions of a `.npy`
 * @throws UserError one line naming `what`, the file and what was expected
 */
export function readMaskFile(path: string, what: string, dims: readonly number[] = [2, 3, 4]): MaskFile {
  const expected = "a .npy mask (bool, True = pruned; (layers, heads, n, n), (heads, n, n) or (n, n)) or an .arrow of kept entries";
  const lower = path.toLowerCase();
  const kind = lower.endsWith(".arrow") ? ".arrow file" : ".npy file";
  const problem = regularFileProblem(path);
  if (problem !== null) throw new UserError(`${what}: ${kind} ${problem} (${expected})`);
  if (!lower.endsWith(".arrow") && !lower.endsWith(".npy")) throw new UserError(`${what}: ${path}: unknown file type (expected ${expected})`);
  // A regular file only (a FIFO or /dev/zero is refused unread), its size within the memory budget.
  const bytes = readRegularFile(path, `${what}: ${kind}`);
  const sha256 = sha256Hex(bytes);
  const name = basename(path);
  if (lower.endsWith(".arrow")) {
    let masks: SparseMask[][];
    try {
      masks = loadVitcodMasks(path);
    } catch (e) {
      if (e instanceof UserError) throw new UserError(`${what}: ${path}: ${e.message}`);
      throw e;
    }
    const n = masks[0]?.[0]?.n ?? 0;
    return { path, name, sha256, shape: [masks.length, masks[0]?.length ?? 0, n, n], masks };
  }
  let arr;
  try {
    arr = parseNpy(bytes, path);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${what}: ${e.message}`);
    throw e;
  }
  if (!dims.includes(arr.shape.length)) {
    const names: Record<number, string> = { 2: "(n, n)", 3: "(heads, n, n)", 4: "(layers, heads, n, n)" };
    throw new UserError(`${what}: ${path} has shape (${arr.shape.join(", ")}), expected ${dims.map((d) => `${d} dimensions ${names[d] ?? ""}`.trim()).join(" or ")}`);
  }
  if (arr.dtype === "float32" || arr.dtype === "float64") throw new UserError(`${what}: ${path} holds ${arr.dtype} values; expected a bool (or integer 0/1) mask array`);
  const data = arr.data instanceof BigInt64Array ? Float64Array.from(arr.data, (v) => Number(v)) : arr.data;
  try {
    return { path, name, sha256, shape: [...arr.shape], masks: masksFromPrunedArray(data, arr.shape) };
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${what}: ${path}: ${e.message}`);
    throw e;
  }
}
