/**
 * Verdicts of the FPGA-speedup notebook (05), one per catalogue entry it owns: the poster's SDDMM-on-systolic
 * claim and Fig. 11's four ratios (cycle model, judged across the documented assumption ablation), Fig. 12's
 * utilisation and power (first-order estimates where the kit can make one, quoted where it cannot), ViTCoD's
 * simulator totals and its under-utilisation claim (the kit's ViTCoD model), HeatViT's ZCU102 speedup and its
 * resource overheads.
 */
import type { VerdictInput } from "../claims/ledger.ts";
import {
  ablationVerdict,
  agreement,
  difference,
  exact,
  factorVerdict,
  plusMinus,
  span,
  thresholdVerdict,
  toleranceVerdict,
  type Decided,
  type Interval,
} from "../claims/verdict.ts";
import type { UtilisationPoint } from "./vitcod-evidence.ts";
import type { HeatvitReport } from "./heatvit.ts";
import type { AblationRow, PosterResult } from "../cycles/poster.ts";
import type { ScoreBufferEstimates } from "../cycles/resources.ts";
import type { VitcodAttentionResult, VitcodFfnResult } from "../cycles/vitcod.ts";
import { HEATVIT_PRUNING_ONLY_SECONDARY, HEATVIT_SPEEDUP } from "../paper/heatvit.ts";
import { POSTER_FIG11_REPORTED } from "../paper/poster-fig11.ts";
import { spearman } from "../stats.ts";
import { quotedOnly } from "./pruning-verdicts.ts";

/** The files Fig. 11's modelled ratios are computed by. */
export const FIG11_EVIDENCE: readonly string[] = ["lib/cycles/poster.ts", "lib/cycles/systolic.ts"];
const FIG12_FILE = "data/fpga-resources-reported.arrow";
const RESOURCE_EVIDENCE: readonly string[] = [FIG12_FILE, "lib/cycles/resources.ts", "lib/specs/hardware.ts"];
const POWER_EVIDENCE: readonly string[] = [FIG12_FILE, "lib/cycles/energy.ts", "lib/specs/energy.ts", "lib/cycles/models/mac-lines.ts", "lib/specs/hardware.ts"];
const VITCOD_MODEL_EVIDENCE: readonly string[] = ["lib/cycles/models/vitcod.ts", "lib/cycles/vitcod.ts", "lib/masks/polarizer.ts", "lib/masks/window.ts"];
const VITCOD_MASKS = "data/external/vitcod-mask-info-0.95.arrow";
const HEATVIT_EVIDENCE: readonly string[] = ["lib/cycles/models/heatvit.ts", "lib/analysis/heatvit.ts", "lib/specs/hardware.ts", "lib/specs/nonlinear.ts", "lib/specs/token-pruning.ts", "lib/paper/heatvit.ts"];

type RatioKey = keyof PosterResult["ratios"];

const FIG11_IDS: readonly [RatioKey, string][] = [
  ["qkSystolicToLines", "poster-fig11-qk-systolic-to-lines"],
  ["qkFullToWindow", "poster-fig11-qk-full-to-window"],
  ["svSystolicToLines", "poster-fig11-sv-systolic-to-lines"],
  ["svFullToWindow", "poster-fig11-sv-full-to-window"],
];

