/**
 * `vitsparse flops` — analytic parameters and MACs of a modelled ViT, per Fig. 1 category, optionally with
 * windowed attention in some blocks.
 */
import { parseLeaf, type Command, type LeafSpec } from "../command.ts";
import { JSON_FLAG, type FlagSpec } from "../args.ts";
import type { JsonField } from "../json-fields.ts";
import { UserError } from "../../errors.ts";
import { FIG1_CATEGORIES } from "../../paper/poster-fig1.ts";
import { ALL_MODEL_CONFIGS, modelConfig } from "../../specs/models.ts";

/** Every model `--model` accepts (the same list {@link modelConfig} names in its error). */
const FLOPS_MODELS = ALL_MODEL_CONFIGS.map((c) => c.name);
import { parseBlockList } from "../../specs/block-list.ts";
import { attentionShapes, buildWorkload, macsByCategory } from "../../workload/vit.ts";

const FLAGS: FlagSpec[] = [
  { name: "model", type: "string", description: `model: ${FLOPS_MODELS.join(", ")}` },
  { name: "k", type: "number", description: "window side k (odd) for windowed attention, the flag simulate, compare, sweep and mask take; needs --windowed" },
  { name: "window", type: "number", description: "the same as --k" },
  { name: "windowed", type: "string", description: 'blocks to window, e.g. "0-5" (the poster\'s schedule), "0,2,4" or "all"; needs --k' },
  { name: "border", type: "string", description: "window border: clip (the poster's) or shift", default: "clip", requires: ["windowed"] },
  JSON_FLAG,
];

/** Fields of `flops --json`. */
export const FLOPS_JSON: readonly JsonField[] = [
  { name: "model", meaning: "model name (--model)" },
  { name: "params", meaning: "parameters (weights and biases)", unit: "count" },
  { name: "macs", meaning: "multiply-accumulates of one image's forward pass, windowed blocks as windowed", unit: "MAC" },
  { name: "categories", keys: "Fig. 1 category", meaning: "MACs of each of the poster's Fig. 1 operator categories ('unlabelled' = classifier head)", unit: "MAC" },
  {
    name: "window",
    meaning: "the window applied (null for the dense model)",
    nullable: true,
    fields: [
      { name: "k", meaning: "window side", unit: "patches" },
      { name: "blocks", meaning: "windowed blocks (indices from 0)" },
      { name: "border", meaning: "clip (window cut at the border) or shift" },
      { name: "pairsPerHead", meaning: "kept (query, key) pairs per head in each windowed block", unit: "entries" },
    ],
  },
  { name: "denseMacs", meaning: "MACs of the dense model (equal to macs without a window)", unit: "MAC" },
];

/** `flops`: what it takes and prints. */
export const FLOPS: LeafSpec = {
  path: "flops",
  usage: "vitsparse flops --model NAME [--k K --windowed 0-5] [--json]",
  description:
    "Parameters and multiply-accumulates (MACs) of a modelled ViT, per operator category of the poster's Fig. 1. " +
    "BatchNorm is folded (0 MACs); norms, softmax and element-wise ops count 0 MACs. 'unlabelled' holds the classifier head.",
  flags: FLAGS,
  json: FLOPS_JSON,
};

/** The JSON object printed by `vitsparse flops --json`. */
export interface FlopsReport {
  model: string;
  params: number;
  macs: number;
  categories: Record<string, number>;
  /** `null` for the dense model. */
  window: { k: number; blocks: number[]; border: string; pairsPerHead: number[] } | null;
  /** MACs of the dense model (equal to `macs` without a window). */
  denseMacs: number;
}

/** Computes the report of `vitsparse flops` (also used by tests and notebooks). */
export function flopsReport(model: string, window?: { k: number; windowed: string; border: string }): FlopsReport {
  const config = modelConfig(model);
  const dense = buildWorkload(config);
  let workload = dense;
  if (window) {
    if (window.border !== "clip" && window.border !== "shift") {
      throw new UserError(`flops: --border must be clip or shift, got "${window.border}"`);
    }
    const blocks = parseBlockList(window.windowed, attentionShapes(config).length);
    workload = buildWorkload(config, { k: window.k, blocks, border: window.border });
  }
  return {
    model: config.name,
    params: workload.params,
    macs: workload.macs,
    categories: macsByCategory(workload, FIG1_CATEGORIES),
    window: workload.window
      ? { ...workload.window, pairsPerHead: workload.window.blocks.map((b) => workload.attentionPairs[b]!) }
      : null,
    denseMacs: dense.macs,
  };
}

function fmt(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(3)} G` : `${(n / 1e6).toFixed(2)} M`;
}

/** The `flops` sub-command. */
export const flopsCommand: Command = {
  name: "flops",
  async run(argv: string[]): Promise<number> {
    const flags = parseLeaf(FLOPS, argv);
    if (!flags) return 0;
    if (typeof flags.model !== "string") throw new UserError(`flops: --model is required (one of: ${FLOPS_MODELS.join(", ")})`);
    if (flags.k !== undefined && flags.window !== undefined) throw new UserError(`flops: --k and --window are the same flag, got both (--k ${String(flags.k)} --window ${String(flags.window)})`);
    const k = flags.k ?? flags.window;
    const windowed = flags.windowed;
    if ((k === undefined) !== (windowed === undefined)) {
      const flag = flags.window !== undefined ? "--window" : "--k";
      throw new UserError(`flops: ${flag} and --windowed go together (e.g. ${flag} 3 --windowed 0-5)`);
    }
    const report = flopsReport(
      flags.model,
      typeof k === "number" && typeof windowed === "string" ? { k, windowed, border: String(flags.border) } : undefined,
    );
    if (flags.json) {
      console.log(JSON.stringify(report));
      return 0;
    }
    console.log(`${report.model}: ${(report.params / 1e6).toFixed(3)} M params, ${fmt(report.macs)}MAC`);
    if (report.window) {
      console.log(
        `windowed: k=${report.window.k} (${report.window.border}) in blocks ${report.window.blocks.join(",")}; ` +
          `dense model ${fmt(report.denseMacs)}MAC, saving ${(100 * (1 - report.macs / report.denseMacs)).toFixed(2)} %`,
      );
    }
    for (const [name, macs] of Object.entries(report.categories)) {
      console.log(`  ${name.padEnd(42)} ${fmt(macs).padStart(11)}MAC  ${((100 * macs) / report.macs).toFixed(2).padStart(6)} %`);
    }
    return 0;
  },
  jsonFields: () => FLOPS_JSON,
};
