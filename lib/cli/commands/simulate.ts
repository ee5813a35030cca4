/**
 * `vitsparse simulate` — the accelerator cycle models on the command line:
 * - `simulate <registered design>` (`systolic`, `mac-lines`, `vitcod`, `heatvit`, … — the registry in
 *   `lib/cycles/registry.ts`): the design's typed cycle breakdown and an energy estimate on the experiment spec the
 *   flags build (`--spec FILE`, `--model`, `--k`, `--windowed`, `--mask`, `--preset`, `--set KEY=VALUE`, …);
 * - the reference re-implementations under their own names: `simulate vitcod-reference --npy PATH` (ViTCoD's
 *   released attention + FFN simulators, bit-exact; `--variant corrected` every head), `simulate fig11` (the
 *   poster's one-layer Fig. 11 model), and the report `simulate heatvit-vs-baseline` (HeatViT against its baseline
 *   on the ZCU102 presets, modelled vs reported).
 */
import { parseLeaf, type Command, type LeafSpec } from "../command.ts";
import { JSON_FLAG, type FlagSpec } from "../args.ts";
import type { JsonField } from "../json-fields.ts";
import { BREAKDOWN_FIELDS, ENERGY_FIELDS } from "./cycle-fields.ts";
import { parseIntegerList } from "../validate.ts";
import { UserError } from "../../errors.ts";
import { readMaskArray } from "../mask-input.ts";
import { MEMORY_LIMIT_HELP } from "../../memory-budget.ts";
import {
  simulateVitcodAttention, simulateVitcodCorrected, simulateVitcodFfn, VITCOD_DEFAULTS, vitcodHeadWorkloadsFromMasks,
  vitcodWorkloadFromMasks, type VitcodConfig,
} from "../../cycles/vitcod.ts";
import { POSTER_BASE_ASSUMPTIONS, simulatePoster, type PosterAssumptions } from "../../cycles/poster.ts";
import { nearSquareFactors } from "../../cycles/sweep.ts";
import { heatvitModelConfig, heatvitReport } from "../../analysis/heatvit.ts";
import { CYCLE_MODELS, cycleModel } from "../../cycles/registry.ts";
import { energyEstimate } from "../../cycles/energy.ts";
import { quarterSchedule } from "../../specs/token-pruning.ts";
import { HEATVIT_MODELS } from "../../paper/heatvit.ts";
import { POSTER_FIG11_REPORTED } from "../../paper/poster-fig11.ts";
import { resolveExperiment } from "../../experiment/resolve.ts";
import { collectRepeated } from "../args.ts";
import { ensureSpecData, SET_FLAG, SPEC_FLAGS, specFromFlags } from "../spec-flags.ts";

const VITCOD_FLAGS: FlagSpec[] = [
  { name: "npy", type: "string", description: "mask array .npy, shape (layers, heads, n, n); nonzero = PRUNED (ViTCoD's info_0.95.npy)" },
  { name: "threshold", type: "number", description: "polarizer: a key column is global when it has MORE kept entries than this", default: 50 },
  { name: "feature-dim", type: "number", description: "D, features per head", default: VITCOD_DEFAULTS.featureDim },
  { name: "ratio", type: "number", description: "r, auto-encoder compression ratio in (0, 1]", default: VITCOD_DEFAULTS.ratio },
  { name: "pe-width", type: "number", description: "W, PE array width", default: VITCOD_DEFAULTS.peWidth },
  { name: "pe-height", type: "number", description: "PH, PE array height", default: VITCOD_DEFAULTS.peHeight },
  { name: "embedding", type: "number", description: "E, embedding dimension (FFN model)", default: VITCOD_DEFAULTS.embedding },
  { name: "bandwidth", type: "number", description: "off-chip bandwidth, GB/s (GB = 1024³ B)", default: VITCOD_DEFAULTS.bandwidthGBps },
  { name: "variant", type: "string", description: "reference (equal to ViTCoD's simulator) or corrected (every head, PE_height)", default: "reference" },
  JSON_FLAG,
];

