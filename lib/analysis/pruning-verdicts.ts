/**
 * Verdicts of the pruning-ratio notebook (03): the poster's "up to 95 %" and its whole-model consequence, the
 * Fig. 5 claims (the poster's "CV prunes more than NLP" and "up to 90 %", ViTCoD's "≤ 1.5 % under 90 %" and
 * "NLP … ≥ 50 %") judged on the digitised Fig. 5 with its reading uncertainty, and the ViTCoD/HeatViT paper
 * numbers the kit can only quote.
 */
import type { ContextInput, VerdictInput } from "../claims/ledger.ts";
import { difference, plusMinus, thresholdVerdict, type Decided, type Interval } from "../claims/verdict.ts";
import type { Fig5Point } from "../paper/poster-fig5.ts";
import { scheduleReport, vitcodLayerPruning } from "./masks.ts";
import { maskStats, type SparseMask } from "../masks/sparse-mask.ts";
import { windowMask, type WindowOptions } from "../masks/window.ts";
import { catalogueEntry } from "../paper/claims/index.ts";

const FIG5_FILE = "data/fig5-pruning-vs-accuracy.arrow";
const MASK_FILE = "data/external/vitcod-mask-info-0.95.arrow";
const WINDOW_CODE = "lib/masks/window.ts";

/** The poster's "up to 95 %" and the whole-model reduction of its schedule (exact counts). */
export function windowVerdicts(window: WindowOptions, blocks: number, heads: number, windowedBlocks: readonly number[], roundingPoints: number, figure: string, scheduleFigure?: string): VerdictInput[] {
  const stats = maskStats(windowMask(window));
  const exact = 100 * stats.pruningRatio;
  const noSpecial = maskStats(windowMask({ ...window, special: 0 }));
  const smallest = 100 * maskStats(windowMask({ ...window, kh: 3, kw: 3 })).pruningRatio;
  const rank =
    exact >= smallest
      ? "the maximum over odd windows ≥ 3 on this grid"
      : `below the ${smallest.toFixed(4)} % of the smallest odd window on this grid`;
  const sched = scheduleReport(window, blocks, heads, windowedBlocks);
  const status = thresholdVerdict(plusMinus(Math.abs(exact - 95), 0), "<=", roundingPoints) === "reproduced" ? "reproduced" : "contradicted";
  return [
    {
      id: "poster-window-pruning-95",
      status,
      kitValue: `${exact.toFixed(4)} % (${window.gridH}×${window.gridW} patches + ${window.special ?? 1} CLS, ${window.kh}×${window.kh} window, ${window.border ?? "clip"}: ${stats.nnz.toLocaleString("en-US")} of ${stats.entries.toLocaleString("en-US")} entries kept per head)`,
      reason: `${exact.toFixed(4)} % rounds to ${Math.round(exact)} %; it is ${rank} (without the CLS token ${(100 * noSpecial.pruningRatio).toFixed(4)} %); it holds for the windowed blocks only`,
      evidence: [WINDOW_CODE],
      figure,
    },
    {
      id: "poster-whole-model-pruning",
      status: "derived",
      kitValue: `${sched.wholeModelPercent.toFixed(4)} % of all attention-map entries over ${blocks} blocks × ${heads} heads (${sched.keptTotal.toLocaleString("en-US")} of ${sched.entriesTotal.toLocaleString("en-US")} kept); windowed blocks alone ${sched.sparseBlocksPercent.toFixed(4)} %`,
      reason: `with ${windowedBlocks.length} of ${blocks} blocks windowed the whole model's attention maps shrink by ${sched.wholeModelPercent.toFixed(2)} %, ${(sched.wholeModelPercent / exact).toFixed(2)} of the per-block figure`,
      evidence: [WINDOW_CODE],
      ...(scheduleFigure === undefined ? {} : { figure: scheduleFigure }),
    },
  ];
}

/** A series' markers sorted by sparsity, each with its sparsity and value intervals. */
function seriesMarkers(points: readonly Fig5Point[], series: string): { s: Interval; v: Interval }[] {
  return points
    .filter((p) => p.series === series)
    .sort((a, b) => a.sparsity - b.sparsity)
    .map((p) => ({ s: plusMinus(p.sparsity, p.sparsityUncertainty), v: plusMinus(p.value, p.valueUncertainty) }));
}

/** How far a series prunes within a bound of its least-sparse marker. */
export interface Fig5Reach {
  series: string;
  family: string;
  /** Highest sparsity whose marker stays within the bound, with the interval the readings allow. */
  reach: Interval;
  /** True when the last visible marker is still within the bound (markers hidden behind others may go further). */
  censored: boolean;
}

