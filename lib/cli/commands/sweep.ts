/**
 * `vitsparse sweep <design>` — evaluates a grid of configurations of a registered design: the experiment spec the
 * flags build (`--spec FILE`, `--model`, `--k`, `--preset`, …), with every `--set KEY=v1,v2,...` an axis over any
 * spec key (its meaning and unit from the schema or the design's mapping parameters); the `--set` axes are the
 * whole sweep, and without any the design's default axes (from the registry) are. Progress on stderr; rows as CSV (`--out`, or stdout)
 * and/or one JSON object (`--json`). CSV on stdout is written while the rows are computed, so `sweep ... | head` ends early.
 *
 * Examples:
 *   vitsparse sweep mac-lines                                              (the design's default 1,000 configurations)
 *   vitsparse sweep vitcod --mask info_0.95.npy --set hardware.pes.cols=16,32,64 --set mapping.vitcod.ratio=0.5,1 --json
 *   vitsparse sweep systolic --set hardware.pes.rows=4,8,16 --set workload.model=deit-tiny,deit-small
 */
import { parseLeaf, type Command, type LeafSpec } from "../command.ts";
import { collectRepeated, JSON_FLAG, type FlagSpec } from "../args.ts";
import type { JsonField } from "../json-fields.ts";
import { UserError } from "../../errors.ts";
import { writeFileAtomic } from "../../data/atomic-write.ts";
import { checkOutputPath } from "../validate.ts";
import { checkOutsideTrackedFolders } from "../output-inside.ts";
import { CYCLE_MODELS, cycleModel } from "../../cycles/registry.ts";
import { parseSetValue, splitAssignment } from "../../experiment/spec.ts";
import { specSweepCsv, specSweepCsvHeader, specSweepCsvLine, specSweepRows, sweepAxes, sweepSize, SWEEP_OUTPUTS, type SpecSweepRow, type SweepValue } from "../../experiment/sweep.ts";
import { ensureSpecData, SET_FLAG, SPEC_FLAGS, specFromFlags } from "../spec-flags.ts";

const AXIS_FLAG: FlagSpec = {
  ...SET_FLAG,
  description: "KEY=v1,v2,... sweeps one experiment-spec key over the values (repeatable, one per key; with any --set the sweep is exactly these axes, without one the design's default axes), e.g. hardware.pes.rows=4,8,16; a list value in brackets: workload.attention.window.blocks=[0,1],[0,1,2,3]",
};

const FLAGS: FlagSpec[] = [
  ...SPEC_FLAGS.filter((f) => f.name !== "set"),
  AXIS_FLAG,
  { name: "out", type: "string", description: "write all rows as CSV to this path (atomic; not into tracked folders such as results/ or data/)" },
  JSON_FLAG,
];

/** Fields of `sweep <design> --json`. */
export function sweepJson(): readonly JsonField[] {
  return [
    { name: "model", meaning: "the swept design (registry id)" },
    { name: "configurations", meaning: "configurations evaluated (product of the axes' lengths)", unit: "count" },
    { name: "errors", meaning: "configurations the design rejected (their rows carry error)", unit: "count" },
    {
      name: "axes",
      meaning: "the swept spec keys: the design's defaults, replaced or extended by --set",
      fields: [
        { name: "key", meaning: "experiment-spec key, e.g. hardware.pes.rows" },
        { name: "values", meaning: "its values, in sweep order" },
        { name: "meaning", meaning: "what the key is" },
        { name: "unit", meaning: "its unit", optional: true },
      ],
    },
    {
      name: "rows",
      meaning: "one row per configuration, last axis fastest",
      fields: [
        { name: "params", keys: "swept spec key", meaning: "the configuration's value of each swept key (unit: the axis's)" },
        { name: "values", keys: "output", meaning: "the design's outputs (empty when error is set)", fields: SWEEP_OUTPUTS.map((o) => ({ name: o.name, meaning: o.meaning, unit: o.unit, optional: true })) },
        { name: "workload", meaning: "what the configuration's workload was (a mask file by name and sha256)", optional: true },
        { name: "error", meaning: "why the design rejected the configuration", optional: true },
      ],
    },
  ];
}