const pct = (x: number, digits = 1): string => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(digits)} %`;
const int = (x: number): string => Math.round(x).toLocaleString("en-US");

/** The ablation rows a verdict may use: every documented assumption set except those chosen after seeing the data. */
function verdictRows(rows: readonly AblationRow[]): AblationRow[] {
  const used = rows.filter((r) => !r.afterData);
  if (!used.some((r) => r.id === "base")) throw new Error("Fig. 11 verdicts: the ablation has no base row");
  return used;
}

/**
 * Fig. 11's four ratios: the cycle model under every documented assumption set (`posterAblation()`, rows
 * chosen after seeing the data left out), judged by {@link ablationVerdict} at ±`tolerance` relative.
 */
export function fig11Verdicts(rows: readonly AblationRow[], assumptions: string, tolerance: number, figure: string): VerdictInput[] {
  const used = verdictRows(rows);
  return FIG11_IDS.map(([key, id]) => {
    const paper = POSTER_FIG11_REPORTED[key];
    const v = ablationVerdict(used.map((r) => ({ id: r.id, value: r.ratios[key] })), "base", paper, tolerance);
    const outside = used.filter((r) => v.outside.includes(r.id)).map((r) => `${r.id} ×${r.ratios[key].toFixed(2)} (${pct(r.ratios[key] / paper - 1)})`);
    const rule = `±${(100 * tolerance).toFixed(0)} % relative across the ${used.length} assumption sets of the documented ablation (lib/cycles/poster.ts POSTER_ABLATIONS, the row fitted after seeing the data left out): reproduced only if every set lands in the band, indeterminate if the range straddles it`;
    const head = `×${v.interval.value.toFixed(2)} under the base assumptions (${pct(v.interval.value / paper - 1)}); ×${v.interval.lo.toFixed(2)}–×${v.interval.hi.toFixed(2)} across the ablation`;
    const reason =
      v.status === "reproduced"
        ? `within ±${(100 * tolerance).toFixed(0)} % of ×${paper} under all ${used.length} assumption sets (base: ${assumptions})`
        : v.status === "contradicted"
          ? `outside ±${(100 * tolerance).toFixed(0)} % of ×${paper} under every assumption set; base: ${assumptions}`
          : `within ±${(100 * tolerance).toFixed(0)} % of ×${paper} under ${v.inside.length} of ${used.length} assumption sets${v.baseInside ? ", the base among them" : " (not the base)"}; outside under ${outside.join(", ")}. ` +
            `The poster does not state which holds, so the ratio is reproduced only under some assumptions (base: ${assumptions})`;
    return { id, status: v.status, kitValue: head, reason, tolerance: rule, evidence: FIG11_EVIDENCE, figure };
  });
}

/**
 * The poster's "SDDMM is inefficient on systolic arrays": at equal PEs the systolic array needs more cycles
 * than the MAC lines for Q×K (Fig. 11's ×1.21 panel) — judged as ratio > 1 across the same ablation rows as
 * Fig. 11 (the ×1.21 magnitude is its own Fig. 11 verdict).
 */
export function sddmmSystolicVerdict(rows: readonly AblationRow[], base: PosterResult, figure: string): VerdictInput {
  const used = verdictRows(rows);
  const baseRow = used.find((r) => r.id === "base")!;
  const x = span(used.map((r) => r.ratios.qkSystolicToLines), baseRow.ratios.qkSystolicToLines);
  const status = thresholdVerdict(x, ">", 1);
  const below = used.filter((r) => r.ratios.qkSystolicToLines <= 1).map((r) => r.id);
  const onWindow = base.qk.systolicFull / base.qk.linesWindow;
  return {
    id: "poster-sddmm-systolic-inefficient",
    status,
    kitValue: `systolic / MAC-line Q×K cycles at equal PEs: ×${x.value.toFixed(2)} under the base assumptions, ×${x.lo.toFixed(2)}–×${x.hi.toFixed(2)} across ${used.length} assumption sets`,
    tolerance: "ratio > 1 (the systolic array slower) under every assumption set of the documented ablation; the ×1.21 magnitude is judged in poster-fig11-qk-systolic-to-lines",
    reason:
      (status === "reproduced"
        ? `the systolic array needs more Q×K cycles than the MAC lines under all ${used.length} assumption sets`
        : status === "contradicted"
          ? "the systolic array needs no more Q×K cycles than the MAC lines under any assumption set"
          : `the systolic array is slower under ${used.length - below.length} of ${used.length} assumption sets, not under ${below.join(", ")}`) +
      `; judged, as Fig. 11 does, on dense Q×K. On the window mask a systolic array that computes the dense product and discards the pruned scores (an assumption: the kit models no gather stage for it) takes ×${onWindow.toFixed(1)} the MAC lines' cycles`,
    evidence: FIG11_EVIDENCE,
    figure,
  };
}