const POSTER_FLAGS: FlagSpec[] = [
  { name: "k", type: "number", description: "window side (odd)", default: 3 },
  { name: "pes", type: "number", description: "PEs per MAC line (the systolic array gets heads × pes PEs, near-square)", default: POSTER_BASE_ASSUMPTIONS.pesPerLine },
  { name: "mac-latency", type: "number", description: "extra cycles per pass/fold of the pipelined MAC", default: POSTER_BASE_ASSUMPTIONS.macLatency },
  { name: "fill", type: "number", description: "Q/S chain fill cycles per query", default: POSTER_BASE_ASSUMPTIONS.fillPerQuery },
  { name: "cls-column", type: "string", description: "inline (P9 computes the CLS key) or separate passes", default: POSTER_BASE_ASSUMPTIONS.clsColumn },
  { name: "pack-border", type: "boolean", description: "pack clipped border windows (default: static k²+1 slots per query)" },
  JSON_FLAG,
];

const HEATVIT_FLAGS: FlagSpec[] = [
  { name: "model", type: "string", description: `one of HeatViT's five models: ${HEATVIT_MODELS.join(", ")}`, default: "deit-tiny" },
  { name: "keep", type: "number", description: "keep ratio of each token selector (share of the alive patches); default DynamicViT's 0.7" },
  { name: "blocks", type: "string", description: "comma-separated selector blocks (default: depth/4, depth/2, 3·depth/4)" },
  JSON_FLAG,
];

const GENERIC_FLAGS: FlagSpec[] = [...SPEC_FLAGS, JSON_FLAG];

const PHASE_FIELDS = (what: string): JsonField[] => [
  { name: "systolicFull", meaning: `${what} on the systolic array, full attention`, unit: "cycles" },
  { name: "linesFull", meaning: `${what} on the MAC lines, full attention`, unit: "cycles" },
  { name: "linesWindow", meaning: `${what} on the MAC lines, windowed attention`, unit: "cycles" },
];

/** Fields of `simulate vitcod --json` (both variants). */
export const VITCOD_JSON: readonly JsonField[] = [
  { name: "variant", meaning: "reference (ViTCoD's simulator: head 0 only, PE_width rate) or corrected (every head, W×PE_height)" },
  {
    name: "attention",
    meaning: "ViTCoD's attention simulator over all layers",
    fields: [
      { name: "preload", meaning: "off-chip loads of Q, K, V (all layers)", unit: "cycles" },
      { name: "processing", meaning: "decoder (auto-encoder) processing", unit: "cycles" },
      { name: "computation", meaning: "SDDMM + SpMM on the dense and sparse engines", unit: "cycles" },
      { name: "total", meaning: "max(preload, processing + computation)", unit: "cycles" },
      {
        name: "layers",
        meaning: "one row per layer",
        fields: [
          { name: "G", meaning: "reference: global (dense) key columns of head 0 after the polarizer", unit: "tokens", optional: true },
          { name: "S", meaning: "reference: kept entries left to the sparse engine, head 0", unit: "entries", optional: true },
          { name: "sddmmDense", meaning: "reference: Q·Kᵀ on the dense engine", unit: "cycles", optional: true },
          { name: "sddmmSparse", meaning: "reference: Q·Kᵀ on the sparse engine", unit: "cycles", optional: true },
          { name: "spmmDense", meaning: "reference: S·V on the dense engine", unit: "cycles", optional: true },
          { name: "spmmSparse", meaning: "reference: S·V on the sparse engine", unit: "cycles", optional: true },
          { name: "preload", meaning: "corrected: the layer's loads", unit: "cycles", optional: true },
          { name: "processing", meaning: "corrected: the layer's decoder processing", unit: "cycles", optional: true },
          { name: "computation", meaning: "corrected: the layer's slowest head", unit: "cycles", optional: true },
          {
            name: "heads",
            meaning: "corrected: one row per head",
            optional: true,
            fields: [
              { name: "G", meaning: "global (dense) key columns", unit: "tokens" },
              { name: "S", meaning: "kept entries left to the sparse engine (0 = a dense head)", unit: "entries" },
              { name: "sddmm", meaning: "Q·Kᵀ of the head", unit: "cycles" },
              { name: "spmm", meaning: "S·V of the head", unit: "cycles" },
            ],
          },
        ],
      },
    ],
  },
  {
    name: "ffn",
    meaning: "ViTCoD's FFN/linear simulator (reference semantics in both variants)",
    fields: [
      { name: "linearPreload", meaning: "QKV/projection weight loads", unit: "cycles" },
      { name: "linearCompute", meaning: "QKV/projection matmuls", unit: "cycles" },
      { name: "encoder", meaning: "auto-encoder", unit: "cycles" },
      { name: "ffnCompute", meaning: "the two MLP matmuls", unit: "cycles" },
      { name: "ffnPreload", meaning: "MLP weight loads", unit: "cycles" },
      { name: "total", meaning: "max(linearCompute + encoder, linearPreload) + max(ffnCompute, ffnPreload)", unit: "cycles" },
    ],
  },
];

