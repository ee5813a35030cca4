/**
 * `vitsparse simulate` — the accelerator cycle models on the command line:
 * - `simulate vitcod --npy PATH`: ViTCoD's attention + FFN simulators (reference semantics) on a mask array;
 *   `--variant corrected` runs the labelled corrected variant instead;
 * - `simulate poster`: the poster's Fig. 11 (systolic vs MAC lines, full vs windowed);
 * - `simulate heatvit`: HeatViT's token-pruned model on the ZCU102 preset vs its reported speedup.
 */
import { existsSync } from "node:fs";
import type { Command } from "../command.ts";
import { formatHelp, parseArgs, type FlagSpec } from "../args.ts";
import { UserError } from "../../errors.ts";
import { readNpy } from "../../data/npy.ts";
import { masksFromPrunedArray } from "../../masks/vitcod-masks.ts";
import type { SparseMask } from "../../masks/sparse-mask.ts";
import {
  simulateVitcodAttention, simulateVitcodCorrected, simulateVitcodFfn, VITCOD_DEFAULTS, vitcodHeadWorkloadsFromMasks,
  vitcodWorkloadFromMasks, type VitcodConfig,
} from "../../cycles/vitcod.ts";
import { POSTER_BASE_ASSUMPTIONS, simulatePoster, type PosterAssumptions } from "../../cycles/poster.ts";
import { nearSquareFactors } from "../../cycles/sweep.ts";
import { HEATVIT_REPORTED_SPEEDUP, defaultHeatvitStages, simulateHeatvit } from "../../cycles/heatvit.ts";
import { VIT_MODELS } from "../../cycles/presets/models.ts";

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
  { name: "json", type: "boolean", description: "print one JSON object (see the issue for the fields)" },
];

const POSTER_FLAGS: FlagSpec[] = [
  { name: "k", type: "number", description: "window side (odd)", default: 3 },
  { name: "pes", type: "number", description: "PEs per MAC line (the systolic array gets heads × pes PEs, near-square)", default: POSTER_BASE_ASSUMPTIONS.pesPerLine },
  { name: "mac-latency", type: "number", description: "extra cycles per pass/fold of the pipelined MAC", default: POSTER_BASE_ASSUMPTIONS.macLatency },
  { name: "fill", type: "number", description: "Q/S chain fill cycles per query", default: POSTER_BASE_ASSUMPTIONS.fillPerQuery },
  { name: "cls-column", type: "string", description: "inline (P9 computes the CLS key) or separate passes", default: POSTER_BASE_ASSUMPTIONS.clsColumn },
  { name: "pack-border", type: "boolean", description: "pack clipped border windows (default: static k²+1 slots per query)" },
  { name: "json", type: "boolean", description: 'print {"qk","sv","ratios"}' },
];

const HEATVIT_FLAGS: FlagSpec[] = [
  { name: "model", type: "string", description: `ViT model: ${Object.keys(VIT_MODELS).join(", ")}`, default: "deit-tiny" },
  { name: "keep", type: "number", description: "keep ratio of each token selector (relative to alive patches)", default: 0.7 },
  { name: "blocks", type: "string", description: "comma-separated selector blocks (default: depth/4, depth/2, 3·depth/4)" },
  { name: "json", type: "boolean", description: "print one JSON object" },
];

const USAGE = "vitsparse simulate <vitcod|poster|heatvit> [flags]";
const SUMMARY =
  "Accelerator cycle models: `vitcod` (ViTCoD's attention and FFN simulators, reference semantics, on a .npy mask array), " +
  "`poster` (Fig. 11: systolic array vs MAC lines, full vs windowed attention), `heatvit` (token pruning on a ZCU102 preset).";

function num(v: string | number | boolean | undefined, name: string): number {
  if (typeof v !== "number") throw new UserError(`simulate: --${name} needs a number`);
  return v;
}

/** Loads a ViTCoD-style pruned-mask .npy as [layer][head] masks. */
export function loadMaskNpy(path: string): SparseMask[][] {
  if (!existsSync(path)) throw new UserError(`simulate vitcod: --npy ${path}: no such file (expected a (layers, heads, n, n) mask array, e.g. ViTCoD's info_0.95.npy)`);
  const arr = readNpy(path);
  if (arr.shape.length !== 4) throw new UserError(`simulate vitcod: ${path} has shape (${arr.shape.join(", ")}), expected 4 dimensions (layers, heads, n, n)`);
  if (arr.data instanceof BigInt64Array) throw new UserError(`simulate vitcod: ${path} has dtype ${arr.dtype}; expected bool or a 32-bit/float mask`);
  return masksFromPrunedArray(arr.data, arr.shape);
}