/**
 * Per series: the highest sparsity at which the value stays within `bound` of the least-sparse marker.
 * Interval: low end = the highest marker certainly within the bound (its sparsity's low end); high end =
 * the highest marker possibly within it (its sparsity's high end) — or, when the last visible marker is
 * still within the bound, the most sparse marker of the whole family (a hidden marker hides behind another).
 */
export function fig5Reach(points: readonly Fig5Point[], bound: number): Fig5Reach[] {
  const names = [...new Set(points.map((p) => p.series))];
  return names.map((series) => {
    const family = points.find((p) => p.series === series)!.family;
    const familyMax = Math.max(...points.filter((p) => p.family === family).map((p) => p.sparsity + p.sparsityUncertainty));
    const m = seriesMarkers(points, series);
    const first = m[0]!;
    const drops = m.map((x) => difference(first.v, x.v));
    const certain = m.filter((_, i) => drops[i]!.hi <= bound);
    const possible = m.filter((_, i) => drops[i]!.lo <= bound);
    const bestValue = m.filter((_, i) => drops[i]!.value <= bound);
    const last = m.length - 1;
    const censored = drops[last]!.value <= bound;
    const lo = certain.length ? certain[certain.length - 1]!.s.lo : first.s.lo;
    const hi = censored ? familyMax : possible[possible.length - 1]!.s.hi;
    return { series, family, reach: { value: bestValue[bestValue.length - 1]!.s.value, lo, hi }, censored };
  });
}

const isVit = (r: Fig5Reach) => /DeiT/.test(r.series);

/** A text judged against the source's own figure is a consistency check: reproduced/contradicted read as consistent/inconsistent. */
function asConsistency(d: Decided): "consistent" | "inconsistent" | "indeterminate" {
  return d === "reproduced" ? "consistent" : d === "contradicted" ? "inconsistent" : "indeterminate";
}

/** Reading uncertainty of the dashed unpruned line: as a clearly visible marker. */
const BASELINE_UNCERTAINTY = 0.1;

/**
 * The Fig. 5 claims, on the digitised Fig. 5: each sentence against the figure its source prints (the poster's
 * Fig. 5 is ViTCoD's own figure, shown on its project page), so a consistency check with the reading
 * uncertainty carried; "NLP … ≥ 50 %" is a claim about what NLP Transformers need, quoted with Fig. 5 as context.
 */