/** Fields of `simulate fig11 --json`. */
export const POSTER_JSON: readonly JsonField[] = [
  { name: "qk", meaning: "Q×K of one layer (all heads)", fields: PHASE_FIELDS("Q×K") },
  { name: "sv", meaning: "S×V of one layer (all heads)", fields: PHASE_FIELDS("S×V") },
  {
    name: "ratios",
    meaning: "the four ratios of Fig. 11",
    fields: [
      { name: "qkSystolicToLines", meaning: "Q×K systolic full / lines full", unit: "×" },
      { name: "qkFullToWindow", meaning: "Q×K lines full / lines window", unit: "×" },
      { name: "svSystolicToLines", meaning: "S×V systolic full / lines full", unit: "×" },
      { name: "svFullToWindow", meaning: "S×V lines full / lines window", unit: "×" },
    ],
  },
];

/** Fields of `simulate heatvit-vs-baseline --json`. */
export const HEATVIT_JSON: readonly JsonField[] = [
  { name: "model", meaning: "HeatViT model id (--model)" },
  { name: "modelledSpeedup", meaning: "baseline total / HeatViT total cycles (modelled)", unit: "×" },
  { name: "reportedSpeedup", meaning: "the paper's per-model speedup where the kit has it, else null", unit: "×" },
  {
    name: "reportedRange",
    meaning: "the paper's reported speedup range over its models",
    fields: [
      { name: "min", meaning: "lowest reported speedup", unit: "×" },
      { name: "max", meaning: "highest reported speedup", unit: "×" },
      { name: "location", meaning: "where in the paper" },
    ],
  },
  {
    name: "factors",
    meaning: "modelledSpeedup = datapath × nonlinear × pruning",
    fields: [
      { name: "datapath", meaning: "16-bit baseline → HeatViT's 8-bit datapath, dense model", unit: "×" },
      { name: "nonlinear", meaning: "HeatViT's nonlinear unit", unit: "×" },
      { name: "pruning", meaning: "token pruning by the selectors", unit: "×" },
    ],
  },
  { name: "tokensPerBlock", meaning: "tokens alive in each block after pruning", unit: "tokens" },
  {
    name: "selectors",
    meaning: "token selectors, one row each",
    fields: [
      { name: "block", meaning: "block the selector precedes (from 0)" },
      { name: "keepRatio", meaning: "share of the alive patches kept", unit: "fraction 0..1" },
    ],
  },
  { name: "scheduleSource", meaning: "where the selector schedule comes from" },
  {
    name: "breakdown",
    meaning: "cycle breakdowns of the two designs",
    fields: [
      { name: "baseline", meaning: "the 16-bit baseline on the dense model", fields: BREAKDOWN_FIELDS },
      { name: "heatvit", meaning: "HeatViT on the token-pruned model", fields: BREAKDOWN_FIELDS },
    ],
  },
  { name: "baselineMs", meaning: "baseline per image at the preset's clock", unit: "ms" },
  { name: "heatvitMs", meaning: "HeatViT per image at the preset's clock", unit: "ms" },
];

