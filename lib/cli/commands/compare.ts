/**
 * `vitsparse compare` — every registered accelerator model on one hardware preset and every workload
 * (dense attention, the poster's window schedule, ViTCoD's learned masks, HeatViT's token pruning), and
 * per design its speedup over the systolic baseline split into array and sparsity effects.
 */
import { parseLeaf, type Command, type LeafSpec } from "../command.ts";
import { collectRepeated, JSON_FLAG, type FlagSpec } from "../args.ts";
import type { JsonField } from "../json-fields.ts";
import { BREAKDOWN_FIELDS, ENERGY_FIELDS } from "./cycle-fields.ts";
import { UserError } from "../../errors.ts";
import { compareDesigns } from "../../cycles/compare.ts";
import type { Workload } from "../../cycles/model.ts";
import { ensureReferenceData } from "../../data/reference/ensure.ts";
import { externalDataPath } from "../../paths.ts";
import { VITCOD_MASK_FILE } from "../../masks/vitcod-masks.ts";
import { POSTER_WINDOW_K } from "../../specs/poster.ts";
import { DYNAMICVIT_KEEP } from "../../specs/token-pruning.ts";
import { resolveExperiment, resolveWorkload } from "../../experiment/resolve.ts";
import { withoutSpecKey, withSpecKey, type ExperimentSpec, type SpecInput } from "../../experiment/spec.ts";
import { ensureSpecData, SET_FLAG, SPEC_FLAGS, specFromFlags } from "../spec-flags.ts";

const FLAGS: FlagSpec[] = [...SPEC_FLAGS.filter((f) => f.name !== "workload"), JSON_FLAG];

/** Fields of `compare --json`. */
export const COMPARE_JSON: readonly JsonField[] = [
  { name: "preset", meaning: "the hardware preset all designs share (--preset)" },
  {
    name: "rows",
    meaning: "one row per design × workload",
    fields: [
      { name: "design", meaning: "accelerator model id (vitsparse simulate <id>)" },
      { name: "workload", meaning: "workload id (dense, window schedule, learned masks, token-pruned)" },
      { name: "workloadLabel", meaning: "what the workload was: model, image size, attention per block (a mask file by name and sha256)" },
      { name: "attentionCycles", meaning: "cycles of the attention matmuls (Q·Kᵀ and S·V)", unit: "cycles" },
      { name: "totalCycles", meaning: "cycles of the whole model", unit: "cycles" },
      { name: "utilisation", meaning: "useful matmul MACs / (matmul cycles × PEs)", unit: "fraction 0..1" },
      { name: "attentionUtilisation", meaning: "useful attention MACs / (PEs × attention cycles)", unit: "fraction 0..1" },
      { name: "energyUj", meaning: "energy estimate (Horowitz ISSCC 2014 table), not a measurement", unit: "µJ" },
      { name: "energyRangeUj", meaning: "[low, high] total with DRAM energy at the low and high end of the table's range", unit: "µJ" },
      { name: "ms", meaning: "total cycles at the preset's clock", unit: "ms" },
      { name: "breakdown", meaning: "the design's cycle breakdown", fields: BREAKDOWN_FIELDS },
      { name: "energy", meaning: "the energy estimate by part", fields: ENERGY_FIELDS },
    ],
  },
  {
    name: "split",
    meaning: "per design: its speedup over the systolic baseline on dense attention, split into array and sparsity effects",
    fields: [
      { name: "design", meaning: "accelerator model id" },
      { name: "workload", meaning: "the sparsity workload the design is built to exploit" },
      { name: "scope", meaning: "cycles compared: attention or the whole model" },
      { name: "arrayEffect", meaning: "baseline cycles / design cycles on dense attention", unit: "×" },
      { name: "sparsityEffect", meaning: "design cycles on dense / design cycles on its workload", unit: "×" },
      { name: "total", meaning: "arrayEffect × sparsityEffect", unit: "×" },
    ],
  },
];

/** `compare`: what it takes and prints. */
export const COMPARE: LeafSpec = {
  path: "compare",
  usage: "vitsparse compare [--spec FILE] [--model M] [--k 3 --windowed 0-5] [--mask FILE] [--keep 0.7] [--preset P] [--set KEY=VALUE]... [--json]",
  description:
    "Designs × workloads on one footing: cycles, utilisation, an energy estimate (Horowitz ISSCC 2014 table), and per design " +
    "arrayEffect × sparsityEffect = total over the systolic baseline on dense attention. The workloads come from the experiment " +
    `spec the flags build: the dense model; its window (default the poster's k = ${POSTER_WINDOW_K} in the lower half of the blocks); its masks ` +
    "(--mask FILE, labelled by file name and sha256; default ViTCoD's learned info_0.95 for DeiT-tiny at 224 px when imported); its " +
    `token pruning (default keep ${DYNAMICVIT_KEEP} at 1/4, 1/2, 3/4 of the depth). Hardware, designs and mappings are the spec's.`,
  flags: FLAGS,
  json: COMPARE_JSON,
};

