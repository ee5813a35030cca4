/**
 * HeatViT's reported speedup, modelled: for each of the paper's five models, HeatViT's engine on the
 * token-pruned model against the baseline accelerator on the unpruned model, with the speedup split into
 * its causes (each factor a ratio of two simulated runs, their product the modelled speedup):
 * - datapath: the 16-bit baseline array vs the 8-bit array at the same DSPs (both exact nonlinear units);
 * - nonlinear: exact vs polynomial nonlinear units on the 8-bit array;
 * - pruning: the unpruned vs the token-pruned model on HeatViT's engine (selectors charged).
 */
import { UserError } from "../errors.ts";
import type { KeepRatioStage } from "../specs/token-pruning.ts";
import { HEATVIT_SPEEDUP, HEATVIT_SPEEDUP_BY_MODEL, HEATVIT_MODELS } from "../paper/heatvit.ts";
import { ZCU102_BASELINE, ZCU102_HEATVIT, type HardwarePreset } from "../specs/hardware.ts";
import { DYNAMICVIT_SCHEDULE_SOURCE, quarterSchedule } from "../specs/token-pruning.ts";
import type { CycleBreakdown } from "../cycles/model.ts";
import { simulateHeatvitEngine } from "../cycles/models/heatvit.ts";
import { simulateSystolic } from "../cycles/models/systolic.ts";
import { VIT_MODELS, type VitShape } from "../specs/models.ts";
import { denseWorkload, tokenPrunedWorkload } from "../cycles/workloads.ts";

/** The modelled speedup of one model and its causes. */
export interface HeatvitReport {
  model: string;
  modelledSpeedup: number;
  /** The paper's per-model speedup where the kit has it, else null. */
  reportedSpeedup: number | null;
  reportedRange: { min: number; max: number; location: string };
  factors: { datapath: number; nonlinear: number; pruning: number };
  tokensPerBlock: number[];
  selectors: KeepRatioStage[];
  scheduleSource: string;
  breakdown: { baseline: CycleBreakdown; heatvit: CycleBreakdown };
  /** Milliseconds per image at the presets' clock. */
  baselineMs: number;
  heatvitMs: number;
}

/** The model config of one of the paper's five models. */
export function heatvitModelConfig(id: string): VitShape {
  if (!(HEATVIT_MODELS as readonly string[]).includes(id)) throw new UserError(`HeatViT: unknown --model "${id}" (expected one of: ${HEATVIT_MODELS.join(", ")})`);
  return VIT_MODELS[id]!;
}

/**
 * Simulates HeatViT against its baseline for one model.
 * @param stages token selectors (default: DynamicViT's quarters at keep 0.7, a stated assumption)
 */
export function heatvitReport(model: VitShape, stages: readonly KeepRatioStage[] = quarterSchedule(model.depth), baselineArch: HardwarePreset = ZCU102_BASELINE, heatvitArch: HardwarePreset = ZCU102_HEATVIT): HeatvitReport {
  const dense = denseWorkload(model);
  const pruned = tokenPrunedWorkload(model, stages);
  const c0 = simulateSystolic(baselineArch, dense, {}, "systolic");
  const c1 = simulateSystolic(heatvitArch, dense, { nonlinear: baselineArch.nonlinear }, "systolic");
  const c2 = simulateHeatvitEngine(heatvitArch, dense);
  const c3 = simulateHeatvitEngine(heatvitArch, pruned);
  const reported = (HEATVIT_SPEEDUP_BY_MODEL as Record<string, { value: number } | null>)[model.id] ?? null;
  return {
    model: model.id,
    modelledSpeedup: c0.total / c3.total,
    reportedSpeedup: reported ? reported.value : null,
    reportedRange: { min: HEATVIT_SPEEDUP.min.value, max: HEATVIT_SPEEDUP.max.value, location: HEATVIT_SPEEDUP.min.location },
    factors: { datapath: c0.total / c1.total, nonlinear: c1.total / c2.total, pruning: c2.total / c3.total },
    tokensPerBlock: pruned.blocks.map((b) => b.tokens),
    selectors: [...stages],
    scheduleSource: DYNAMICVIT_SCHEDULE_SOURCE,
    breakdown: { baseline: c0, heatvit: c3 },
    baselineMs: c0.ms,
    heatvitMs: c3.ms,
  };
}

/** The report for all five models of the paper. */
export function heatvitReports(keep?: number): HeatvitReport[] {
  return HEATVIT_MODELS.map((id) => {
    const m = heatvitModelConfig(id);
    return heatvitReport(m, quarterSchedule(m.depth, keep));
  });
}

/**
 * The per-selector keep ratio (same at the three quarter selectors) at which the modelled speedup reaches
 * `target`, by bisection on (0.01, 1]; `null` when keeping 1 % does not reach it.
 */
export function keepRatioForSpeedup(model: VitShape, target: number): number | null {
  if (!(target > 1)) throw new UserError(`target speedup must be > 1, got ${target}`);
  const speed = (keep: number): number => heatvitReport(model, quarterSchedule(model.depth, keep)).modelledSpeedup;
  let lo = 0.01;
  let hi = 1;
  if (speed(lo) < target) return null;
  if (speed(hi) >= target) return 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (speed(mid) >= target) lo = mid;
    else hi = mid;
  }
  return lo;
}