/** Fields of `simulate <registered model> --json`: the model's cycle breakdown and an energy estimate. */
export const GENERIC_JSON: readonly JsonField[] = [
  ...BREAKDOWN_FIELDS,
  { name: "workloadLabel", meaning: "what the workload was: model, image size, attention per block (a mask file by name and sha256)" },
  { name: "mapping", keys: "mapping parameter", meaning: "the mapping the design ran (defaults, --set mapping.<design>.<key>, values derived from the workload)" },
  { name: "energy", meaning: "energy estimate by part", fields: ENERGY_FIELDS },
];

/** The reference re-implementations and reports, reachable under their own names beside the registered designs. */
const REPORTS = ["vitcod-reference", "fig11", "heatvit-vs-baseline"] as const;
function num(v: string | number | boolean | undefined, name: string): number {
  if (typeof v !== "number") throw new UserError(`simulate: --${name} needs a number`);
  return v;
}

/** `simulate vitcod`: what it takes and prints. */
export const SIMULATE_VITCOD: LeafSpec = {
  path: "simulate vitcod-reference",
  usage: "vitsparse simulate vitcod-reference --npy PATH [--variant reference|corrected] [flags] [--json]",
  description:
    "ViTCoD's attention + FFN cycle simulators, equal to ViTCoD's released Python simulator at the reference variant " +
    "(head 0 of each layer, PE_width rate). The reference divides by zero on a layer whose polarized mask leaves no sparse " +
    "entries (S = 0, a dense layer), so it refuses masks with dense layers, e.g. the poster's whole-model schedule from " +
    "`vitsparse mask window --layers 12 --heads 3 --windowed 0-5 --out FILE.npy`; run those with --variant corrected " +
    "(every head, W×PE_height; a dense head runs on the dense engine alone). " +
    MEMORY_LIMIT_HELP,
  flags: VITCOD_FLAGS,
  json: VITCOD_JSON,
};

function runVitcod(argv: string[]): number {
  const flags = parseLeaf(SIMULATE_VITCOD, argv);
  if (!flags) return 0;
  if (typeof flags.npy !== "string") throw new UserError("simulate vitcod-reference: --npy PATH is required (a (layers, heads, n, n) mask array; nonzero = pruned)");
  const variant = String(flags.variant);
  if (variant !== "reference" && variant !== "corrected") throw new UserError(`simulate vitcod-reference: --variant must be reference or corrected, got "${variant}"`);
  const masks = readMaskArray(flags.npy, "simulate vitcod-reference: --npy");
  const n = masks[0]![0]!.n;
  const cfg: VitcodConfig = {
    ...VITCOD_DEFAULTS,
    heads: masks[0]!.length,
    tokens: n,
    featureDim: num(flags["feature-dim"], "feature-dim"),
    ratio: num(flags.ratio, "ratio"),
    peWidth: num(flags["pe-width"], "pe-width"),
    peHeight: num(flags["pe-height"], "pe-height"),
    embedding: num(flags.embedding, "embedding"),
    bandwidthGBps: num(flags.bandwidth, "bandwidth"),
  };
  const threshold = num(flags.threshold, "threshold");
  const ffnRaw = simulateVitcodFfn(masks.length, cfg);
  const ffn = { linearPreload: ffnRaw.linearPreload, linearCompute: ffnRaw.linearCompute, encoder: ffnRaw.encoder, ffnCompute: ffnRaw.ffnCompute, ffnPreload: ffnRaw.ffnPreload, total: ffnRaw.total };
  if (variant === "corrected") {
    const r = simulateVitcodCorrected(vitcodHeadWorkloadsFromMasks(masks, threshold, n), cfg);
    const out = { variant: "corrected", attention: { preload: r.preload, processing: r.processing, computation: r.computation, total: r.total, layers: r.layers }, ffn };
    if (flags.json) console.log(JSON.stringify(out));
    else console.log(`ViTCoD attention (CORRECTED variant: every head, W×PE_height): preload ${r.preload}, processing ${r.processing}, computation ${r.computation}, total ${r.total} cycles\nFFN/linear (reference): total ${ffn.total} cycles`);
    return 0;
  }
  const workload = vitcodWorkloadFromMasks(masks, threshold, 0, n);
  const dense = workload.findIndex((l) => l.S === 0);
  if (dense >= 0) {
    throw new UserError(
      `simulate vitcod-reference: layer ${dense} of ${flags.npy} is dense (S = 0 sparse entries after the polarizer), which ViTCoD's reference simulator cannot run (it divides by the sparse engine's width, 0); use --variant corrected`,
    );
  }
  const att = simulateVitcodAttention(workload, cfg);
  const out = {
    variant: "reference",
    attention: {
      preload: att.preload,
      processing: att.processing,
      computation: att.computation,
      total: att.total,
      layers: att.layers.map((l) => ({ G: l.G, S: l.S, sddmmDense: l.sddmmDense, sddmmSparse: l.sddmmSparse, spmmDense: l.spmmDense, spmmSparse: l.spmmSparse })),
    },
    ffn,
  };
  if (flags.json) {
    console.log(JSON.stringify(out));
    return 0;
  }
  console.log("ViTCoD attention simulator (reference semantics: head 0 only, PE_width rate)");
  console.log("layer  G     S     SDDMM dense/sparse  SpMM dense/sparse");
  att.layers.forEach((l, i) => console.log(`${String(i).padStart(5)}  ${String(l.G).padEnd(4)}  ${String(l.S).padEnd(5)} ${String(l.sddmmDense).padStart(6)} / ${String(l.sddmmSparse).padEnd(10)} ${String(l.spmmDense).padStart(6)} / ${l.spmmSparse}`));
  console.log(`preload ${att.preload}, processing ${att.processing}, computation ${att.computation}, total ${att.total} cycles`);
  console.log(`FFN/linear: linear preload ${ffn.linearPreload}, linear compute ${ffn.linearCompute}, encoder ${ffn.encoder}, FFN compute ${ffn.ffnCompute}, FFN preload ${ffn.ffnPreload}, total ${ffn.total} cycles`);
  return 0;
}

