/**
 * Verdicts of the latency notebook (01): the poster's Fig. 1 claims judged on Fig. 1's own bar labels (the
 * TX2 setting), with their rounding carried; ViTCoD's raw TX2 profile and this CPU's measurements filed as
 * context; the "quadratic" sentence on operation counts; the windowed schedule's end-to-end MACs.
 */
import { exact, quotient, sumOfRounded, thresholdVerdict, plusMinus, type Interval } from "../claims/verdict.ts";
import type { ContextInput, VerdictInput } from "../claims/ledger.ts";
import { fig1OverId, FIG1_MODELS } from "../paper/claims/index.ts";
import { SA_CATEGORIES, type BreakdownRow } from "../paper/poster-fig1.ts";
import type { AmdahlRow, AmdahlScope } from "./amdahl.ts";
import { modelConfig, type ModelConfig } from "../specs/models.ts";
import { ATTENTION_CORE_ROLES } from "../specs/roles.ts";
import { buildWorkload, macsByRole } from "../workload/vit.ts";

const DIGITIZED_FILE = "data/latency-breakdown-reported.arrow";
const CPU_FILE = "data/latency-breakdown-cpu.arrow";
const TX2_FILE = "data/external/tx2-profile.arrow";

/** The four SA bar labels of one Fig. 1 model, as printed. */
export function saLabels(rows: readonly BreakdownRow[], model: string): number[] {
  const labels = SA_CATEGORIES.map((c) => rows.find((r) => r.model === model && r.category === c && r.origin === "bar label")?.percent);
  if (labels.some((v) => v === undefined)) throw new Error(`Fig. 1 reading has no SA labels for "${model}"`);
  return labels as number[];
}

/** The SA share of each Fig. 1 model as an interval (four integer labels: ±2 points). */
export function fig1SaIntervals(rows: readonly BreakdownRow[]): { model: string; labels: number[]; share: Interval }[] {
  return FIG1_MODELS.map(({ model }) => {
    const labels = saLabels(rows, model);
    return { model, labels, share: sumOfRounded(labels) };
  });
}

/** Options of {@link fig1Verdicts}. */
export interface Fig1VerdictOptions {
  /** The claim's lower bound ("over 50%"). */
  lowerPercent: number;
  /** The figure that shows the bars (in the notebook's results folder). */
  figure: string;
}

/** Consistency status of a threshold judged on printed labels: the text agrees with the figure, disagrees, or the rounding cannot tell. */
function printedStatus(x: Interval, relation: ">" | "<=", threshold: number): "consistent" | "inconsistent" | "indeterminate" {
  const v = thresholdVerdict(x, relation, threshold);
  return v === "reproduced" ? "consistent" : v === "contradicted" ? "inconsistent" : "indeterminate";
}

/**
 * "Over 50 %" per model, "up to 69 %", and the DeiT-Tiny box, on the printed labels: the poster's text against
 * its own figure, so consistency checks (consistent / inconsistent, indeterminate where the labels' rounding
 * straddles the threshold), never a reproduction.
 */
