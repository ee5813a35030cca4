/**
 * HeatViT's computation reduction, derived: the MACs of a token-pruned model (selectors at DynamicViT's
 * positions, one package token, selectors' own work included) against the unpruned model, from the kit's
 * operator counts, and the keep ratios at which the reduction reaches the ends of the abstract's range.
 */
import type { VerdictInput } from "../claims/ledger.ts";
import { linearGrid, sweepAssumption } from "../claims/assumption-sweep.ts";
import { heatvitReport } from "./heatvit.ts";
import { HEATVIT_ALGORITHM } from "../paper/heatvit.ts";
import type { VitShape } from "../specs/models.ts";
import { quarterSchedule } from "../specs/token-pruning.ts";

/** One keep ratio: the unpruned and pruned MACs and the reduction. */
export interface ReductionRow {
  keep: number;
  denseMacs: number;
  prunedMacs: number;
  /** 1 − pruned / dense. */
  reduction: number;
}

/** The reduction at one keep ratio (same at DynamicViT's three selectors). */
export function computationReduction(model: VitShape, keep: number): ReductionRow {
  const r = heatvitReport(model, quarterSchedule(model.depth, keep));
  return { keep, denseMacs: r.breakdown.baseline.macs, prunedMacs: r.breakdown.heatvit.macs, reduction: 1 - r.breakdown.heatvit.macs / r.breakdown.baseline.macs };
}

/** The reduction over a grid of keep ratios. */
export function reductionVsKeep(model: VitShape, keeps: readonly number[] = linearGrid(0.2, 1, 17)): ReductionRow[] {
  return keeps.map((k) => computationReduction(model, k));
}

/**
 * The derived row: the model's reduction under the base keep schedule (a stated assumption), beside the
 * abstract's five-model range, with the keep ratios at which the reduction enters and leaves that range
 * (found by sweeping the keep ratio).
 */
export function heatvitReductionVerdict(model: VitShape, baseKeep: number, keeps: readonly number[], figure: string): VerdictInput {
  const lo = HEATVIT_ALGORITHM.computationReductionMin.value / 100;
  const hi = HEATVIT_ALGORITHM.computationReductionMax.value / 100;
  const base = computationReduction(model, baseKeep);
  const sweep = sweepAssumption({
    assumption: "keep ratio at each of DynamicViT's three selectors",
    values: keeps,
    base: baseKeep,
    continuous: true,
    steps: 20,
    evaluate: (k) => {
      const r = computationReduction(model, k).reduction;
      return { value: r, status: r >= lo && r <= hi ? "reproduced" : "contradicted" };
    },
  });
  const m = (x: number) => `${(x / 1e6).toFixed(1)} M`;
  const inRange = base.reduction >= lo && base.reduction <= hi;
  const inside = sweep.ranges.filter((r) => r.status === "reproduced");
  const enter = sweep.flips.find((f) => f.to === "reproduced");
  const leave = sweep.flips.find((f) => f.from === "reproduced");
  const range =
    inside.length === 0
      ? `no keep ratio from ${keeps[0]} to ${keeps[keeps.length - 1]} puts it inside`
      : `it lies inside for keep ratios from ${enter ? enter.at.toFixed(3) : inside[0]!.from.toFixed(3)} to ${leave ? leave.at.toFixed(3) : inside[inside.length - 1]!.to.toFixed(3)} (the same ratio at the three selectors; reduction ${(100 * computationReduction(model, enter?.at ?? inside[0]!.from).reduction).toFixed(1)}–${(100 * computationReduction(model, leave?.at ?? inside[inside.length - 1]!.to).reduction).toFixed(1)} %)`;
  return {
    id: "heatvit-computation-reduction",
    status: "derived",
    kitValue: `${model.id} with keep ${baseKeep} at ¼, ½, ¾ depth: ${m(base.prunedMacs)} vs ${m(base.denseMacs)} MACs, −${(100 * base.reduction).toFixed(1)} %`,
    reason:
      `the abstract gives only the five-model range (${HEATVIT_ALGORITHM.computationReductionMin.value}–${HEATVIT_ALGORITHM.computationReductionMax.value} %); under DynamicViT's keep schedule (an assumption: HeatViT's learned rates are not public) ${model.id}'s reduction ${inRange ? "falls inside it" : "falls outside it"}; ${range}`,
    evidence: ["lib/analysis/heatvit-reduction.ts", "lib/analysis/heatvit.ts", "lib/specs/token-pruning.ts", "lib/workload/vit.ts"],
    figure,
  };
}
