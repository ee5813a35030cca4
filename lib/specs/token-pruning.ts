/**
 * Token-pruning schedules (workload side of HeatViT's design) as data: where token selectors sit and what
 * share of the alive patch tokens each keeps.
 *
 * HeatViT learns per-model selector positions and keep rates (its latency-aware multi-stage training);
 * the kit could not read those per-model numbers offline, so the default is DynamicViT's published
 * schedule, which HeatViT compares against: three selectors at 1/4, 1/2 and 3/4 of the depth, each keeping
 * ρ = 0.7 of the alive tokens (Rao et al., "DynamicViT", NeurIPS 2021, Sec. 4: blocks 3, 6, 9 of DeiT's 12;
 * the same quarters of LV-ViT's 16 and 20 blocks). A stated assumption, not HeatViT's schedule.
 */
import { UserError } from "../errors.ts";
import type { KeepRatioStage } from "../masks/heatvit.ts";

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