/** `simulate fig11`: what it takes and prints. */
export const SIMULATE_POSTER: LeafSpec = {
  path: "simulate fig11",
  usage: "vitsparse simulate fig11 [--k 3] [--pes 10] [--json]",
  description: "The poster's Fig. 11: Q×K and S×V cycles, systolic array vs MAC lines (equal PEs), full vs windowed attention.",
  flags: POSTER_FLAGS,
  json: POSTER_JSON,
};

function runPoster(argv: string[]): number {
  const flags = parseLeaf(SIMULATE_POSTER, argv);
  if (!flags) return 0;
  const pes = num(flags.pes, "pes");
  if (!Number.isInteger(pes) || pes < 1) throw new UserError(`simulate fig11: --pes must be a positive integer (PEs per MAC line), got ${pes}`);
  // Validity of the Fig. 11 model (one DeiT-tiny layer, 14×14 patches + CLS): a pass deals one query's keys
  // to the line's PEs, so a PE beyond a query's 197 keys never gets work and the model says nothing about it.
  const tokens = 14 * 14 + 1;
  if (pes > tokens) {
    throw new UserError(`simulate fig11: --pes ${pes} is outside the Fig. 11 model's validity: a MAC line has work for at most ${tokens} PEs (a query's ${tokens} keys; S×V uses ${POSTER_BASE_ASSUMPTIONS.featureDim}), expected 1..${tokens}`);
  }
  const cls = String(flags["cls-column"]);
  if (cls !== "inline" && cls !== "separate") throw new UserError(`simulate fig11: --cls-column must be inline or separate, got "${cls}"`);
  const [rows, cols] = nearSquareFactors(POSTER_BASE_ASSUMPTIONS.heads * pes);
  const a: PosterAssumptions = {
    ...POSTER_BASE_ASSUMPTIONS,
    pesPerLine: pes,
    macLatency: num(flags["mac-latency"], "mac-latency"),
    fillPerQuery: num(flags.fill, "fill"),
    clsColumn: cls,
    padBorderWindows: !flags["pack-border"],
    systolicRows: rows,
    systolicCols: cols,
  };
  const r = simulatePoster(a, num(flags.k, "k"));
  if (flags.json) {
    console.log(JSON.stringify(r));
    return 0;
  }
  console.log(`Fig. 11 model: ${a.heads} MAC lines × ${pes} PEs vs a ${rows}×${cols} systolic array, k = ${String(flags.k)}`);
  console.log(`Q×K cycles: systolic full ${r.qk.systolicFull}, lines full ${r.qk.linesFull}, lines window ${r.qk.linesWindow}`);
  console.log(`S×V cycles: systolic full ${r.sv.systolicFull}, lines full ${r.sv.linesFull}, lines window ${r.sv.linesWindow}`);
  const rep = POSTER_FIG11_REPORTED;
  console.log(`ratios: Q×K systolic→lines ×${r.ratios.qkSystolicToLines.toFixed(3)} (poster ×${rep.qkSystolicToLines}), full→window ×${r.ratios.qkFullToWindow.toFixed(2)} (×${rep.qkFullToWindow}); ` +
    `S×V ×${r.ratios.svSystolicToLines.toFixed(3)} (×${rep.svSystolicToLines}), ×${r.ratios.svFullToWindow.toFixed(2)} (×${rep.svFullToWindow})`);
  return 0;
}

