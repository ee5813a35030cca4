/**
 * `vitsparse run FILE.yaml` — runs an experiment file: per block and whole-model pruning ratio, MACs with the
 * Amdahl split, and per design the cycle breakdown, utilisation, energy estimate and the array × sparsity split;
 * writes the tables (CSV), the figures (SVG) and the result (JSON) to `scratch/run/<name>/` or `--out DIR` (never
 * into a tracked folder such as results/ or data/). Everything is checked before anything is written.
 */
import { join } from "node:path";
import { parseArgs, collectRepeated, formatHelp, JSON_FLAG, type FlagSpec } from "../args.ts";
import type { Command } from "../command.ts";
import type { JsonField } from "../json-fields.ts";
import { UserError } from "../../errors.ts";
import { repoRoot } from "../../paths.ts";
import { writeFileAtomic } from "../../data/atomic-write.ts";
import { resolveExperiment } from "../../experiment/resolve.ts";
import { runExperiment, type ExperimentResult } from "../../experiment/run.ts";
import { blockRows, designRows, fig11Rows, macRows, splitRows, type Row } from "../../experiment/tables.ts";
import { CYCLE_MODELS } from "../../cycles/registry.ts";
import { VIT_MODELS } from "../../specs/models.ts";
import { HARDWARE_PRESETS } from "../../specs/hardware.ts";
import { BREAKDOWN_FIELDS, ENERGY_FIELDS } from "./cycle-fields.ts";
import { checkOutputDir } from "../validate.ts";
import { checkOutsideTrackedFolders } from "../output-inside.ts";
import { ensureSpecData, SET_FLAG, specFromFlags } from "../spec-flags.ts";

const FLAGS: FlagSpec[] = [
  { name: "out", type: "string", description: "folder for the tables, figures and result.json (default scratch/run/<name>/; never a tracked folder such as results/ or data/)" },
  SET_FLAG,
  JSON_FLAG,
];

const SPLIT_FIELDS: JsonField[] = [
  { name: "arrayEffect", meaning: "baseline cycles / design cycles, both on the dense model", unit: "×" },
  { name: "sparsityEffect", meaning: "design cycles on the dense model / on this workload", unit: "×" },
  { name: "total", meaning: "arrayEffect × sparsityEffect", unit: "×" },
];
const MAC_FIELDS: JsonField[] = [
  { name: "attention", meaning: "Q×K and S×V over the kept entries", unit: "MAC" },
  { name: "projections", meaning: "QKV and output projections", unit: "MAC" },
  { name: "mlp", meaning: "the two MLP layers", unit: "MAC" },
  { name: "selector", meaning: "token selectors", unit: "MAC" },
  { name: "total", meaning: "the transformer blocks (patch embedding and head excluded)", unit: "MAC" },
];
const RATIO_FIELDS = (what: string): JsonField[] => [
  { name: "qkSystolicToLines", meaning: `${what}: Q×K systolic full / lines full`, unit: "×" },
  { name: "qkFullToWindow", meaning: `${what}: Q×K lines full / lines window`, unit: "×" },
  { name: "svSystolicToLines", meaning: `${what}: S×V systolic full / lines full`, unit: "×" },
  { name: "svFullToWindow", meaning: `${what}: S×V lines full / lines window`, unit: "×" },
];
const PHASE_FIELDS: JsonField[] = [
  { name: "systolicFull", meaning: "systolic array, full attention", unit: "cycles" },
  { name: "linesFull", meaning: "MAC lines, full attention", unit: "cycles" },
  { name: "linesWindow", meaning: "MAC lines, windowed attention", unit: "cycles" },
];

