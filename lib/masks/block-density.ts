/**
 * Block aggregation of a mask for drawing: the n×n map is cut into b×b blocks (the last row/column of
 * blocks may be smaller) and each block that holds at least one kept entry is reported with its density.
 * Drawing only non-empty blocks keeps heatmap files proportional to the kept entries.
 */
import { UserError } from "../errors.ts";
import type { SparseMask } from "./sparse-mask.ts";

/** One non-empty block: rows [row0, row1), columns [col0, col1), kept entries and density (kept / block area). */
export interface MaskBlock {
  row0: number;
  row1: number;
  col0: number;
  col1: number;
  kept: number;
  density: number;
}

/** Non-empty b×b blocks of a mask, ordered by block row then block column. b = 1 lists every kept entry. */
export function maskBlocks(mask: SparseMask, b: number): MaskBlock[] {
  if (!Number.isInteger(b) || b < 1) throw new UserError(`block size must be a positive integer, got ${b}`);
  const nb = Math.ceil(mask.n / b);
  const counts = new Int32Array(nb * nb);
  for (let r = 0; r < mask.n; r++) {
    const br = Math.floor(r / b);
    for (let p = mask.rowPtr[r]!; p < mask.rowPtr[r + 1]!; p++) counts[br * nb + Math.floor(mask.colIdx[p]! / b)] += 1;
  }
  const out: MaskBlock[] = [];
  for (let i = 0; i < nb; i++) {
    for (let j = 0; j < nb; j++) {
      const kept = counts[i * nb + j]!;
      if (kept === 0) continue;
      const row0 = i * b;
      const col0 = j * b;
      const row1 = Math.min(mask.n, row0 + b);
      const col1 = Math.min(mask.n, col0 + b);
      out.push({ row0, row1, col0, col1, kept, density: kept / ((row1 - row0) * (col1 - col0)) });
    }
  }
  return out;
}