/** `simulate heatvit-vs-baseline`: what it takes and prints. */
export const SIMULATE_HEATVIT: LeafSpec = {
  path: "simulate heatvit-vs-baseline",
  usage: "vitsparse simulate heatvit-vs-baseline [--model deit-tiny] [--keep 0.7] [--blocks 3,6,9] [--json]",
  description: "HeatViT's engine on the token-pruned model vs its 16-bit baseline on the ZCU102 (modelled), beside the paper's reported speedup.",
  flags: HEATVIT_FLAGS,
  json: HEATVIT_JSON,
};

function runHeatvit(argv: string[]): number {
  const flags = parseLeaf(SIMULATE_HEATVIT, argv);
  if (!flags) return 0;
  const model = heatvitModelConfig(String(flags.model));
  const keep = flags.keep === undefined ? undefined : num(flags.keep, "keep");
  let stages = quarterSchedule(model.depth, keep);
  if (typeof flags.blocks === "string") {
    const blocks = parseIntegerList(flags.blocks, "simulate heatvit-vs-baseline: --blocks", { min: 0, max: model.depth - 1 });
    stages = blocks.map((block) => ({ block, keepRatio: keep ?? stages[0]!.keepRatio }));
  }
  const r = heatvitReport(model, stages);
  if (flags.json) {
    console.log(JSON.stringify(r));
    return 0;
  }
  console.log(`${model.id}: tokens per block ${r.tokensPerBlock.join(",")}`);
  console.log(`modelled speedup ×${r.modelledSpeedup.toFixed(2)} = datapath ×${r.factors.datapath.toFixed(2)} · nonlinear ×${r.factors.nonlinear.toFixed(2)} · pruning ×${r.factors.pruning.toFixed(2)}`);
  console.log(`reported: ${r.reportedSpeedup === null ? "no per-model number available" : `×${r.reportedSpeedup}`}; range ×${r.reportedRange.min}–×${r.reportedRange.max} (${r.reportedRange.location})`);
  return 0;
}

/** `simulate <registered model>`: what it takes and prints. */
export function simulateModelSpec(id: string): LeafSpec {
  const design = cycleModel(id);
  const mapping = Object.entries(design.mappingParams).map(([k, p]) => `${k} (${p.meaning}${p.unit ? `, ${p.unit}` : ""})`).join("; ");
  return {
    path: `simulate ${id}`,
    usage: `vitsparse simulate ${id} [--spec FILE] [--model M] [--k K --windowed 0-5 | --mask FILE | --keep R] [--preset P] [--set KEY=VALUE]... [--json]`,
    description:
      `${design.description}. Runs on the experiment spec the flags build (vitsparse run FILE.yaml gives the same numbers); the default ` +
      `is DeiT-tiny, dense attention, on the one default preset of every design. Mapping keys (--set mapping.${id}.KEY=VALUE): ${mapping}.`,
    flags: GENERIC_FLAGS,
    json: GENERIC_JSON,
  };
}

