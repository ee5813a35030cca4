/**
 * Reading a mask array given on the command line (`--npy`): ViTCoD's convention, bool (or integer 0/1), nonzero =
 * pruned, through the one mask-file reader (`lib/masks/mask-file.ts`, also behind `--mask` and the experiment spec).
 * Each failure is a one-line {@link UserError} naming the flag.
 */
import type { SparseMask } from "../masks/sparse-mask.ts";
import { readMaskFile } from "../masks/mask-file.ts";

/**
 * Reads the `.npy` mask array at `path` as [layer][head] masks.
 * @param what the command and flag, e.g. `simulate vitcod-reference: --npy` (prefixes every error)
 * @param dims the accepted numbers of dimensions: 4 = (layers, heads, n, n); 3 and 2 drop the leading ones
 */
export function readMaskArray(path: string, what: string, dims: readonly number[] = [4]): SparseMask[][] {
  return readMaskFile(path, what, dims).masks;
}