/** One printed Fig. 12 item as read from `data/fpga-resources-reported.arrow`. */
export interface Fig12Item {
  section: string;
  item: string;
  value: number;
  valueBound: string;
}

function fig12Item(items: readonly Fig12Item[], section: string, item: string): Fig12Item {
  const r = items.find((x) => x.section === section && x.item === item);
  if (r === undefined) throw new Error(`Fig. 12 verdicts: ${FIG12_FILE} has no ${section} row "${item}"`);
  return r;
}

/** Rows of `readFig12()` as typed Fig. 12 items. */
export function fig12Items(rows: readonly Record<string, number | string | boolean>[]): Fig12Item[] {
  return rows.map((r) => ({ section: String(r.section), item: String(r.item), value: Number(r.value), valueBound: String(r.valueBound ?? "") }));
}

/**
 * A printed power value (watts, three decimals) as an interval: "x" is x ± 0.0005, "<x" is [0, x).
 */
export function printedWatts(item: Fig12Item): Interval {
  return item.valueBound === "<" ? { value: item.value / 2, lo: 0, hi: item.value } : plusMinus(item.value, 0.0005);
}

/** The kit's estimate of the poster's design, as Fig. 12's verdicts need it. */
export interface Fig12Estimate {
  buffers: ScoreBufferEstimates;
  /** The score buffer's shape (for the reason). */
  tokens: number;
  k: number;
  /** Average power of one inference of the poster's schedule on its own board (estimate). */
  onChipMw: number;
  totalMw: number;
  /** The energy table's id (e.g. horowitz-45nm). */
  energyTable: string;
  /** The PL clock assumed. */
  clockMHz: number;
}

/**
 * Fig. 12's five utilisation rows and its power panel. DSP (1 per MAC) and BRAM (dense or windowed score
 * buffer: the range of the two readings) are judged with {@link toleranceVerdict} at ±`tolerance`; FF has
 * only a lower bound (datapath registers), judged the same way on [bound, ∞); LUT and LUTRAM are quoted (no
 * estimate); power is judged within a factor 10 of the programmable logic's dynamic power (PL = dynamic − PS7
 * of the printed watts, each ±0.5 mW), the catalogue's order-of-magnitude tolerance.
 */