export function fig5Verdicts(
  points: readonly Fig5Point[],
  baselines: readonly { name: string; value: number }[],
  o: { bound: number; sparsity: number; figure: string },
): (VerdictInput | ContextInput)[] {
  const reach = fig5Reach(points, o.bound);
  const vit = reach.filter(isVit);
  const nlp = reach.filter((r) => !isVit(r));
  const fmt = (r: Fig5Reach) => `${r.series} ${r.reach.value.toFixed(1)} % (${r.reach.lo.toFixed(1)}–${r.reach.hi.toFixed(1)}${r.censored ? ", last visible marker still within" : ""})`;
  const out: (VerdictInput | ContextInput)[] = [];

  const vitMin = Math.min(...vit.map((r) => r.reach.lo));
  const nlpMax = Math.max(...nlp.map((r) => r.reach.hi));
  const cvStatus = vitMin > nlpMax ? "consistent" : Math.max(...vit.map((r) => r.reach.hi)) < Math.min(...nlp.map((r) => r.reach.lo)) ? "inconsistent" : "indeterminate";
  out.push({
    id: "poster-fig5-cv-prunes-more-than-nlp",
    status: cvStatus,
    kitValue: `reach within ${o.bound} of the least-sparse marker — ViT: ${vit.map(fmt).join("; ")}; NLP: ${nlp.map(fmt).join("; ")}`,
    reason:
      cvStatus === "consistent"
        ? `the sentence agrees with its figure: every ViT curve holds to at least ${vitMin.toFixed(1)} % sparsity, beyond the most any NLP curve can reach (${nlpMax.toFixed(1)} %, hidden markers included)`
        : `the reach intervals overlap (ViT from ${vitMin.toFixed(1)} %, NLP up to ${nlpMax.toFixed(1)} %)`,
    evidence: [FIG5_FILE],
    figure: o.figure,
  });

  const maxVit = vit.map((r) => {
    const m = seriesMarkers(points, r.series);
    return { series: r.series, s: m[m.length - 1]!.s };
  });
  const upTo90 = maxVit.every((x) => x.s.lo >= o.sparsity) ? "consistent" : maxVit.some((x) => x.s.hi < o.sparsity) ? "inconsistent" : "indeterminate";
  out.push({
    id: "poster-vit-pruning-up-to-90",
    status: upTo90,
    kitValue: `most sparse ViT markers: ${maxVit.map((x) => `${x.series} ${x.s.value.toFixed(1)} % (±${(x.s.hi - x.s.value).toFixed(1)})`).join(", ")}`,
    reason: `the Conclusion agrees with the poster's Fig. 5 (ViTCoD's figure): both ViT curves run to ${o.sparsity} % sparsity and beyond; the accuracy cost there is ViTCoD's separate claim (below)`,
    evidence: [FIG5_FILE],
    figure: o.figure,
  });

  for (const [id, name] of [
    ["vitcod-page-90-drop-deit-base", "DeiT-Base (InfoPruning)"],
    ["vitcod-page-90-drop-deit-small", "DeiT-Small (InfoPruning)"],
  ] as const) {
    const base = baselines.find((b) => b.name === name);
    const m = seriesMarkers(points, name);
    if (base === undefined || m.length === 0) throw new Error(`Fig. 5 has no ${name} series or baseline`);
    const near = m.reduce((a, x) => (Math.abs(x.s.value - o.sparsity) < Math.abs(a.s.value - o.sparsity) ? x : a));
    const drop = difference(plusMinus(base.value, BASELINE_UNCERTAINTY), near.v);
    const status = asConsistency(thresholdVerdict(drop, "<=", 1.5));
    out.push({
      id,
      status,
      kitValue: `drop ${drop.value.toFixed(2)} points (${drop.lo.toFixed(2)}–${drop.hi.toFixed(2)}) at ${near.s.value.toFixed(1)} ± ${(near.s.hi - near.s.value).toFixed(1)} % sparsity (unpruned ${base.value.toFixed(2)} %, marker ${near.v.value.toFixed(2)} %)`,
      reason:
        status === "indeterminate"
          ? `the drop's reading interval ${drop.lo.toFixed(2)}–${drop.hi.toFixed(2)} straddles 1.5 points: the digitised figure cannot decide`
          : status === "consistent"
            ? `ViTCoD's text agrees with its own figure: the whole reading interval is within 1.5 points`
            : `ViTCoD's text disagrees with its own figure: the whole reading interval exceeds 1.5 points`,
      evidence: [FIG5_FILE],
      figure: o.figure,
    });
  }

  const atHalf = nlp.filter((r) => seriesMarkers(points, r.series).some((m) => m.s.lo >= 50));
  out.push({
    id: "vitcod-page-nlp-dynamic-50",
    status: "quoted-only",
    kitValue: "not rerun here (NLP Transformers trained with fixed and with predicted sparse patterns)",
    reason: "quoted from ViTCoD's project page: the sentence says NLP Transformers need on-the-fly prediction to reach a decent sparsity, which takes NLP models trained both ways; Fig. 5 shows only dynamic-pattern series (context row)",
  });
  out.push({
    contextOf: "vitcod-page-nlp-dynamic-50",
    key: "fig5-dynamic-series",
    setting: "Fig. 5's six NLP series, all labelled \"NLP Transformer (Dynamic)\" (digitised); no fixed-pattern NLP series to compare",
    kitValue: `${atHalf.length} of ${nlp.length} NLP series have a marker at ≥ 50 % sparsity (${atHalf.map((r) => r.series).join(", ") || "none"}); reach within ${o.bound} BLEU of the least-sparse marker: ${nlp.map(fmt).join("; ")}`,
    reason: "the figure shows the sparsity dynamic patterns reach and what it costs in BLEU, not that fixed patterns could not reach it: it neither confirms nor refutes the need",
    evidence: [FIG5_FILE],
    figure: o.figure,
  });
  return out;
}

/** ViTCoD's released masks as context of the "up to 90 %" claims (another model and definition: DeiT-tiny, mask sparsity, no accuracy). */
export function vitcodMaskContext(masks: readonly (readonly SparseMask[])[]): ContextInput[] {
  const vit = vitcodLayerPruning(masks);
  const text = `${vit.wholeModelPercent.toFixed(2)} % pruned over all ${masks.length}×${masks[0]?.length ?? 0} heads (per layer ${Math.min(...vit.perLayerPercent).toFixed(2)}–${Math.max(...vit.perLayerPercent).toFixed(2)} %)`;
  return ["poster-vit-pruning-up-to-90", "vitcod-page-90-drop-deit-small"].map((contextOf) => ({
    contextOf,
    key: "vitcod-released-masks",
    setting: "ViTCoD's released DeiT-tiny masks (info_0.95): mask sparsity of another model, no accuracy",
    kitValue: text,
    reason: "a trained ViT does run at about 95 % attention sparsity; what that costs in accuracy is not in the masks",
    evidence: [MASK_FILE],
  }));
}

/** A quoted-only row for a claim the kit cannot rerun here (the catalogue says why). */
export function quotedOnly(id: string, kitValue = "not rerun here"): VerdictInput {
  const e = catalogueEntry(id);
  return { id, status: "quoted-only", kitValue, reason: `quoted from ${e.source} (${e.location}): ${e.toleranceReason}` };
}
