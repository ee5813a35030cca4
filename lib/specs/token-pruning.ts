/**
 * Token-pruning schedules (workload side of HeatViT's design), the one home of the keep schedule: where token
 * selectors sit, what share of the alive patch tokens each keeps, and the exact token counts per block that
 * follow (a selector at block b acts on the tokens entering b; special tokens and the one package token are
 * never pruned; kept patches = max(1, floor(base · ratio + 1e-9)), base = the alive patches (`relative`, HeatViT's
 * per-selector rate) or the original ones (`cumulative`, DynamicViT's ρ, ρ², …)).
 *
 * HeatViT learns per-model selector positions and keep rates (its latency-aware multi-stage training);
 * the kit could not read those per-model numbers offline, so the default is DynamicViT's published
 * schedule, which HeatViT compares against: three selectors at 1/4, 1/2 and 3/4 of the depth, each keeping
 * ρ = 0.7 of the alive tokens (Rao et al., "DynamicViT", NeurIPS 2021, Sec. 4: blocks 3, 6, 9 of DeiT's 12;
 * the same quarters of LV-ViT's 16 and 20 blocks). A stated assumption, not HeatViT's schedule.
 */
import { UserError } from "../errors.ts";

/** DynamicViT's keep ratio ρ. */
export const DYNAMICVIT_KEEP = 0.7;

/** Source of the default schedule. */
export const DYNAMICVIT_SCHEDULE_SOURCE = "DynamicViT (Rao et al., NeurIPS 2021), Sec. 4: selectors at 1/4, 1/2, 3/4 of the depth, ρ = 0.7 each (stated assumption for HeatViT)";

/** Selectors at ¼, ½, ¾ of `depth`, each keeping `keep` of the alive patches. */
export function quarterSchedule(depth: number, keep: number = DYNAMICVIT_KEEP): KeepRatioStage[] {
  if (!Number.isInteger(depth) || depth < 4) throw new UserError(`token-pruning schedule: depth must be an integer >= 4, got ${depth}`);
  if (!(keep > 0 && keep <= 1)) throw new UserError(`token-pruning schedule: keep ratio must be in (0, 1], got ${keep}`);
  return [Math.round(depth / 4), Math.round(depth / 2), Math.round((3 * depth) / 4)].map((block) => ({ block, keepRatio: keep }));
}

/** One token selector: before `block`, keep `keepRatio` (0..1] of the patch tokens (see mode). */
export interface KeepRatioStage {
  block: number;
  keepRatio: number;
}

/** Options of {@link heatvitSchedule}. */
export interface HeatvitScheduleOptions {
  /** Number of transformer blocks (e.g. 12 for DeiT). */
  blocks: number;
  /** Patch tokens entering block 0 (e.g. 196 for 224² images with 16² patches). */
  patchTokens: number;
  /** Special tokens never pruned (default 1 = CLS). */
  special?: number;
  /** Selectors, as a list or as a block → ratio record. */
  stages: readonly KeepRatioStage[] | Readonly<Record<number, number>>;
  /** Add one package token standing for the pruned tokens (default true, as HeatViT). */
  packageToken?: boolean;
  /** How a ratio is applied (default `relative`). */
  ratioMode?: "relative" | "cumulative";
}

/** Tokens and attention workload of one block under a token-pruning schedule. */
export interface BlockTokens {
  block: number;
  /** Special tokens (never pruned). */
  special: number;
  /** Patch tokens alive in this block. */
  patches: number;
  /** 1 when a package token exists in this block, else 0. */
  packageTokens: number;
  /** All tokens the block computes on: special + patches + packageTokens. */
  tokens: number;
  /** Attention-map entries per head, tokens². */
  attentionEntries: number;
  /** Patch tokens pruned so far (original − alive). */
  prunedPatches: number;
}

/** Normalises and validates the stage list (sorted by block; one selector per block). */
export function normaliseStages(stages: HeatvitScheduleOptions["stages"], blocks: number): KeepRatioStage[] {
  const list: KeepRatioStage[] = Array.isArray(stages)
    ? (stages as readonly KeepRatioStage[]).map((s) => ({ block: s.block, keepRatio: s.keepRatio }))
    : Object.entries(stages as Record<number, number>).map(([b, r]) => ({ block: Number(b), keepRatio: r }));
  list.sort((a, b) => a.block - b.block);
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (!Number.isInteger(s.block) || s.block < 0 || s.block >= blocks) throw new UserError(`token selector block ${s.block} is outside 0..${blocks - 1}`);
    if (i > 0 && list[i - 1]!.block === s.block) throw new UserError(`two token selectors at block ${s.block}`);
    if (!(s.keepRatio > 0 && s.keepRatio <= 1)) throw new UserError(`keep ratio at block ${s.block} must be in (0, 1], got ${s.keepRatio}`);
  }
  return list;
}

/** Applies the documented rounding: max(1, floor(base · ratio + 1e-9)), capped at `alive`. */
export function keptPatchCount(base: number, ratio: number, alive: number): number {
  return Math.min(alive, Math.max(1, Math.floor(base * ratio + 1e-9)));
}

/**
 * Per-block token counts and attention workload of a keep-ratio schedule (image-independent: HeatViT's
 * selectors keep a fixed count per stage here, the average the paper's hardware is sized for).
 *
 * Example: 12 blocks, 196 patches, CLS, selectors {3: 0.7, 6: 0.7, 9: 0.7} relative, package token →
 * tokens 197 (blocks 0–2), 1+137+1 = 139 (3–5), 1+95+1 = 97 (6–8), 1+66+1 = 68 (9–11).
 */
export function heatvitSchedule(opts: HeatvitScheduleOptions): BlockTokens[] {
  const special = opts.special ?? 1;
  const usePackage = opts.packageToken ?? true;
  const mode = opts.ratioMode ?? "relative";
  if (!Number.isInteger(opts.blocks) || opts.blocks < 1) throw new UserError(`blocks must be a positive integer, got ${opts.blocks}`);
  if (!Number.isInteger(opts.patchTokens) || opts.patchTokens < 1) throw new UserError(`patchTokens must be a positive integer, got ${opts.patchTokens}`);
  if (!Number.isInteger(special) || special < 0) throw new UserError(`special must be an integer >= 0, got ${special}`);
  if (mode !== "relative" && mode !== "cumulative") throw new UserError(`ratioMode must be "relative" or "cumulative", got "${String(mode)}"`);
  const stages = normaliseStages(opts.stages, opts.blocks);
  const byBlock = new Map(stages.map((s) => [s.block, s.keepRatio]));
  let alive = opts.patchTokens;
  let pkg = 0;
  const out: BlockTokens[] = [];
  for (let b = 0; b < opts.blocks; b++) {
    const ratio = byBlock.get(b);
    if (ratio !== undefined) {
      const base = mode === "relative" ? alive : opts.patchTokens;
      const kept = keptPatchCount(base, ratio, alive);
      if (kept < alive && usePackage) pkg = 1;
      alive = kept;
    }
    const tokens = special + alive + pkg;
    out.push({ block: b, special, patches: alive, packageTokens: pkg, tokens, attentionEntries: tokens * tokens, prunedPatches: opts.patchTokens - alive });
  }
  return out;
}

/** Tokens per block (special + patches + package) of a schedule — a shortcut over {@link heatvitSchedule}. */
export function prunedTokenCounts(opts: HeatvitScheduleOptions): number[] {
  return heatvitSchedule(opts).map((b) => b.tokens);
}
