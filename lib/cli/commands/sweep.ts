/**
 * `vitsparse sweep` — evaluates a grid of accelerator configurations (default 1,000) with the cycle
 * models, progress on stderr, results as CSV (`--out`) and/or one JSON object (`--json`).
 *
 * Examples:
 *   vitsparse sweep vitcod --out sweep.csv                       (1,000 configs on poster window masks)
 *   vitsparse sweep vitcod --npy info_0.95.npy --set peWidth=16,32,64 --set ratio=0.5,1 --json
 *   vitsparse sweep poster --set pesPerLine=8,10,12 --set k=3,5
 */
import { parseLeaf, type Command, type LeafSpec } from "../command.ts";
import { collectRepeated, JSON_FLAG, type FlagSpec } from "../args.ts";
import type { JsonField } from "../json-fields.ts";
import { UserError } from "../../errors.ts";
import { writeFileAtomic } from "../../data/atomic-write.ts";
import { checkOutputPath, parseDecimalList } from "../validate.ts";
import { runSweep, sweepCsv, type SweepAxis, type SweepableModel } from "../../cycles/sweep.ts";
import { CYCLE_MODELS, cycleModel } from "../../cycles/registry.ts";
import { readMaskArray } from "../mask-input.ts";

const SWEEPABLE = CYCLE_MODELS.filter((m) => m.sweep !== undefined);

const FLAGS: FlagSpec[] = [
  { name: "set", type: "string", description: "NAME=v1,v2,... replaces the default values of one axis (repeatable: one --set per axis)", repeatable: true },
  { name: "npy", type: "string", description: "mask array .npy (layers, heads, n, n; nonzero = pruned) for models that read masks; default: the model's own workload (vitcod: 12 layers of the 3×3 window mask)" },
  { name: "out", type: "string", description: "write all rows as CSV to this path (atomic)" },
  JSON_FLAG,
];

const RATIO = { unit: "×" };
const PHASES = (what: string, prefix: string): JsonField[] => [
  { name: `${prefix}SystolicFull`, meaning: `${what}, systolic array, full attention`, unit: "cycles" },
  { name: `${prefix}LinesFull`, meaning: `${what}, MAC lines, full attention`, unit: "cycles" },
  { name: `${prefix}LinesWindow`, meaning: `${what}, MAC lines, windowed attention`, unit: "cycles" },
  { name: `${prefix}SystolicToLines`, meaning: `${what}: systolic full / lines full`, ...RATIO },
  { name: `${prefix}FullToWindow`, meaning: `${what}: lines full / lines window`, ...RATIO },
];

/** Per sweepable model: its parameters (the `--set` axes) and the outputs of one configuration. */
const SWEEP_FIELDS: Record<string, { params: JsonField[]; values: JsonField[] }> = {
  vitcod: {
    params: [
      { name: "peWidth", meaning: "W, PE array width", unit: "PEs" },
      { name: "peHeight", meaning: "PH, PE array height", unit: "PEs" },
      { name: "bandwidthGBps", meaning: "off-chip bandwidth (GB = 1024³ B)", unit: "GB/s" },
      { name: "ratio", meaning: "r, auto-encoder compression ratio", unit: "fraction 0..1" },
      { name: "featureDim", meaning: "D, features per head", unit: "features" },
      { name: "clockHz", meaning: "clock", unit: "Hz" },
    ],
    values: [
      { name: "preload", meaning: "attention loads, all layers", unit: "cycles" },
      { name: "processing", meaning: "decoder processing", unit: "cycles" },
      { name: "computation", meaning: "SDDMM + SpMM", unit: "cycles" },
      { name: "total", meaning: "max(preload, processing + computation)", unit: "cycles" },
      { name: "boundByBandwidth", meaning: "1 when preload ≥ processing + computation, else 0", unit: "0/1" },
    ],
  },
  "mac-lines": {
    params: [
      { name: "pesPerLine", meaning: "PEs per MAC line (the systolic array keeps equal PEs, near-square)", unit: "PEs" },
      { name: "k", meaning: "window side", unit: "patches" },
      { name: "macLatency", meaning: "extra cycles per pass/fold of the pipelined MAC", unit: "cycles" },
      { name: "fillPerQuery", meaning: "Q/S chain fill per query", unit: "cycles" },
      { name: "heads", meaning: "heads = MAC lines", unit: "heads" },
      { name: "featureDim", meaning: "features per head", unit: "features" },
    ],
    values: [...PHASES("Q×K", "qk"), ...PHASES("S×V", "sv")],
  },
};

/** Fields of `sweep <model> --json`. */
export function sweepJson(modelId: string): readonly JsonField[] {
  const id = SWEEPABLE.find((m) => m.id === modelId || (m.aliases ?? []).includes(modelId))?.id;
  const docs = id === undefined ? undefined : SWEEP_FIELDS[id];
  if (!docs) throw new UserError(`sweep: model "${modelId}" has no sweep (models with one: ${SWEEPABLE.map((m) => m.id).join(", ")})`);
  return [
    { name: "model", meaning: "the swept model as named on the command line" },
    { name: "configurations", meaning: "configurations evaluated (product of the axes' lengths)", unit: "count" },
    { name: "errors", meaning: "configurations the model rejected (their rows carry error)", unit: "count" },
    {
      name: "axes",
      meaning: "the swept axes, defaults replaced by --set",
      fields: [
        { name: "name", meaning: "parameter name" },
        { name: "values", meaning: "its values, in sweep order" },
      ],
    },
    {
      name: "rows",
      meaning: "one row per configuration, last axis fastest",
      fields: [
        { name: "params", keys: "swept parameter", meaning: "the configuration", fields: docs.params.map((f) => ({ ...f, optional: true })) },
        { name: "values", keys: "model output", meaning: "the model's outputs (empty when error is set)", fields: docs.values.map((f) => ({ ...f, optional: true })) },
        { name: "error", meaning: "why the model rejected the configuration", optional: true },
      ],
    },
  ];
}



