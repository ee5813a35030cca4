/**
 * Fixed-mask generation from attention scores (ViTCoD's recipe, from its paper and repository): per head, keep the
 * highest-scoring entries of the n×n attention map, either up to a target density or until a share of
 * the attention mass is covered, optionally forcing the CLS row and column to stay.
 *
 * Selection is deterministic: entries are ranked by score descending, ties by lower row-major index.
 */
import { UserError } from "../errors.ts";
import { maskFromBitmap, type SparseMask, type TokenLayout } from "./sparse-mask.ts";

/** How many entries {@link maskFromScores} keeps. Exactly one of `density` / `massCutoff`. */
export interface ScoreMaskOptions {
  /**
   * Target share of kept entries (0..1]. Kept count = round(density · n²) (half away from zero),
   * forced entries included; when the forced entries alone exceed it, only they are kept.
   */
  density?: number;
  /**
   * Share of the head's total attention mass (0..1] to cover: forced entries first, then the top entries
   * in score order until the kept mass ≥ massCutoff · total mass (the smallest such prefix).
   */
  massCutoff?: number;
  /** Keep the rows and columns of the first `forceSpecial` tokens (default 0; 1 = the CLS row/column). */
  forceSpecial?: number;
  /** Layout to attach to the mask. */
  layout?: TokenLayout;
}

/**
 * Builds one head's fixed mask from its n×n row-major attention scores (non-negative, e.g. softmax
 * probabilities averaged over images). Throws {@link UserError} for a bad size, a negative or
 * non-finite score, or options out of range.
 */
export function maskFromScores(scores: ArrayLike<number>, n: number, opts: ScoreMaskOptions): SparseMask {
  if (scores.length !== n * n) throw new UserError(`attention scores hold ${scores.length} values, expected ${n}x${n} = ${n * n}`);
  const hasD = opts.density !== undefined;
  const hasM = opts.massCutoff !== undefined;
  if (hasD === hasM) throw new UserError("give exactly one of density or massCutoff");
  const target = (hasD ? opts.density : opts.massCutoff)!;
  if (!(target > 0 && target <= 1)) throw new UserError(`${hasD ? "density" : "massCutoff"} must be in (0, 1], got ${target}`);
  const force = opts.forceSpecial ?? 0;
  if (!Number.isInteger(force) || force < 0 || force > n) throw new UserError(`forceSpecial must be an integer in 0..${n}, got ${force}`);

  const keep = new Uint8Array(n * n);
  let keptCount = 0;
  let keptMass = 0;
  let total = 0;
  for (let i = 0; i < n * n; i++) {
    const v = scores[i]!;
    if (!Number.isFinite(v) || v < 0) throw new UserError(`attention score #${i} is ${v}; scores must be finite and >= 0`);
    total += v;
    const r = Math.floor(i / n);
    const c = i % n;
    if (r < force || c < force) {
      keep[i] = 1;
      keptCount++;
      keptMass += v;
    }
  }
  const order = rankEntries(scores, keep);
  if (hasD) {
    const budget = Math.round(target * n * n);
    for (let j = 0; j < order.length && keptCount < budget; j++) {
      keep[order[j]!] = 1;
      keptCount++;
    }
  } else {
    const goal = target * total;
    for (let j = 0; j < order.length && keptMass < goal; j++) {
      keep[order[j]!] = 1;
      keptMass += scores[order[j]!]!;
    }
  }
  return maskFromBitmap(keep, n, { layout: opts.layout });
}

/** Indices of the not-yet-kept entries sorted by score descending, ties by index ascending. */
function rankEntries(scores: ArrayLike<number>, exclude: Uint8Array): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < exclude.length; i++) if (!exclude[i]) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return Int32Array.from(idx);
}
