/**
 * `vitsparse flops` — analytic parameters and MACs of a modelled ViT, per Fig. 1 category, optionally with
 * windowed attention in some blocks.
 */
import type { Command } from "../command.ts";
import { formatHelp, parseArgs, type FlagSpec } from "../args.ts";
import { UserError } from "../../errors.ts";
import { FIG1_CATEGORIES } from "../../paper/poster-fig1.ts";
import { MODEL_NAMES, modelConfig } from "../../specs/models.ts";
import { attentionShapes, buildWorkload, macsByCategory, parseBlockList } from "../../workload/vit.ts";

const FLAGS: FlagSpec[] = [
  { name: "model", type: "string", description: `model: ${MODEL_NAMES.join(", ")}` },
  { name: "window", type: "number", description: "window side k (odd) for windowed attention; needs --windowed" },
  { name: "windowed", type: "string", description: 'blocks to window, e.g. "0-5" (the poster\'s schedule), "0,2,4" or "all"; needs --window' },
  { name: "border", type: "string", description: "window border: clip (the poster's) or shift", default: "clip", requires: ["window", "windowed"] },
  { name: "json", type: "boolean", description: 'print {"model","params","macs","categories":{name: macs},"window"}' },
];

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
  summary: "analytic params and MACs of a ViT per Fig. 1 category (optionally windowed)",
  async run(argv: string[]): Promise<number> {
    const { flags, positional } = parseArgs(argv, FLAGS, "flops");
    if (flags.help) {
      console.log(
        formatHelp(
          "vitsparse flops --model NAME [--window K --windowed 0-5] [--json]",
          "Parameters and multiply-accumulates (MACs) of a modelled ViT, per operator category of the poster's Fig. 1. " +
            "BatchNorm is folded (0 MACs); norms, softmax and element-wise ops count 0 MACs. 'unlabelled' holds the classifier head.",
          FLAGS,
        ),
      );
      return 0;
    }
    if (positional.length > 0) throw new UserError(`flops: unexpected argument "${positional[0]}"`);
    if (typeof flags.model !== "string") throw new UserError(`flops: --model is required (one of: ${MODEL_NAMES.join(", ")})`);
    const k = flags.window;
    const windowed = flags.windowed;
    if ((k === undefined) !== (windowed === undefined)) {
      throw new UserError('flops: --window and --windowed go together (e.g. --window 3 --windowed 0-5)');
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
};
