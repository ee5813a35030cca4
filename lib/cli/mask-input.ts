/**
 * Reading a mask array given on the command line (`--npy`, `--window-npy`, `--vitcod-npy`): ViTCoD's convention,
 * bool (or integer 0/1), nonzero = pruned. One rule for every command; each failure is a one-line {@link UserError}
 * naming the flag.
 */
import { UserError } from "../errors.ts";
import { readNpy } from "../data/npy.ts";
import { regularFileProblem } from "../data/read-file.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { masksFromPrunedArray } from "../masks/vitcod-masks.ts";

/**
 * Reads the `.npy` mask array at `path` as [layer][head] masks.
 * @param what the command and flag, e.g. `simulate vitcod: --npy` (prefixes every error)
 * @param dims the accepted numbers of dimensions: 4 = (layers, heads, n, n); 3 and 2 drop the leading ones
 */
export function readMaskArray(path: string, what: string, dims: readonly number[] = [4]): SparseMask[][] {
  // A missing file, a broken link or a link loop: one line saying which (a directory or a device is named
  // by readNpy, which refuses it unread).
  const problem = regularFileProblem(path);
  if (problem !== null && /: no such file$| is a broken symlink | is a symbolic link loop /.test(problem)) {
    throw new UserError(`${what} ${problem} (expected a .npy mask array, shape (layers, heads, n, n); nonzero = pruned)`);
  }
  const arr = readNpy(path);
  if (!dims.includes(arr.shape.length)) {
    throw new UserError(`${what} ${path} has shape (${arr.shape.join(", ")}), expected ${dims.map((d) => `${d}`).join(" or ")} dimensions (layers, heads, n, n)`);
  }
  if (arr.dtype === "float32" || arr.dtype === "float64") throw new UserError(`${what} ${path} holds ${arr.dtype} values; expected a bool (or integer 0/1) mask array`);
  const data = arr.data instanceof BigInt64Array ? Float64Array.from(arr.data, (v) => Number(v)) : arr.data;
  return masksFromPrunedArray(data, arr.shape);
}