async function runGeneric(id: string, argv: string[]): Promise<number> {
  const design = cycleModel(id);
  const spec = simulateModelSpec(id);
  const { values: sets, rest } = collectRepeated(argv, SET_FLAG, spec.path);
  const flags = parseLeaf(spec, rest);
  if (!flags) return 0;
  const input = specFromFlags(flags, sets, spec.path);
  await ensureSpecData(input);
  const r = resolveExperiment({ ...input, spec: { ...input.spec, designs: [design.id] } });
  const d = r.designs[0]!;
  const b = design.evaluate(r.arch, r.workload.workload, d.mapping);
  const out = { ...b, workloadLabel: r.workload.workload.label, mapping: d.mapping, energy: energyEstimate(b, r.arch) };
  if (flags.json) {
    console.log(JSON.stringify(out));
    return 0;
  }
  console.log(`${design.label} on ${r.arch.id}, ${r.workload.workload.label}`);
  console.log(`mapping: ${Object.entries(d.mapping).map(([k, v]) => `${k} ${String(v)}`).join(", ") || "defaults"}`);
  console.log(`cycles: attention ${b.attentionMatmuls}, projections ${b.projections}, MLP ${b.mlp}, nonlinear ${b.nonlinear.softmax + b.nonlinear.gelu + b.nonlinear.layerNorm}, selector ${b.selector}, exposed data movement ${b.exposedDataMovement}; total ${b.total} (${b.ms.toFixed(3)} ms)`);
  console.log(`utilisation ${(100 * b.utilisation).toFixed(1)} % (attention ${(100 * b.attentionUtilisation).toFixed(1)} %); energy ≈ ${out.energy.totalUj.toFixed(1)} µJ (estimate, ${out.energy.table})`);
  return 0;
}

function isRegisteredModel(sub: string | undefined): sub is string {
  return CYCLE_MODELS.some((m) => m.id === sub);
}

function unknownModel(sub: string | undefined): UserError {
  return new UserError(`simulate: unknown model "${String(sub)}" (expected a registered design: ${CYCLE_MODELS.map((m) => m.id).join(", ")}; or a reference: ${REPORTS.join(", ")})`);
}

/** The `simulate` command. */
export const simulateCommand: Command = {
  name: "simulate",
  subcommands: () => [
    ...CYCLE_MODELS.map((m) => ({ name: m.id, summary: m.description.split("\n")[0]! })),
    { name: "vitcod-reference", summary: "ViTCoD's released attention + FFN simulators, bit-exact, on a .npy mask (--variant reference|corrected)" },
    { name: "fig11", summary: "the poster's one-layer Fig. 11 model: systolic array vs MAC lines, full vs windowed attention" },
    { name: "heatvit-vs-baseline", summary: "HeatViT's engine on the token-pruned model vs its baseline on the ZCU102, beside the paper's speedup" },
  ],
  async run(argv: string[]): Promise<number> {
    const [sub, ...rest] = argv;
    const reports: Record<(typeof REPORTS)[number], (a: string[]) => number> = { "vitcod-reference": runVitcod, fig11: runPoster, "heatvit-vs-baseline": runHeatvit };
    if ((REPORTS as readonly string[]).includes(String(sub))) return reports[sub as (typeof REPORTS)[number]](rest);
    if (isRegisteredModel(sub)) return runGeneric(sub, rest);
    throw unknownModel(sub);
  },
  jsonFields(sub?: string): readonly JsonField[] {
    const reports: Record<(typeof REPORTS)[number], readonly JsonField[]> = { "vitcod-reference": VITCOD_JSON, fig11: POSTER_JSON, "heatvit-vs-baseline": HEATVIT_JSON };
    if ((REPORTS as readonly string[]).includes(String(sub))) return reports[sub as (typeof REPORTS)[number]];
    if (isRegisteredModel(sub)) return GENERIC_JSON;
    throw unknownModel(sub);
  },
};