export function fig1Verdicts(rows: readonly BreakdownRow[], o: Fig1VerdictOptions): VerdictInput[] {
  const shares = fig1SaIntervals(rows);
  const out: VerdictInput[] = shares.map(({ model, labels, share }) => {
    const status = printedStatus(share, ">", o.lowerPercent);
    const text = `${model}: ${labels.join(" + ")} = ${share.value} % (true share ${share.lo}–${share.hi} %)`;
    return {
      id: fig1OverId(model),
      status,
      kitValue: text,
      reason:
        status === "indeterminate"
          ? `the printed labels sum to ${share.value} %, and their rounding allows ${share.lo}–${share.hi} %: the bar cannot say whether it is over ${o.lowerPercent} %`
          : status === "consistent"
            ? `the text agrees with its own Fig. 1: even at the low end of the labels' rounding (${share.lo} %) the SA stack is over ${o.lowerPercent} %`
            : `the text disagrees with its own Fig. 1: even at the high end of the labels' rounding (${share.hi} %) the SA stack is not over ${o.lowerPercent} %`,
      evidence: [DIGITIZED_FILE],
      figure: o.figure,
    };
  });
  const max = shares.reduce((m, s) => (s.share.value > m.share.value ? s : m), shares[0]!);
  out.push({
    id: "poster-fig1-sa-up-to-69",
    status: max.share.value === 69 ? "consistent" : printedStatus(max.share, "<=", 69) === "inconsistent" ? "inconsistent" : "indeterminate",
    kitValue: `largest printed SA stack: ${max.model}, ${max.labels.join(" + ")} = ${max.share.value} % (true ${max.share.lo}–${max.share.hi} %)`,
    reason: `the poster's "up to 69%" is the sum of the printed labels of its largest SA stack (${max.model}): the text and the figure agree, by the way the number was made; the bars themselves carry ±2 points`,
    evidence: [DIGITIZED_FILE],
    figure: o.figure,
  });
  const tiny = saLabels(rows, "DeiT-Tiny");
  const exactShare = (100 * tiny[0]!) / tiny.reduce((a, b) => a + b, 0);
  const range = quotient(plusMinus(tiny[0]!, 0.5), sumOfRounded(tiny));
  const holds = exactShare >= 52.5 && exactShare < 54;
  out.push({
    id: "poster-fig1-deit-tiny-matmul-box",
    status: holds ? "consistent" : "inconsistent",
    kitValue: `${tiny[0]} / (${tiny.join("+")}) = ${exactShare.toFixed(2)} % (labels' rounding: ${(100 * range.lo).toFixed(1)}–${(100 * range.hi).toFixed(1)} %)`,
    reason: holds
      ? `arithmetic on the box's own printed labels: ${exactShare.toFixed(2)} % prints as 53 % only by truncation (rounding gives ${Math.round(exactShare)} %); the attention core is about half of DeiT-Tiny's SA stack either way`
      : `${exactShare.toFixed(2)} % does not print as 53 %`,
    evidence: [DIGITIZED_FILE],
    figure: o.figure,
  });
  return out;
}

/**
 * ViTCoD's FLOPs-profiling printout (`flops.txt`, fvcore, LeViT-128) against the kit's analytic operator list of
 * the same model: the kit's total must lie inside the printout's rounding of its root count.
 */
export function levitFlopsVerdict(fvcoreRoot: { flops: number; flopsText: string }, kitMacs: number, figure: string): VerdictInput {
  const m = /^([0-9.]+)\s*([KMG]?)$/.exec(fvcoreRoot.flopsText.trim());
  if (m === null) throw new Error(`levitFlopsVerdict: cannot read fvcore's printed count "${fvcoreRoot.flopsText}"`);
  const decimals = (m[1]!.split(".")[1] ?? "").length;
  const unit = { "": 1, K: 1e3, M: 1e6, G: 1e9 }[m[2] as "" | "K" | "M" | "G"];
  const half = (0.5 * unit) / 10 ** decimals;
  const lo = fvcoreRoot.flops - half;
  const hi = fvcoreRoot.flops + half;
  const inside = kitMacs >= lo && kitMacs < hi;
  return {
    id: "vitcod-repo-flops-profile",
    status: inside ? "reproduced" : "contradicted",
    kitValue: `kit ${(kitMacs / 1e6).toFixed(1)} M MACs vs fvcore's printed ${fvcoreRoot.flopsText} (${(lo / 1e6).toFixed(0)}–${(hi / 1e6).toFixed(0)} M by its rounding)`,
    reason: inside
      ? `the kit's operator list of LeViT-128 (lib/workload/vit.ts) counts ${((kitMacs / fvcoreRoot.flops - 1) * 100).toFixed(1)} % from the printed total, inside its rounding: ViTCoD's FLOPs profile and an independent count agree`
      : `the kit's count lies outside the printout's rounding (${((kitMacs / fvcoreRoot.flops - 1) * 100).toFixed(1)} %)`,
    evidence: ["data/external/levit128-flops.arrow", "lib/workload/vit.ts", "lib/specs/models.ts"],
    figure,
  };
}