/** Parses `NAME=v1,v2` into an axis (values by the CLI's one decimal rule, each once). */
export function parseAxis(text: string): SweepAxis {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UserError(`sweep: --set "${text}" must look like NAME=v1,v2,...`);
  const name = text.slice(0, eq).trim();
  return { name, values: parseDecimalList(text.slice(eq + 1), `sweep: --set ${name}=`) };
}

/** Environment variable raising the largest sweep the CLI runs. */
const MAX_CONFIGS_ENV = "VITSPARSE_MAX_SWEEP";

function maxSweepConfigurations(): number {
  const text = process.env[MAX_CONFIGS_ENV];
  if (text === undefined || text === "") return 1_000_000;
  const v = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(v) || v < 1) throw new UserError(`${MAX_CONFIGS_ENV} must be a positive integer, got "${text}"`);
  return v;
}

/** `sweep <model>`: what it takes and prints. */
export function sweepSpec(modelId: string): LeafSpec {
  const m = cycleModel(modelId);
  return {
    path: `sweep ${modelId}`,
    usage: `vitsparse sweep ${[m.id, ...(m.aliases ?? [])].join("|")} [--set NAME=v1,v2,...]... [--npy PATH] [--out CSV] [--json]`,
    description:
      `Evaluates the cartesian product of parameter values of ${m.label} (axes: ${m.sweep!.params.join(", ")}; defaults: ` +
      `${m.sweep!.defaults.map((a) => `${a.name} ${a.values.join(",")}`).join("; ")}). Progress goes to stderr; without --json and --out the rows go to stdout as CSV.`,
    flags: FLAGS,
    json: sweepJson(modelId),
  };
}

/** The `sweep` command. */
export const sweepCommand: Command = {
  jsonFields: (sub?: string) => sweepJson(String(sub)),
  subcommands: () => SWEEPABLE.map((m) => ({ name: m.id, summary: `axes: ${m.sweep!.params.join(", ")}` })),
  name: "sweep",
  async run(argv: string[]): Promise<number> {
    const [model, ...tail] = argv;
    const found = SWEEPABLE.find((m) => m.id === model || (m.aliases ?? []).includes(String(model)));
    if (!found) {
      throw new UserError(`sweep: model "${String(model)}" has no sweep (models with one: ${SWEEPABLE.map((m) => m.id).join(", ")})`);
    }
    const sweepable = found as SweepableModel;
    const { values: sets, rest } = collectRepeated(tail, FLAGS[0]!, `sweep ${String(model)}`);
    const flags = parseLeaf(sweepSpec(found.id), rest);
    if (!flags) return 0;

    const axes: SweepAxis[] = sweepable.sweep.defaults.map((a) => ({ name: a.name, values: [...a.values] }));
    const setNames = new Set<string>();
    for (const s of sets) {
      const ax = parseAxis(s);
      if (setNames.has(ax.name)) throw new UserError(`sweep ${found.id}: --set ${ax.name}= given twice (put all values of an axis in one --set ${ax.name}=v1,v2,...)`);
      setNames.add(ax.name);
      const i = axes.findIndex((a) => a.name === ax.name);
      if (i >= 0) axes[i] = ax;
      else axes.push(ax);
    }
    // Checked before any work: where the CSV goes, and how many configurations the axes make.
    const out = typeof flags.out === "string" ? checkOutputPath(flags.out, "sweep: --out") : undefined;
    const configurations = axes.reduce((n, a) => n * a.values.length, 1);
    const limit = maxSweepConfigurations();
    if (configurations > limit) {
      throw new UserError(`sweep ${model}: ${configurations.toExponential(2)} configurations (${axes.map((a) => `${a.name}: ${a.values.length}`).join(" × ")}) exceed the limit of ${limit}; use fewer values per axis or raise the limit with ${MAX_CONFIGS_ENV}=N`);
    }
    const masks = typeof flags.npy === "string" ? readMaskArray(flags.npy, `sweep ${model}: --npy`) : undefined;
    const started = Date.now();
    const rows = runSweep(sweepable, axes, masks, (done, total) => {
      process.stderr.write(`sweep ${model}: ${done}/${total} configurations (${((Date.now() - started) / 1000).toFixed(2)} s)\n`);
    });
    const errors = rows.filter((r) => r.error !== undefined).length;
    if (rows.length > 0 && errors === rows.length) {
      throw new UserError(`sweep ${model}: the model rejected all ${rows.length} configurations, e.g. ${rows[0]!.error} (check the --set axes: ${sets.map((x) => x.split("=")[0]).join(", ") || "defaults"})`);
    }
    if (out !== undefined) {
      writeFileAtomic(out, sweepCsv(rows));
      process.stderr.write(`sweep ${model}: wrote ${rows.length} rows to ${flags.out}\n`);
    }
    if (flags.json) {
      console.log(JSON.stringify({ model, configurations: rows.length, errors, axes, rows }));
    } else if (typeof flags.out !== "string") {
      process.stdout.write(sweepCsv(rows));
    }
    process.stderr.write(`sweep ${model}: ${rows.length} configurations, ${errors} rejected by the model, ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    return 0;
  },
};