function runVitcod(argv: string[]): number {
  const { flags, positional } = parseArgs(argv, VITCOD_FLAGS, "simulate vitcod");
  if (flags.help) {
    console.log(formatHelp("vitsparse simulate vitcod --npy PATH [flags] [--json]", "ViTCoD's attention + FFN cycle simulators (seed 001), equal to the published Python at the reference variant.", VITCOD_FLAGS));
    return 0;
  }
  if (positional.length > 0) throw new UserError(`simulate vitcod: unexpected argument "${positional[0]}"`);
  if (typeof flags.npy !== "string") throw new UserError("simulate vitcod: --npy PATH is required (a (layers, heads, n, n) mask array; nonzero = pruned)");
  const variant = String(flags.variant);
  if (variant !== "reference" && variant !== "corrected") throw new UserError(`simulate vitcod: --variant must be reference or corrected, got "${variant}"`);
  const masks = loadMaskNpy(flags.npy);
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
  const att = simulateVitcodAttention(vitcodWorkloadFromMasks(masks, threshold, 0, n), cfg);
  const out = {
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

function runPoster(argv: string[]): number {
  const { flags, positional } = parseArgs(argv, POSTER_FLAGS, "simulate poster");
  if (flags.help) {
    console.log(formatHelp("vitsparse simulate poster [--k 3] [--pes 10] [--json]", "The poster's Fig. 11: Q×K and S×V cycles, systolic array vs MAC lines (equal PEs), full vs windowed attention.", POSTER_FLAGS));
    return 0;
  }
  if (positional.length > 0) throw new UserError(`simulate poster: unexpected argument "${positional[0]}"`);
  const pes = num(flags.pes, "pes");
  if (!Number.isInteger(pes) || pes < 1) throw new UserError(`simulate poster: --pes must be a positive integer (PEs per MAC line), got ${pes}`);
  const cls = String(flags["cls-column"]);
  if (cls !== "inline" && cls !== "separate") throw new UserError(`simulate poster: --cls-column must be inline or separate, got "${cls}"`);
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
  console.log(`ratios: Q×K systolic→lines ×${r.ratios.qkSystolicToLines.toFixed(3)} (poster ×1.21), full→window ×${r.ratios.qkFullToWindow.toFixed(2)} (×17.4); ` +
    `S×V ×${r.ratios.svSystolicToLines.toFixed(3)} (×1.03), ×${r.ratios.svFullToWindow.toFixed(2)} (×14.97)`);
  return 0;
}

function runHeatvit(argv: string[]): number {
  const { flags, positional } = parseArgs(argv, HEATVIT_FLAGS, "simulate heatvit");
  if (flags.help) {
    console.log(formatHelp("vitsparse simulate heatvit [--model deit-tiny] [--keep 0.7] [--blocks 3,6,9] [--json]", "HeatViT-style token pruning on a dense ZCU102 accelerator preset, beside HeatViT's reported 3.46–4.89×.", HEATVIT_FLAGS));
    return 0;
  }
  if (positional.length > 0) throw new UserError(`simulate heatvit: unexpected argument "${positional[0]}"`);
  const model = VIT_MODELS[String(flags.model)];
  if (!model) throw new UserError(`simulate heatvit: unknown --model "${String(flags.model)}" (accepted: ${Object.keys(VIT_MODELS).join(", ")})`);
  const keep = num(flags.keep, "keep");
  let stages = defaultHeatvitStages(model.depth, keep);
  if (typeof flags.blocks === "string") {
    const blocks = flags.blocks.split(",").map((s) => Number(s.trim()));
    if (blocks.some((b) => !Number.isInteger(b))) throw new UserError(`simulate heatvit: --blocks must be comma-separated integers, got "${flags.blocks}"`);
    stages = blocks.map((block) => ({ block, keepRatio: keep }));
  }
  const r = simulateHeatvit(model, stages);
  const out = {
    model: r.model,
    tokensPerBlock: r.tokensPerBlock,
    selectorBlocks: r.selectorBlocks,
    baselineCycles: r.baseline.total,
    prunedCycles: r.pruned.total,
    speedup: r.speedup,
    attentionSpeedup: r.attentionSpeedup,
    speedupVs16bitBaseline: r.speedupVs16bitBaseline,
    reported: { min: HEATVIT_REPORTED_SPEEDUP.min, max: HEATVIT_REPORTED_SPEEDUP.max },
  };
  if (flags.json) {
    console.log(JSON.stringify(out));
    return 0;
  }
  console.log(`${model.id}: tokens per block ${r.tokensPerBlock.join(",")}`);
  console.log(`cycles: unpruned ${r.baseline.total}, pruned ${r.pruned.total} → token-pruning speedup ×${r.speedup.toFixed(2)} (attention module ×${r.attentionSpeedup.toFixed(2)})`);
  console.log(`with an assumed 16-bit unpruned baseline (half the MACs): ×${r.speedupVs16bitBaseline.toFixed(2)}; HeatViT reports ×${HEATVIT_REPORTED_SPEEDUP.min}–×${HEATVIT_REPORTED_SPEEDUP.max} (quoted)`);
  return 0;
}

/** The `simulate` command. */
export const simulateCommand: Command = {
  name: "simulate",
  summary: "accelerator cycle models: ViTCoD (reference/corrected), the poster's Fig. 11, HeatViT",
  async run(argv: string[]): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === "--help" || sub === "-h") {
      console.log(formatHelp(USAGE, SUMMARY, []));
      return 0;
    }
    if (sub === "vitcod") return runVitcod(rest);
    if (sub === "poster") return runPoster(rest);
    if (sub === "heatvit") return runHeatvit(rest);
    throw new UserError(`simulate: unknown model "${sub}" (expected vitcod, poster or heatvit)`);
  },
};