/** Fields of `run --json`. */
export const RUN_JSON: readonly JsonField[] = [
  { name: "name", meaning: "the experiment's name (the spec's name, else the file name)" },
  { name: "description", meaning: "the spec's description, else the workload label" },
  { name: "source", meaning: "the spec file (absolute path)" },
  {
    name: "workload",
    meaning: "what was actually run",
    fields: [
      { name: "id", meaning: "workload id (tables, CSV)" },
      { name: "label", meaning: "model, image size, attention per block; a mask file by name and sha256" },
      { name: "model", meaning: "model name (workload.model)" },
      { name: "image", meaning: "input image side (null: the model starts from tokens)", unit: "pixels" },
      { name: "patch", meaning: "patch side (null: no patch embedding)", unit: "pixels" },
      { name: "grid", meaning: "side of the patch grid", unit: "patches" },
      { name: "tokens", meaning: "tokens entering block 0 (special + patches)", unit: "tokens" },
      { name: "depth", meaning: "transformer blocks", unit: "blocks" },
      { name: "heads", meaning: "attention heads", unit: "heads" },
      { name: "attention", meaning: "dense, window, masks or token-pruning" },
      { name: "blocks", meaning: "blocks the window or the masks apply to (indices from 0)" },
      {
        name: "window", meaning: "the window (null without)", nullable: true,
        fields: [
          { name: "k", meaning: "window side", unit: "patches" },
          { name: "dilation", meaning: "spacing of the taps", unit: "patches" },
          { name: "border", meaning: "clip or shift" },
          { name: "special", meaning: "special tokens kept global", unit: "tokens" },
        ],
      },
      {
        name: "mask", meaning: "the mask file (null without)", nullable: true,
        fields: [
          { name: "file", meaning: "the path as the spec gives it" },
          { name: "name", meaning: "file name" },
          { name: "sha256", meaning: "sha256 of the file's bytes" },
          { name: "shape", meaning: "the array's shape as stored" },
        ],
      },
      {
        name: "selectors", meaning: "token selectors (null without)", nullable: true,
        fields: [
          { name: "block", meaning: "block the selector precedes" },
          { name: "keepRatio", meaning: "share of the alive patch tokens kept", unit: "fraction 0..1" },
        ],
      },
    ],
  },
  {
    name: "hardware",
    meaning: "the architecture: the preset with the spec's overrides",
    fields: [
      { name: "id", meaning: "preset id and the overrides" },
      { name: "preset", meaning: "hardware.preset" },
      { name: "overrides", meaning: "the overridden keys as key=value" },
      { name: "arrangement", meaning: "lines (MAC lines) or array" },
      { name: "rows", meaning: "PE rows (MAC lines with arrangement lines)", unit: "PEs" },
      { name: "cols", meaning: "PE columns (PEs per line with arrangement lines)", unit: "PEs" },
      { name: "pes", meaning: "rows × cols", unit: "PEs" },
      { name: "clockHz", meaning: "clock", unit: "Hz" },
      { name: "offChipBytesPerSecond", meaning: "off-chip bandwidth", unit: "bytes/s" },
      { name: "dataBits", meaning: "operand width", unit: "bits" },
      { name: "nonlinear", meaning: "nonlinear unit" },
    ],
  },
  {
    name: "pruning",
    meaning: "attention entries pruned",
    fields: [
      {
        name: "blocks", meaning: "one row per block",
        fields: [
          { name: "block", meaning: "block index" },
          { name: "kind", meaning: "dense, window, masks or token-pruned" },
          { name: "tokens", meaning: "tokens the block computes on", unit: "tokens" },
          { name: "kept", meaning: "kept attention entries, all heads", unit: "entries" },
          { name: "entries", meaning: "the dense model's entries of the block, heads × N²", unit: "entries" },
          { name: "pruningRatio", meaning: "1 − kept / entries", unit: "fraction 0..1" },
        ],
      },
      { name: "kept", meaning: "kept entries, whole model", unit: "entries" },
      { name: "entries", meaning: "dense entries, whole model", unit: "entries" },
      { name: "pruningRatio", meaning: "whole-model pruning ratio", unit: "fraction 0..1" },
    ],
  },
  {
    name: "macs",
    meaning: "MACs of the transformer blocks and the Amdahl split",
    fields: [
      { name: "dense", meaning: "the dense model", fields: MAC_FIELDS },
      { name: "sparse", meaning: "this workload (kept entries only)", fields: MAC_FIELDS },
      { name: "attentionShareDense", meaning: "attention core / all block MACs of the dense model", unit: "fraction 0..1" },
      { name: "attentionSpeedup", meaning: "dense / this workload's attention-core MACs", unit: "×" },
      { name: "speedup", meaning: "dense / this workload's block MACs", unit: "×" },
      { name: "amdahlLimit", meaning: "1 / (1 − attentionShareDense): the most attention sparsity alone can give", unit: "×" },
    ],
  },
  { name: "baseline", meaning: "the design the split is against on the dense model (the registered design that exploits no sparsity)", nullable: true },
  {
    name: "designs",
    meaning: "one row per design (the spec's designs, default every registered one)",
    fields: [
      { name: "design", meaning: "registry id" },
      { name: "label", meaning: "short label" },
      { name: "mapping", keys: "mapping parameter", meaning: "the mapping it ran (defaults, the spec's mapping keys, values derived from the workload)" },
      { name: "breakdown", meaning: "the design's cycles on this workload", fields: BREAKDOWN_FIELDS },
      { name: "energy", meaning: "energy estimate on this workload", fields: ENERGY_FIELDS },
      { name: "dense", meaning: "the design's cycles on the dense model", fields: BREAKDOWN_FIELDS },
      {
        name: "split",
        meaning: "its speedup over the baseline on the dense model",
        fields: [
          { name: "attention", meaning: "attention matmuls", fields: SPLIT_FIELDS },
          { name: "total", meaning: "whole inference", fields: SPLIT_FIELDS },
        ],
      },
    ],
  },
  {
    name: "references",
    meaning: "reference re-implementations the spec lists (references: [fig11, vitcod-log])",
    fields: [
      {
        name: "fig11", optional: true, meaning: "the poster's one-layer Fig. 11 model at this window side and model",
        fields: [
          { name: "k", meaning: "window side", unit: "patches" },
          { name: "heads", meaning: "heads = MAC lines", unit: "heads" },
          { name: "tokens", meaning: "tokens of the layer", unit: "tokens" },
          { name: "featureDim", meaning: "features per head", unit: "features" },
          { name: "pesPerLine", meaning: "PEs per MAC line", unit: "PEs" },
          { name: "systolic", meaning: "the systolic array of equal PEs, rows×cols" },
          { name: "qk", meaning: "Q×K of one layer", fields: PHASE_FIELDS },
          { name: "sv", meaning: "S×V of one layer", fields: PHASE_FIELDS },
          { name: "ratios", meaning: "the four ratios of Fig. 11", fields: RATIO_FIELDS("kit") },
          { name: "reported", meaning: "the poster's four ratios (quoted)", fields: RATIO_FIELDS("poster") },
        ],
      },
      {
        name: "vitcodLog", optional: true, meaning: "ViTCoD's simulator re-implemented, checked against its released logs",
        fields: [
          { name: "available", meaning: "the reference data was there (npm run data:import); without it the fields below are null" },
          { name: "reason", meaning: "why not, when unavailable (null when available)" },
          { name: "compared", meaning: "values compared (per-layer values and totals)", unit: "count" },
          { name: "mismatches", meaning: "values that differ", unit: "count" },
          { name: "attentionTotal", meaning: "attention simulator total", nullable: true, fields: [{ name: "kit", meaning: "kit", unit: "cycles" }, { name: "log", meaning: "ViTCoD's log", unit: "cycles" }] },
          { name: "ffnTotal", meaning: "FFN/linear simulator total", nullable: true, fields: [{ name: "kit", meaning: "kit", unit: "cycles" }, { name: "log", meaning: "ViTCoD's log", unit: "cycles" }] },
          { name: "equal", meaning: "every compared value equal" },
        ],
      },
    ],
  },
  { name: "outDir", meaning: "the folder the files were written to" },
  { name: "files", meaning: "the files written (tables, figures, result.json), names relative to outDir" },
];