export function fig12Verdicts(items: readonly Fig12Item[], est: Fig12Estimate, tolerance: number, figures: { resources: string; power: string }): VerdictInput[] {
  const used = (name: string) => fig12Item(items, "utilization", name).value;
  const tol = `±${(100 * tolerance).toFixed(0)} % relative`;
  const { dense, windowed } = est.buffers;
  const out: VerdictInput[] = [];
  for (const name of ["LUT", "LUTRAM"] as const) {
    out.push({
      ...quotedOnly(`poster-fig12-${name.toLowerCase()}`, "not estimated"),
      tolerance: "n/a (no estimate to judge)",
      figure: figures.resources,
      reason: `the kit makes no ${name} estimate: ${name === "LUT" ? "LUTs go mostly to control, AXI interconnect, HLS glue and any multipliers mapped to fabric" : "LUTRAM holds small FIFOs and shift registers of the control and interconnect"}, which the poster does not describe; quoted from Fig. 12 (${int(used(name))} used)`,
    });
  }
  const ff = used("FF");
  const ffStatus = toleranceVerdict({ value: dense.ffDatapath, lo: dense.ffDatapath, hi: Number.POSITIVE_INFINITY }, ff, tolerance);
  out.push({
    id: "poster-fig12-ff",
    status: ffStatus,
    kitValue: `≥ ${int(dense.ffDatapath)} FF (datapath registers only: ${dense.macs} PEs × 5 × data width; ${(100 * dense.ffDatapath / ff).toFixed(0)} % of the reported ${int(ff)})`,
    tolerance: `${tol}; the kit has a lower bound only (control, AXI and HLS registers not estimated), judged on [bound, ∞)`,
    reason:
      ffStatus === "contradicted"
        ? `the datapath alone needs more flip-flops than the ${int(ff)} reported, beyond ${tol}`
        : `the lower bound is below the reported ${int(ff)}, so it neither confirms nor rules out the number: the rest of the design's registers are not estimated`,
    evidence: RESOURCE_EVIDENCE,
    figure: figures.resources,
  });
  const bram = used("BRAM");
  const bramRange = span([dense.bram36, windowed.bram36], dense.bram36);
  const bramStatus = toleranceVerdict(bramRange, bram, tolerance);
  out.push({
    id: "poster-fig12-bram",
    status: bramStatus,
    kitValue: `${dense.bram36} BRAM36 with a dense ${est.tokens}×${est.tokens} score buffer per head; ${windowed.bram36} with a windowed one (${est.tokens} × ${est.k * est.k + 1} scores per head); range ${windowed.bram36}–${dense.bram36}`,
    tolerance: `${tol}, over both score-buffer readings`,
    reason:
      `the estimate depends on an assumption the poster does not state: the ${bram} reported match only a dense score buffer per head (${dense.bram36}${Math.abs(dense.bram36 / bram - 1) <= tolerance ? ", within the tolerance" : ""}), which the design needs only if it holds whole score rows of the full-attention blocks on chip; ` +
      `a windowed score buffer gives ${windowed.bram36} (${pct(windowed.bram36 / bram - 1, 0)}), so the match is ${bramStatus === "reproduced" ? "robust" : "not evidence that the windowed design needs that memory"}`,
    evidence: RESOURCE_EVIDENCE,
    figure: figures.resources,
  });
  const dsp = used("DSP");
  const dspStatus = toleranceVerdict(exact(dense.dsp), dsp, tolerance);
  out.push({
    id: "poster-fig12-dsp",
    status: dspStatus,
    kitValue: `${dense.dsp} DSP48E1 at one per 16-bit MAC (${dense.macs} MACs; ${pct(dense.dsp / dsp - 1, 0)})`,
    tolerance: tol,
    reason:
      dspStatus === "reproduced"
        ? "one DSP per MAC gives the reported count within the tolerance"
        : `the kit's estimate disagrees with the report beyond ${tol}: ${dense.macs} PEs at one DSP each give ${dense.dsp}, the poster reports ${dsp}, so ${dense.dsp - dsp} multipliers went to LUT fabric or DSPs are shared — the poster does not say which`,
    evidence: RESOURCE_EVIDENCE,
    figure: figures.resources,
  });
  const ps7 = fig12Item(items, "power", "PS7");
  const pl = difference(printedWatts(fig12Item(items, "power", "Dynamic")), printedWatts(ps7));
  const plMw: Interval = { value: 1000 * pl.value, lo: 1000 * pl.lo, hi: 1000 * pl.hi };
  const parts = ["Clocks", "Signals", "Logic", "BRAM", "DSP"].map((c) => printedWatts(fig12Item(items, "power", c)));
  const partsMw = { lo: 1000 * parts.reduce((a, p) => a + p.lo, 0), hi: 1000 * parts.reduce((a, p) => a + p.hi, 0) };
  const powerStatus = factorVerdict(exact(est.onChipMw), plMw, 10);
  out.push({
    id: "poster-fig12-power",
    status: powerStatus,
    kitValue: `≈ ${est.onChipMw.toFixed(1)} mW on chip (MACs, nonlinear, SRAM; ${est.totalMw.toFixed(1)} mW with off-chip DRAM) averaged over one DeiT-tiny inference at ${est.clockMHz} MHz vs the programmable logic's ${plMw.value.toFixed(0)} mW (${plMw.lo.toFixed(0)}–${plMw.hi.toFixed(0)})`,
    tolerance: "within a factor 10 (order of magnitude) of the programmable logic's dynamic power = Dynamic − PS7 of the printed watts (each ±0.5 mW)",
    reason:
      `${powerStatus === "reproduced" ? "same order of magnitude" : powerStatus === "contradicted" ? "a different order of magnitude" : "the order of magnitude is undecided"}: the kit's estimate is ${(est.onChipMw / plMw.hi).toFixed(1)}–${(est.onChipMw / plMw.lo).toFixed(1)}× the PL's; ` +
      `the printed PL components (clocks, signals, logic, BRAM, DSP) add up to ${partsMw.lo.toFixed(1)}–${partsMw.hi.toFixed(1)} mW, consistent with Dynamic − PS7, and the PS7 (ARM cores, ${ps7.value} W) draws ×${Math.round(ps7.value / pl.value)} the PL's. ` +
      `Order of magnitude only: the kit's per-operation energies are a 45 nm ASIC table (${est.energyTable}) and Vivado's estimate uses toggle rates the poster does not give`,
    evidence: POWER_EVIDENCE,
    figure: figures.power,
  });
  return out;
}