/** The spec with one attention kind: `key` set (or kept from the spec), the other kinds removed. */
function only(spec: ExperimentSpec, key: "workload.attention.window" | "workload.attention.masks" | "workload.tokenPruning" | null): ExperimentSpec {
  let s = spec;
  for (const k of ["workload.attention.window", "workload.attention.masks", "workload.tokenPruning"] as const) if (k !== key) s = withoutSpecKey(s, k);
  return s;
}

/** The compared workloads: dense, window, masks (when there are any), token-pruned — each from the spec. */
async function compareWorkloads(input: SpecInput): Promise<Workload[]> {
  const spec = input.spec;
  const w = spec.workload ?? {};
  const at = (s: ExperimentSpec): Workload => resolveWorkload({ ...input, spec: s }).workload;
  const out: Workload[] = [at(only(spec, null))];
  const windowSpec = w.attention?.window ? only(spec, "workload.attention.window") : withSpecKey(only(spec, null), "workload.attention.window.k", POSTER_WINDOW_K, "compare");
  out.push(at(windowSpec));
  if (w.attention?.masks) {
    out.push(at(only(spec, "workload.attention.masks")));
  } else {
    const dense = out[0]!;
    const isViTCoDsModel = dense.model.id === "deit-tiny" && dense.model.tokens === 197;
    if (isViTCoDsModel && (await ensureReferenceData())) {
      const masks = withSpecKey(only(spec, null), "workload.attention.masks.file", externalDataPath(VITCOD_MASK_FILE), "compare");
      out.push({ ...at(masks), id: `${dense.model.id}-vitcod-masks`, label: "ViTCoD's info_0.95 masks" });
    } else if (isViTCoDsModel) {
      process.stderr.write("compare: ViTCoD's reference masks are not available (run `npm run data:import`); the learned-mask workload is left out\n");
    }
  }
  const tpSpec = w.tokenPruning ? only(spec, "workload.tokenPruning") : withSpecKey(only(spec, null), "workload.tokenPruning.keep", DYNAMICVIT_KEEP, "compare");
  out.push(at(tpSpec));
  return out;
}

/** The `compare` command. */
export const compareCommand: Command = {
  name: "compare",
  async run(argv: string[]): Promise<number> {
    const { values: sets, rest } = collectRepeated(argv, SET_FLAG, "compare");
    const flags = parseLeaf(COMPARE, rest);
    if (!flags) return 0;
    const input = specFromFlags(flags, sets, "compare");
    await ensureSpecData(input);
    // The spec's hardware, designs and mappings (checked as vitsparse run checks them).
    const resolved = resolveExperiment({ ...input, spec: only(input.spec, null) });
    if (!resolved.designs.some((d) => d.model.exploits === "none")) throw new UserError("compare: the designs need the baseline that exploits no sparsity (systolic) for the split");
    const workloads = await compareWorkloads(input);
    const designs = resolved.designs.map((d) => ({ model: d.model, mapping: (input.spec.mapping?.[d.model.id] ?? {}) }));
    const result = compareDesigns({ arch: resolved.arch, workloads, designs });
    if (flags.json) {
      console.log(JSON.stringify(result));
      return 0;
    }
    console.log(`preset ${result.preset}`);
    for (const w of workloads) console.log(`workload ${w.id}: ${w.label}`);
    // Columns as wide as their longest entry (a registered design's id, a mask file's workload id).
    const dw = Math.max(11, ...result.rows.map((r) => r.design.length + 1));
    const ww = Math.max(26, ...result.rows.map((r) => r.workload.length));
    console.log(`${"design".padEnd(dw)} ${"workload".padEnd(ww)} ${"attention cycles".padStart(16)} ${"total cycles".padStart(14)}  util.   energy µJ (estimate)`);
    for (const r of result.rows) {
      console.log(`${r.design.padEnd(dw)} ${r.workload.padEnd(ww)} ${String(r.attentionCycles).padStart(16)} ${String(r.totalCycles).padStart(14)}  ${(100 * r.utilisation).toFixed(1).padStart(5)} %  ${r.energyUj.toFixed(1)}`);
    }
    console.log("split: design (own workload, scope): arrayEffect × sparsityEffect = total");
    for (const s of result.split) console.log(`${s.design} (${s.workload}, ${s.scope}): ×${s.arrayEffect.toFixed(2)} × ×${s.sparsityEffect.toFixed(2)} = ×${s.total.toFixed(2)}`);
    return 0;
  },
  jsonFields: () => COMPARE_JSON,
};