/** Parses `KEY=v1,v2` into an axis; a `[...]` value is one list value (commas inside brackets do not split). */
export function parseAxis(text: string, what: string): { key: string; values: SweepValue[] } {
  const { key, value } = splitAssignment(text, `${what}: --set`);
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of value) {
    if (ch === "[") depth++;
    if (ch === "]") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return {
    key,
    values: parts.map((p, i) => {
      if (p.trim() === "") throw new UserError(`${what}: --set ${key}= has an empty value at position ${i + 1} in "${value}"`);
      return parseSetValue(p, `${what}: --set ${key}`) as SweepValue;
    }),
  };
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

/** `sweep <design>`: what it takes and prints. */
export function sweepSpec(modelId: string): LeafSpec {
  const m = cycleModel(modelId);
  const defaults = (m.sweep ?? []).map((a) => `${a.key} ${a.values.join(",")}`).join("; ");
  return {
    path: `sweep ${m.id}`,
    usage: `vitsparse sweep ${m.id} [--spec FILE] [spec flags] [--set KEY=v1,v2,...]... [--out CSV] [--json]`,
    description:
      `Evaluates ${m.label} on every combination of the swept experiment-spec keys (the --set axes, or without --set its default axes: ${defaults || "none"}). ` +
      "Each configuration is the spec the flags build with the keys set, as vitsparse run would run it. Progress goes to stderr; without --json and --out the rows go to stdout as CSV while they are computed (a reader that stops, as head does, stops the sweep).",
    flags: FLAGS,
    json: sweepJson(),
  };
}

/** Configurations per batch: progress on stderr after each, and CSV on stdout a batch at a time. */
const BATCH = 100;

/** The `sweep` command. */
export const sweepCommand: Command = {
  name: "sweep",
  jsonFields: (sub?: string) => {
    cycleModel(String(sub));
    return sweepJson();
  },
  subcommands: () => CYCLE_MODELS.map((m) => ({ name: m.id, summary: `default axes: ${(m.sweep ?? []).map((a) => a.key).join(", ") || "none (give --set)"}` })),
  async run(argv: string[]): Promise<number> {
    const [id, ...tail] = argv;
    const model = cycleModel(String(id));
    const spec = sweepSpec(model.id);
    const { values: sets, rest } = collectRepeated(tail, AXIS_FLAG, spec.path);
    const flags = parseLeaf(spec, rest);
    if (!flags) return 0;
    const base = specFromFlags(flags, [], spec.path);
    await ensureSpecData(base);
    const axes = sweepAxes(model, sets.map((s) => parseAxis(s, spec.path)), spec.path);
    // Checked before any work: where the CSV goes, and how many configurations the axes make.
    const out = typeof flags.out === "string" ? checkOutputPath(flags.out, `${spec.path}: --out`) : undefined;
    if (out !== undefined) checkOutsideTrackedFolders(String(flags.out), `${spec.path}: --out`);
    const configurations = sweepSize(axes);
    const limit = maxSweepConfigurations();
    if (configurations > limit) {
      throw new UserError(`${spec.path}: ${configurations.toExponential(2)} configurations (${axes.map((a) => `${a.key}: ${a.values.length}`).join(" × ")}) exceed the limit of ${limit}; use fewer values per axis or raise the limit with ${MAX_CONFIGS_ENV}=N`);
    }
    // --json and --out need every row; CSV on stdout goes out a batch at a time while the sweep runs, and after
    // each batch the command returns to the event loop, so a reader that has gone (`sweep | head -1`: EPIPE)
    // ends the process there (../stdout-guard.ts) instead of after the whole sweep. Rows are held back while
    // every row so far is rejected: a sweep the design rejects whole writes nothing to stdout.
    const stream = !flags.json && out === undefined;
    const rows: SpecSweepRow[] = [];
    let pending = [specSweepCsvHeader(axes)];
    let count = 0;
    let errors = 0;
    let firstError: string | undefined;
    const started = Date.now();
    for (const row of specSweepRows(base, model, axes, spec.path)) {
      count++;
      if (row.error !== undefined) {
        errors++;
        firstError ??= row.error;
      }
      if (stream) pending.push(specSweepCsvLine(axes, row));
      else rows.push(row);
      if (count % BATCH === 0 || count === configurations) {
        process.stderr.write(`${spec.path}: ${count}/${configurations} configurations (${((Date.now() - started) / 1000).toFixed(2)} s)\n`);
        if (stream && errors < count) {
          process.stdout.write(pending.join(""));
          pending = [];
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    }
    if (count > 0 && errors === count) throw new UserError(`${spec.path}: the design rejected all ${count} configurations, e.g. ${firstError}`);
    if (out !== undefined) {
      writeFileAtomic(out, specSweepCsv(axes, rows));
      process.stderr.write(`${spec.path}: wrote ${count} rows to ${String(flags.out)}\n`);
    }
    if (flags.json) console.log(JSON.stringify({ model: model.id, configurations: count, errors, axes, rows }));
    process.stderr.write(`${spec.path}: ${count} configurations, ${errors} rejected by the design, ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    return 0;
  },
};