/** ViTCoD's simulator totals (its logs' last runs) against the kit's re-implementation, exact. */
export function vitcodSimVerdicts(att: VitcodAttentionResult, ffn: VitcodFfnResult, log: { attentionTotal: number; ffnTotal: number }, perLayerMismatches: number, figure: string): VerdictInput[] {
  return [
    {
      id: "vitcod-sim-attention-total",
      status: att.total === log.attentionTotal ? "reproduced" : "contradicted",
      kitValue: `${att.total} (preload ${att.preload}, processing ${att.processing}, computation ${att.computation})`,
      reason: `the kit's vitcod model (reference semantics) on the kit-polarized info_0.95 masks; ${perLayerMismatches === 0 ? "every per-layer value of the log also matches" : `${perLayerMismatches} per-layer values of the log differ`}`,
      evidence: [VITCOD_MASKS, "data/external/vitcod-attention-log.arrow", "lib/cycles/vitcod.ts", "lib/masks/polarizer.ts"],
      figure,
    },
    {
      id: "vitcod-sim-ffn-total",
      status: ffn.total === log.ffnTotal ? "reproduced" : "contradicted",
      kitValue: `${ffn.total} (linear ${Math.max(ffn.linearCompute + ffn.encoder, ffn.linearPreload)}, FFN ${Math.max(ffn.ffnCompute, ffn.ffnPreload)})`,
      reason: "the kit's FFN/linear model (reference semantics), 12 layers",
      evidence: ["data/external/vitcod-ffn-log.arrow", "lib/cycles/vitcod.ts"],
      figure,
    },
  ];
}

/** One mask family's reading of the under-utilisation claim. */
export interface UtilisationFamily {
  family: "window" | "learned";
  points: number;
  spearman: number;
  /** Sparsest mask of the family, and its utilisation over the dense map's. */
  sparsest: UtilisationPoint;
  ratioToDense: number;
  verdict: Decided;
}

/**
 * ViTCoD's under-utilisation claim on the kit's ViTCoD model. Per mask family (k×k windows; learned masks at
 * the sparsities available), each with the dense map as its densest point: the claim holds when utilisation
 * rises with density (Spearman > 0) and the family's sparsest mask runs below `maxRatio` of the dense map's
 * utilisation (reproduced), fails when it does not (contradicted); the families' verdicts are combined with
 * {@link agreement} — families that disagree make it indeterminate (the claim does not say which sparse
 * patterns it means).
 * @throws Error without the dense point or without a sparse family.
 */
export function utilisationFamilies(points: readonly UtilisationPoint[], maxRatio = 0.8): UtilisationFamily[] {
  const dense = points.find((p) => p.family === "dense");
  if (dense === undefined) throw new Error("under-utilisation verdict: no dense point");
  const families = (["window", "learned"] as const).filter((f) => points.some((p) => p.family === f));
  if (families.length === 0) throw new Error("under-utilisation verdict: no sparse masks");
  return families.map((family) => {
    const pts = [dense, ...points.filter((p) => p.family === family)];
    const rho = spearman(pts.map((p) => p.density), pts.map((p) => p.attentionUtilisation));
    const sparsest = pts.reduce((a, b) => (b.density < a.density ? b : a));
    const ratioToDense = sparsest.attentionUtilisation / dense.attentionUtilisation;
    const verdict: Decided = rho > 0 && ratioToDense < maxRatio ? "reproduced" : "contradicted";
    return { family, points: pts.length, spearman: rho, sparsest, ratioToDense, verdict };
  });
}