function help(): string {
  return formatHelp(
    "vitsparse run FILE.yaml [--set KEY=VALUE]... [--out DIR] [--json]",
    "Runs an experiment file (YAML; schema experiments/experiment.schema.json, examples in experiments/): the workload " +
      "(model from the model list or inline, image and patch size, attention per block: dense, a window, masks from a file, or " +
      "token pruning), the hardware (a preset plus overrides), the mapping per design and the designs (default all). Prints and " +
      "writes per-block and whole-model pruning ratio, MACs with the Amdahl split, and per design the cycle breakdown, utilisation, " +
      "energy estimate and the array × sparsity split, with tables (CSV), figures (SVG) and result.json. Bad input exits 2 with one " +
      "line naming the key path, the value and what was expected; nothing is written. " +
      `Models: ${Object.keys(VIT_MODELS).join(", ")}. Presets: ${Object.keys(HARDWARE_PRESETS).join(", ")}. Designs: ${CYCLE_MODELS.map((m) => m.id).join(", ")}.`,
    FLAGS,
    RUN_JSON,
  );
}

/** Every file `run` may write into its folder (checked before any work). */
const RUN_FILES = ["blocks.csv", "macs.csv", "designs.csv", "split.csv", "fig11.csv", "experiment-pruning.svg", "experiment-cycles.svg", "experiment-split.svg", "result.json"];