/** ViTCoD's raw TX2 profile as context of the DeiT-Tiny claim (same device; a DeiT-tiny encoder without CLS, patch embedding and head). */
export function tx2Context(coreOnlyPercent: number, coreAndProjectionsPercent: number, figure: string): ContextInput[] {
  const id = fig1OverId("DeiT-Tiny");
  return [
    {
      contextOf: id,
      key: "tx2-raw-fig1-definition",
      setting: "NVIDIA Jetson TX2, ViTCoD's raw TensorRT profile of a DeiT-tiny-sized encoder (196 tokens, no CLS, no patch embedding, no head); SA = core + QKV + output projection (Fig. 1's legend)",
      kitValue: `${coreAndProjectionsPercent.toFixed(1)} %`,
      reason: `same device and definition, different workload (the encoder without embedding and head): over 50 % there too`,
      evidence: [TX2_FILE],
      figure,
    },
    {
      contextOf: id,
      key: "tx2-raw-core-only",
      setting: "NVIDIA Jetson TX2, ViTCoD's raw TensorRT profile; SA = attention core only (Q·Kᵀ, softmax, P·V, reshapes), a definition Fig. 1 does not use",
      kitValue: `${coreOnlyPercent.toFixed(1)} %`,
      reason: "another definition: without SA-Linear the share is lower; not a verdict on the poster's claim",
      evidence: [TX2_FILE],
      figure,
    },
  ];
}

/** This CPU's measured SA shares as context of each model's claim (another device: a server CPU, onnxruntime). */
export function cpuContext(shares: readonly { model: string; saPercent: number }[], cpuLabel: string, figure: string): ContextInput[] {
  return shares
    .filter((s) => FIG1_MODELS.some((m) => m.model.toLowerCase() === s.model.toLowerCase()))
    .map((s) => ({
      contextOf: fig1OverId(s.model),
      key: "cpu-onnxruntime",
      setting: `${cpuLabel}, onnxruntime-node per-operator profile, 1 thread (a server CPU, not an edge device)`,
      kitValue: `${s.model}: ${s.saPercent.toFixed(1)} %`,
      reason: `another device: the claim is about edge devices (Fig. 1: TX2); on this CPU the SA share is ${s.saPercent > 50 ? "over" : "not over"} 50 %`,
      evidence: [CPU_FILE],
      figure,
    }));
}

function coreMacs(config: ModelConfig): number {
  const roles = macsByRole(buildWorkload(config));
  return ATTENTION_CORE_ROLES.reduce((a, r) => a + (roles.get(r) ?? 0), 0);
}

/** Attention-core and total MACs of DeiT-Tiny at several patch grids (tokens = grid² + 1). */
export function attentionScaling(grids: readonly number[] = [7, 14, 28, 56]): { grid: number; tokens: number; coreMacs: number; totalMacs: number }[] {
  const base = modelConfig("deit-tiny");
  if (base.family !== "vit") throw new Error("deit-tiny is expected to be a plain ViT config");
  return grids.map((grid) => {
    const config: ModelConfig = { ...base, grid, patchEmbed: base.patchEmbed && { ...base.patchEmbed, imageSize: grid * base.patchEmbed.patchSize } };
    const w = buildWorkload(config);
    return { grid, tokens: grid * grid + base.specialTokens, coreMacs: coreMacs(config), totalMacs: w.macs };
  });
}