/** The verdict of {@link utilisationFamilies} as a ledger row. */
export function underutilisationVerdict(points: readonly UtilisationPoint[], figure: string, maxRatio = 0.8): VerdictInput {
  const fams = utilisationFamilies(points, maxRatio);
  const dense = points.find((p) => p.family === "dense")!;
  const status = agreement(fams.map((f) => f.verdict));
  const u = (x: number) => `${(100 * x).toFixed(1)} %`;
  const describe = (f: UtilisationFamily): string => {
    const pts = points.filter((p) => p.family === f.family);
    const d = pts.map((p) => p.density);
    return `${f.family === "window" ? `window masks (${pts.length}, ${u(Math.min(...d))}–${u(Math.max(...d))} kept)` : `learned masks (${pts.map((p) => p.workload).join(", ")}, ${u(Math.min(...d))} kept)`}: Spearman ${f.spearman.toFixed(2)} over ${f.points} points with dense, sparsest ${u(f.sparsest.attentionUtilisation)} = ×${f.ratioToDense.toFixed(2)} of dense → ${f.verdict}`;
  };
  const exposed = [...new Set(points.map((p) => p.exposedDataMovement))];
  return {
    id: "vitcod-page-underutilisation",
    status,
    kitValue: `attention utilisation ${u(dense.attentionUtilisation)} on dense attention; ${fams.map(describe).join("; ")}`,
    tolerance: `per mask family, with the dense map as its densest point: utilisation rises with density (Spearman > 0) and the sparsest mask runs below ${maxRatio} of dense; families that disagree → indeterminate`,
    reason:
      `on the kit's model of ViTCoD's accelerator ${status === "indeterminate" ? "the answer depends on the sparse pattern, which the claim does not fix: " : ""}` +
      fams.map((f) => `${f.family === "window" ? "window masks" : "the learned masks"} ${f.verdict === "reproduced" ? "lose utilisation as they get sparser" : "do not lose utilisation with sparsity"}`).join(", ") +
      `. The loss follows how the polarizer splits a head's work between the dense and the sparse engine (one idles while the other finishes), not density alone; ` +
      (exposed.length === 1
        ? `the loads and decoding exposed beyond compute are the same ${int(exposed[0]!)} cycles for every mask, so in this model the loss is not bandwidth-bound as the quote says. `
        : `exposed loads/decoding range ${int(Math.min(...exposed))}–${int(Math.max(...exposed))} cycles. `) +
      "The model includes ViTCoD's remedy (polarization, two engines); the quote describes the challenge it answers",
    evidence: points.some((p) => p.family === "learned") ? [...VITCOD_MODEL_EVIDENCE, VITCOD_MASKS] : VITCOD_MODEL_EVIDENCE,
    figure,
  };
}

/**
 * HeatViT's ×3.46–×4.89 over its baseline on the ZCU102 beside the kit's model of both accelerators (per model,
 * split into datapath, nonlinear and pruning factors). The pruning factor rests on an assumption (DynamicViT's keep
 * schedule; HeatViT's learned keep rates are not public), so the verdict is judged across that assumption:
 * reproduced when the modelled span's ends both lie within `tolerance` of the reported ends; otherwise the
 * kit's datapath × nonlinear factors are combined with the pruning-only factors of a secondary reading of the
 * paper's Table VII — indeterminate when that alternative span is within tolerance at both ends (the answer
 * depends on keep rates the kit does not have), contradicted when neither assumption reaches the reported range.
 */
