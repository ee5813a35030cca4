/**
 * HeatViT-style token pruning (HeatViT's paper) per image: which tokens a keep-ratio schedule keeps (by
 * importance score), the equivalent attention mask, and the attention work ratio. The schedule itself — where
 * the selectors sit, what they keep, the exact token counts per block — has one home,
 * `lib/specs/token-pruning.ts`.
 *
 * Conventions (all exact, integer; the schedule's):
 * - A selector at block b acts on the tokens ENTERING block b; blocks ≥ b (until the next selector) run
 *   on the reduced set.
 * - Special tokens (CLS, distillation) are never pruned. The package token, once created, is never
 *   pruned either; tokens pruned by later selectors are merged into the same single package token.
 * - Keep-ratio mode `relative` (default, HeatViT's per-selector pruning rate): the ratio applies to the
 *   patch tokens alive when entering the selector. Mode `cumulative` (DynamicViT-style ρ, ρ², …): the
 *   ratio is the share of the ORIGINAL patch tokens that must remain after the selector.
 * - Rounding: kept patches = max(1, floor(base · ratio + 1e-9)) where base is the alive (relative) or
 *   original (cumulative) patch count — floor as DynamicViT's `int(N · ρ)`, with 1e-9 absorbing
 *   binary floating-point error (e.g. 0.7 · 196 = 137.2 → 137; 0.5 · 196 = 98 exactly). A selector
 *   never increases the count: kept ≤ alive.
 */
import { UserError } from "../errors.ts";
import { heatvitSchedule, type BlockTokens, type HeatvitScheduleOptions } from "../specs/token-pruning.ts";
import { type SparseMask } from "./sparse-mask.ts";


/** Attention work of a pruned schedule relative to the unpruned model: Σ tokens² / (blocks · n²). */
export function attentionWorkRatio(schedule: readonly BlockTokens[]): number {
  if (schedule.length === 0) return 1;
  const first = schedule[0]!;
  const n = first.special + first.patches + first.prunedPatches;
  let s = 0;
  for (const b of schedule) s += b.attentionEntries;
  return s / (schedule.length * n * n);
}

/** Tokens alive in one block for one image. */
export interface BlockSelection {
  block: number;
  /** Original token indices alive in this block (special tokens first, then patches), ascending. */
  kept: Int32Array;
  /** Whether the package token exists in this block (it gets index n in {@link equivalentMask}). */
  hasPackage: boolean;
}

/**
 * Selects the kept tokens of one image block by block. `scores(block, alivePatches)` returns an
 * importance score per ORIGINAL token index (length n = special + patchTokens; only the alive patch
 * entries are read), e.g. the CLS attention averaged over heads at that block; a plain array is used for
 * every selector. At each selector the top-scoring alive patches are kept (ties → lower index), with the
 * count fixed by {@link heatvitSchedule}; special tokens are always kept.
 */
export function heatvitSelect(
  opts: HeatvitScheduleOptions,
  scores: ArrayLike<number> | ((block: number, alivePatches: Int32Array) => ArrayLike<number>),
): BlockSelection[] {
  const schedule = heatvitSchedule(opts);
  const special = opts.special ?? 1;
  const n = special + opts.patchTokens;
  let alive = new Int32Array(opts.patchTokens);
  for (let i = 0; i < alive.length; i++) alive[i] = special + i;
  const out: BlockSelection[] = [];
  for (const b of schedule) {
    if (b.patches < alive.length) {
      const s = typeof scores === "function" ? scores(b.block, alive) : scores;
      if (s.length !== n) throw new UserError(`token scores at block ${b.block} hold ${s.length} values, expected ${n} (one per token)`);
      const ranked = Array.from(alive).sort((x, y) => {
        const sx = s[x]!;
        const sy = s[y]!;
        if (!Number.isFinite(sx) || !Number.isFinite(sy)) throw new UserError(`token score at block ${b.block} is not finite`);
        return sy - sx || x - y;
      });
      alive = Int32Array.from(ranked.slice(0, b.patches)).sort();
    }
    const kept = new Int32Array(special + alive.length);
    for (let i = 0; i < special; i++) kept[i] = i;
    kept.set(alive, special);
    out.push({ block: b.block, kept, hasPackage: b.packageTokens > 0 });
  }
  return out;
}

/**
 * The attention mask equivalent to running one block on the kept tokens only, over the ORIGINAL token
 * indices 0..n−1 plus the package token at index n (when `withPackageSlot`, the mask has n+1 tokens
 * and the package row/column is kept iff the block has a package token). Kept tokens attend to all kept
 * tokens; pruned tokens' rows and columns are empty.
 */
export function equivalentMask(selection: BlockSelection, n: number, withPackageSlot = true): SparseMask {
  const size = withPackageSlot ? n + 1 : n;
  const cols = selection.hasPackage && withPackageSlot ? Int32Array.from([...selection.kept, n]) : selection.kept;
  const isKept = new Uint8Array(size);
  for (const c of cols) isKept[c] = 1;
  const rowPtr = new Int32Array(size + 1);
  const colIdx = new Int32Array(cols.length * cols.length);
  let k = 0;
  for (let r = 0; r < size; r++) {
    if (isKept[r]) {
      colIdx.set(cols, k);
      k += cols.length;
    }
    rowPtr[r + 1] = k;
  }
  return { n: size, rowPtr, colIdx };
}

/**
 * Token importance as the CLS token's attention averaged over heads: score[t] = mean over heads of
 * attention[h][0, t] (row 0 = the CLS query). `attention` holds one n×n row-major softmax map per head.
 * The CLS entry itself is returned too (it is never pruned anyway).
 */
export function clsAttentionScores(attention: readonly ArrayLike<number>[], n: number, clsIndex = 0): Float64Array {
  if (attention.length === 0) throw new UserError("clsAttentionScores needs at least one head");
  if (!Number.isInteger(clsIndex) || clsIndex < 0 || clsIndex >= n) throw new UserError(`CLS index ${clsIndex} is outside 0..${n - 1}`);
  const out = new Float64Array(n);
  attention.forEach((a, h) => {
    if (a.length !== n * n) throw new UserError(`attention map of head ${h} holds ${a.length} values, expected ${n}x${n} = ${n * n}`);
    for (let t = 0; t < n; t++) out[t] += a[clsIndex * n + t]!;
  });
  for (let t = 0; t < n; t++) out[t] /= attention.length;
  return out;
}