/** Least-squares slope of log(y) against log(x). */
export function logLogSlope(points: readonly { x: number; y: number }[]): number {
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

/** "Attention increases quadratically with the number of input tokens", on operation counts. */
export function quadraticVerdict(rows: ReturnType<typeof attentionScaling>, figure?: string): VerdictInput {
  const core = logLogSlope(rows.map((r) => ({ x: r.tokens, y: r.coreMacs })));
  const total = logLogSlope(rows.map((r) => ({ x: r.tokens, y: r.totalMacs })));
  const status = thresholdVerdict(exact(Math.abs(core - 2)), "<=", 0.01) === "reproduced" ? "reproduced" : "contradicted";
  return {
    id: "poster-attention-quadratic",
    status,
    kitValue: `exponent of attention-core MACs in N: ${core.toFixed(3)} (N = ${rows.map((r) => r.tokens).join(", ")}); whole model: ${total.toFixed(2)}`,
    reason: `Q·Kᵀ and S·V cost 2·N²·d MACs per head; the whole model grows more slowly (exponent ${total.toFixed(2)}) because the linear layers are linear in N`,
    evidence: ["lib/workload/vit.ts", "lib/specs/models.ts"],
    ...(figure === undefined ? {} : { figure }),
  };
}

/**
 * The windowed schedule's end-to-end speedup on MACs (the poster's setting: k = 3, blocks 0–5) as the
 * derived verdict; every other window, block set and the CPU-composed estimate as context.
 */
export function amdahlRows(rows: readonly AmdahlRow[], figure?: string): (VerdictInput | ContextInput)[] {
  const groups = new Map<string, AmdahlRow[]>();
  for (const r of rows) {
    const key = `${r.model}|${r.k}|${r.windowedBlocks}|${r.basis}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: (VerdictInput | ContextInput)[] = [];
  for (const g of groups.values()) {
    const r0 = g[0]!;
    const get = (s: AmdahlScope) => g.find((r) => r.scope === s)?.speedup;
    const fmt = (v: number | undefined) => (v === undefined ? "n/a" : `${v.toFixed(2)}×`);
    const value =
      `${r0.model}, k=${r0.k}, windowed blocks ${r0.windowedBlocks}: attention core ${fmt(get("attention core (windowed blocks)"))}, ` +
      `whole self-attention ${fmt(get("whole self-attention"))}, end to end ${fmt(get("end to end"))} (${r0.basis})`;
    const posterSetting = r0.k === 3 && r0.windowedBlocks === "0-5" && r0.basis === "MACs";
    if (posterSetting) {
      out.push({
        id: "poster-windowed-schedule-macs",
        status: "derived",
        kitValue: value,
        reason: "Amdahl from analytic MACs: only the attention core of the windowed blocks shrinks, so 95 % pruning there buys far less end to end",
        evidence: ["lib/workload/vit.ts", "lib/specs/models.ts"],
        ...(figure === undefined ? {} : { figure }),
      });
    } else {
      out.push({
        contextOf: "poster-windowed-schedule-macs",
        key: `k${r0.k}-blocks${r0.windowedBlocks.replace(/[^0-9]+/g, "_")}-${r0.basis === "MACs" ? "macs" : "cpu"}`,
        setting:
          r0.basis === "MACs"
            ? `another schedule: k = ${r0.k}, windowed blocks ${r0.windowedBlocks} (analytic MACs)`
            : `this CPU (onnxruntime, 1 thread), composed estimate: k = ${r0.k}, windowed blocks ${r0.windowedBlocks}`,
        kitValue: value,
        reason:
          r0.basis === "MACs"
            ? "what-if beside the poster's schedule"
            : `composed estimate, not an end-to-end measurement: measured CPU breakdown with the core scaled by ${r0.coreSource}`,
        evidence: r0.basis === "MACs" ? [] : [CPU_FILE, "data/kernel-bench.arrow"],
        ...(figure === undefined ? {} : { figure }),
      });
    }
  }
  return out;
}