export function heatvitSpeedupVerdict(reports: readonly HeatvitReport[], tolerance: number, figure: string): VerdictInput {
  const lo = Math.min(...reports.map((r) => r.modelledSpeedup));
  const hi = Math.max(...reports.map((r) => r.modelledSpeedup));
  const min = HEATVIT_SPEEDUP.min.value;
  const max = HEATVIT_SPEEDUP.max.value;
  const loV = toleranceVerdict(exact(lo), min, tolerance);
  const hiV = toleranceVerdict(exact(hi), max, tolerance);
  const within = loV === "reproduced" && hiV === "reproduced";
  const f = (k: "datapath" | "nonlinear" | "pruning"): string => `×${Math.min(...reports.map((r) => r.factors[k])).toFixed(2)}–×${Math.max(...reports.map((r) => r.factors[k])).toFixed(2)}`;
  const sec = HEATVIT_PRUNING_ONLY_SECONDARY;
  // The same model with the secondary reading's pruning-only factors in place of the assumed keep schedule's.
  const withoutPruning = reports.map((r) => r.factors.datapath * r.factors.nonlinear);
  const altLo = Math.min(...withoutPruning) * sec.min.value;
  const altHi = Math.max(...withoutPruning) * sec.max.value;
  const altWithin = toleranceVerdict(exact(altLo), min, tolerance) === "reproduced" && toleranceVerdict(exact(altHi), max, tolerance) === "reproduced";
  const status = within ? "reproduced" : altWithin ? "indeterminate" : "contradicted";
  const alternative =
    `With the pruning-only factors of a secondary reading of the paper's Table VII (×${sec.min.value}–×${sec.max.value}) in place of the assumed schedule's, ` +
    `the kit's datapath × nonlinear factors (×${Math.min(...withoutPruning).toFixed(2)}–×${Math.max(...withoutPruning).toFixed(2)}) give ×${altLo.toFixed(2)}–×${altHi.toFixed(2)} ` +
    `(${pct(altLo / min - 1, 0)}, ${pct(altHi / max - 1, 0)}): ${altWithin ? "within the tolerance, so the verdict turns on keep rates the kit does not have — indeterminate" : "still outside the tolerance"}`;
  return {
    id: "heatvit-zcu102-speedup",
    status,
    kitValue: `×${lo.toFixed(2)}–×${hi.toFixed(2)} over ${reports.length} models (datapath ${f("datapath")}, nonlinear ${f("nonlinear")}, pruning ${f("pruning")})`,
    tolerance: `±${(tolerance * 100).toFixed(0)} % at each end of the range (the kit models HeatViT's accelerator from the paper's description; constants it does not give are stated assumptions)`,
    reason: within
      ? "modelled (stated assumptions: ZCU102 presets, DynamicViT keep schedule, nonlinear lane ratios); each end within tolerance"
      : `with DynamicViT's keep schedule (an assumption) the modelled span misses: low end ${pct(lo / min - 1, 0)} (${loV === "reproduced" ? "within" : "outside"}), high end ${pct(hi / max - 1, 0)} (${hiV === "reproduced" ? "within" : "outside"}). ` +
        `The gap is carried by two assumptions: the keep schedule (DynamicViT's 0.7 at ¼, ½, ¾ depth gives pruning ${f("pruning")}, where a secondary reading of the paper's Table VII has ×${sec.min.value}–×${sec.max.value} from pruning alone, i.e. HeatViT's learned rates prune harder) ` +
        `and the datapath factor (${f("datapath")} from 16-bit→8-bit on an output-stationary array with fold overheads, where ×${min}/×${sec.min.value} ≈ ×${(min / sec.min.value).toFixed(2)} is implied). ` +
        alternative,
    evidence: HEATVIT_EVIDENCE,
    figure,
  };
}

/** HeatViT's resource overheads: synthesis cannot be rerun here, quoted with their location. */
export function heatvitOverheadVerdicts(): VerdictInput[] {
  return ["heatvit-dsp-overhead", "heatvit-lut-overhead"].map((id) => quotedOnly(id, "not rerun here (no synthesis of HeatViT's or its baseline's accelerator)"));
}
