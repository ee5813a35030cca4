/**
 * HeatViT (seed 002) as a cycle model: a dense ViT accelerator (ZCU102 preset) running a token-pruned
 * model whose per-block token counts come from a keep-ratio schedule of `lib/masks/heatvit.ts`; the token
 * selectors' own GEMMs are charged. The speedup over the unpruned model on the same hardware is set beside
 * HeatViT's reported 3.46–4.89× (quoted), and a second, separately labelled figure adds the 8-bit vs 16-bit
 * datapath factor (an assumption about HeatViT's baseline, not a measured fact).
 */
import { UserError } from "../errors.ts";
import { heatvitSchedule, type KeepRatioStage } from "../masks/heatvit.ts";
import { denseModelCycles, type DenseBudget, type ModelCycles } from "./dense-model.ts";
import { ZCU102_HEATVIT, type HardwarePreset } from "./presets/hardware.ts";
import type { VitConfig } from "./presets/models.ts";

/** HeatViT's reported speedup range over its baseline accelerator on the ZCU102 (quoted from seed 002). */
export const HEATVIT_REPORTED_SPEEDUP = { min: 3.46, max: 4.89, source: "HeatViT abstract (arXiv 2211.08110, HPCA 2023), seed 002" } as const;

/**
 * Default selector placement (assumption, not HeatViT's learned per-model schedule): three selectors at
 * 1/4, 1/2 and 3/4 of the depth, each keeping 70 % of the alive patches (DynamicViT's ρ = 0.7).
 */
export function defaultHeatvitStages(depth: number, keep = 0.7): KeepRatioStage[] {
  if (!Number.isInteger(depth) || depth < 4) throw new UserError(`HeatViT schedule: depth must be an integer >= 4, got ${depth}`);
  return [Math.round(depth / 4), Math.round(depth / 2), Math.round((3 * depth) / 4)].map((block) => ({ block, keepRatio: keep }));
}

/** The dense budget of a hardware preset with an `array` arrangement. */
export function budgetFromPreset(p: HardwarePreset, macLatency = 0): DenseBudget {
  if (p.pes.arrangement !== "array") throw new UserError(`preset ${p.id} is not a PE array (it has ${p.pes.arrangement})`);
  return {
    array: { rows: p.pes.rows, cols: p.pes.cols, macLatency, drainRows: true },
    bytesPerCycle: p.offChipBytesPerSecond / p.clockHz,
    weightBytes: p.dataBits / 8,
  };
}

/** Result of {@link simulateHeatvit}. */
export interface HeatvitResult {
  model: string;
  tokensPerBlock: number[];
  selectorBlocks: number[];
  baseline: ModelCycles;
  pruned: ModelCycles;
  /** baseline.total / pruned.total, same 8-bit hardware: the token-pruning speedup. */
  speedup: number;
  /** Attention-module-only speedup. */
  attentionSpeedup: number;
  /** Speedup over a 16-bit unpruned baseline with half the MACs (one per DSP instead of two): labelled assumption. */
  speedupVs16bitBaseline: number;
  /** Milliseconds per image at the preset clock (pruned). */
  prunedMs: number;
}

/**
 * Simulates a HeatViT-pruned model and its unpruned baseline on `preset` (default ZCU102).
 * @param stages keep-ratio schedule (default {@link defaultHeatvitStages}).
 */
export function simulateHeatvit(model: VitConfig, stages: readonly KeepRatioStage[] = defaultHeatvitStages(model.depth), preset: HardwarePreset = ZCU102_HEATVIT): HeatvitResult {
  const sched = heatvitSchedule({ blocks: model.depth, patchTokens: model.patches, special: model.special, stages, packageToken: true });
  const tokens = sched.map((b) => b.tokens);
  const selectorBlocks = stages.map((s) => s.block);
  const budget = budgetFromPreset(preset);
  const baseline = denseModelCycles(model, budget);
  const pruned = denseModelCycles(model, budget, tokens, selectorBlocks);
  const half: DenseBudget = { ...budget, array: { ...budget.array, cols: Math.max(1, Math.floor(budget.array.cols / 2)) }, weightBytes: budget.weightBytes * 2 };
  const baseline16 = denseModelCycles(model, half);
  return {
    model: model.id,
    tokensPerBlock: tokens,
    selectorBlocks,
    baseline,
    pruned,
    speedup: baseline.total / pruned.total,
    attentionSpeedup: baseline.attention / pruned.attention,
    speedupVs16bitBaseline: baseline16.total / pruned.total,
    prunedMs: (pruned.total / preset.clockHz) * 1e3,
  };
}

/**
 * The per-selector keep ratio (same at the three default selectors) at which the modelled token-pruning
 * speedup reaches `target`, by bisection on (0.01, 1]; `null` when even keeping 1 % does not reach it.
 * Used to say how aggressive pruning would have to be to explain a reported speedup by pruning alone.
 */
export function keepRatioForSpeedup(model: VitConfig, target: number, preset: HardwarePreset = ZCU102_HEATVIT): number | null {
  if (!(target > 1)) throw new UserError(`target speedup must be > 1, got ${target}`);
  const speed = (keep: number): number => simulateHeatvit(model, defaultHeatvitStages(model.depth, keep), preset).speedup;
  let lo = 0.01;
  let hi = 1;
  if (speed(lo) < target) return null;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (speed(mid) >= target) lo = mid;
    else hi = mid;
  }
  return lo;
}