function toCsv(rows: readonly Row[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const field = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    const t = String(v);
    return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [cols.map(field).join(","), ...rows.map((r) => cols.map((c) => field(r[c])).join(","))].join("\n") + "\n";
}

/** Writes the tables, the figures and result.json; returns the file names. */
async function writeOutputs(dir: string, result: ExperimentResult): Promise<string[]> {
  const files: string[] = [];
  const write = (name: string, text: string): void => {
    writeFileAtomic(join(dir, name), text);
    files.push(name);
  };
  write("blocks.csv", toCsv(blockRows(result)));
  write("macs.csv", toCsv(macRows(result)));
  write("designs.csv", toCsv(designRows(result)));
  write("split.csv", toCsv(splitRows(result)));
  const fig11 = fig11Rows(result);
  if (fig11.length > 0) write("fig11.csv", toCsv(fig11));
  // Figures need Observable Plot and a headless DOM: loaded only here.
  const { renderFigure } = await import("../../output/figure.ts");
  const { experimentPruningFigure } = await import("../../figures/experiment-pruning.ts");
  const { experimentCyclesFigure } = await import("../../figures/experiment-cycles.ts");
  const { experimentSplitFigure } = await import("../../figures/experiment-split.ts");
  write("experiment-pruning.svg", renderFigure((Plot, document) => experimentPruningFigure(Plot, document, result)));
  const runs = result.designs.map((d) => ({ design: d.design, dense: d.dense, workload: d.breakdown }));
  write("experiment-cycles.svg", renderFigure((Plot, document) => experimentCyclesFigure(Plot, document, result.name, result.hardware.id, runs)));
  if (result.baseline) write("experiment-split.svg", renderFigure((Plot, document) => experimentSplitFigure(Plot, document, result.name, result.baseline!, result.designs)));
  write("result.json", `${JSON.stringify(result, null, 1)}\n`);
  return files;
}

function printText(r: ExperimentResult, dir: string, files: readonly string[]): void {
  const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
  console.log(`${r.name}: ${r.workload.label}`);
  console.log(`hardware ${r.hardware.id}: ${r.hardware.rows}×${r.hardware.cols} PEs (${r.hardware.arrangement}), ${r.hardware.clockHz / 1e6} MHz, ${r.hardware.dataBits}-bit, ${r.hardware.nonlinear} nonlinear unit`);
  console.log(`pruning: ${pct(r.pruning.pruningRatio)} of the model's ${r.pruning.entries.toLocaleString("en-US")} attention entries; per block ${r.pruning.blocks.map((b) => `${b.block}:${(100 * b.pruningRatio).toFixed(1)}`).join(" ")} %`);
  console.log(`MACs: ${r.macs.sparse.total.toLocaleString("en-US")} of ${r.macs.dense.total.toLocaleString("en-US")} (×${r.macs.speedup.toFixed(3)}); attention core ${pct(r.macs.attentionShareDense)} of the dense blocks, ×${r.macs.attentionSpeedup.toFixed(2)} fewer; Amdahl limit ×${r.macs.amdahlLimit.toFixed(3)}`);
  console.log("design      total cycles   dense cycles   util.    ms        energy µJ (est.)  array × sparsity = total (attention | inference)");
  for (const d of r.designs) {
    const s = d.split;
    console.log(
      `${d.design.padEnd(11)} ${String(d.breakdown.total).padStart(12)} ${String(d.dense.total).padStart(14)}  ${(100 * d.breakdown.utilisation).toFixed(1).padStart(5)} %  ${d.breakdown.ms.toFixed(3).padStart(8)}  ${d.energy.totalUj.toFixed(1).padStart(16)}  ` +
        `×${s.attention.arrayEffect.toFixed(2)} × ×${s.attention.sparsityEffect.toFixed(2)} = ×${s.attention.total.toFixed(2)} | ×${s.total.arrayEffect.toFixed(2)} × ×${s.total.sparsityEffect.toFixed(2)} = ×${s.total.total.toFixed(2)}`,
    );
  }
  const f = r.references.fig11;
  if (f) console.log(`Fig. 11 (one layer, k = ${f.k}, ${f.heads} lines × ${f.pesPerLine} PEs vs ${f.systolic}): Q×K ×${f.ratios.qkSystolicToLines.toFixed(3)}, ×${f.ratios.qkFullToWindow.toFixed(2)}; S×V ×${f.ratios.svSystolicToLines.toFixed(3)}, ×${f.ratios.svFullToWindow.toFixed(2)} (poster ×${f.reported.qkSystolicToLines}, ×${f.reported.qkFullToWindow}, ×${f.reported.svSystolicToLines}, ×${f.reported.svFullToWindow})`);
  const v = r.references.vitcodLog;
  if (v) console.log(v.available ? `ViTCoD's simulator vs its logs: ${v.compared} values, ${v.mismatches} mismatches (attention ${v.attentionTotal!.kit} = ${v.attentionTotal!.log}, FFN ${v.ffnTotal!.kit} = ${v.ffnTotal!.log})` : `ViTCoD's simulator vs its logs: not checked (${v.reason})`);
  console.log(`wrote ${files.join(", ")} to ${dir}`);
}

/** The `run` command. */
export const runCommand: Command = {
  name: "run",
  jsonFields: () => RUN_JSON,
  async run(argv: string[]): Promise<number> {
    const { values: sets, rest } = collectRepeated(argv, SET_FLAG, "run");
    const { flags, positional } = parseArgs(rest, FLAGS, "run");
    if (flags.help) {
      console.log(help());
      return 0;
    }
    if (positional.length !== 1) throw new UserError(`run: expected one experiment file (vitsparse run FILE.yaml), got ${positional.length === 0 ? "none" : positional.join(" ")}`);
    const input = specFromFlags({ spec: positional[0] }, sets, "run");
    await ensureSpecData(input);
    const r = resolveExperiment(input);
    // Where the files go is checked before any work.
    // The folder itself (not the repository root, nor a tracked folder) and each file the run writes in it.
    const target = typeof flags.out === "string" ? flags.out : join(repoRoot, "scratch", "run", r.name);
    checkOutputDir(target, "run: --out");
    checkOutsideTrackedFolders(target, "run: --out", true);
    const dir = checkOutputDir(target, "run: --out", { files: RUN_FILES });
    const result = await runExperiment(r);
    const files = await writeOutputs(dir, result);
    if (flags.json) console.log(JSON.stringify({ ...result, outDir: dir, files }));
    else printText(result, dir, files);
    if (result.references.vitcodLog && !result.references.vitcodLog.available) process.stderr.write(`run: ${result.references.vitcodLog.reason}\n`);
    return 0;
  },
};
