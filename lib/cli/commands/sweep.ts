/**
 * `vitsparse sweep` — evaluates a grid of accelerator configurations (default 1,000) with the cycle
 * models, progress on stderr, results as CSV (`--out`) and/or one JSON object (`--json`).
 *
 * Examples:
 *   vitsparse sweep vitcod --out sweep.csv                       (1,000 configs on poster window masks)
 *   vitsparse sweep vitcod --npy info_0.95.npy --set peWidth=16,32,64 --set ratio=0.5,1 --json
 *   vitsparse sweep poster --set pesPerLine=8,10,12 --set k=3,5
 */
import type { Command } from "../command.ts";
import { formatHelp, parseArgs, type FlagSpec } from "../args.ts";
import { UserError } from "../../errors.ts";
import { writeFileAtomic } from "../../data/atomic-write.ts";
import { checkOutputPath } from "../validate.ts";
import { runSweep, sweepCsv, type SweepAxis, type SweepableModel } from "../../cycles/sweep.ts";
import { CYCLE_MODELS, cycleModel } from "../../cycles/registry.ts";
import { loadMaskNpy } from "./simulate.ts";

const FLAGS: FlagSpec[] = [
  { name: "set", type: "string", description: "NAME=v1,v2,... replaces the default values of one axis (repeatable: use several --set)" },
  { name: "npy", type: "string", description: "mask array .npy (layers, heads, n, n; nonzero = pruned) for models that read masks; default: the model's own workload (vitcod: 12 layers of the 3×3 window mask)" },
  { name: "out", type: "string", description: "write all rows as CSV to this path (atomic)" },
  { name: "json", type: "boolean", description: 'print {"model","configurations","errors","axes","rows":[{params,values,error?}]}' },
];

const SWEEPABLE = CYCLE_MODELS.filter((m) => m.sweep !== undefined);
const USAGE = `vitsparse sweep <${SWEEPABLE.map((m) => [m.id, ...(m.aliases ?? [])].join("|")).join("|")}> [--set NAME=v1,v2,...]... [--npy PATH] [--out CSV] [--json]`;

/** Collects repeated `--set` flags (parseArgs keeps the last one, so they are read from argv directly). */
function collectSets(argv: readonly string[]): { sets: string[]; rest: string[] } {
  const sets: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--set") {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new UserError("sweep: --set needs NAME=v1,v2,...");
      sets.push(v);
      i++;
    } else if (a.startsWith("--set=")) sets.push(a.slice(6));
    else rest.push(a);
  }
  return { sets, rest };
}

/** Parses `NAME=v1,v2` into an axis. */
export function parseAxis(text: string): SweepAxis {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UserError(`sweep: --set "${text}" must look like NAME=v1,v2,...`);
  const name = text.slice(0, eq).trim();
  const values = text.slice(eq + 1).split(",").map((s) => s.trim());
  const nums = values.map(Number);
  if (values.some((s) => s === "") || nums.some((v) => !Number.isFinite(v))) throw new UserError(`sweep: --set ${name}= expects comma-separated numbers, got "${text.slice(eq + 1)}"`);
  return { name, values: nums };
}

/** The `sweep` command. */
/** Environment variable raising the largest sweep the CLI runs. */
const MAX_CONFIGS_ENV = "VITSPARSE_MAX_SWEEP";

function maxSweepConfigurations(): number {
  const text = process.env[MAX_CONFIGS_ENV];
  if (text === undefined || text === "") return 1_000_000;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) throw new UserError(`${MAX_CONFIGS_ENV} must be a positive integer, got "${text}"`);
  return v;
}

export const sweepCommand: Command = {
  subcommands: () => SWEEPABLE.map((m) => ({ name: m.id, summary: `axes: ${m.sweep!.params.join(", ")}` })),
  name: "sweep",
  summary: "design-space sweep of the cycle models (1,000 configurations by default), CSV/JSON out",
  async run(argv: string[]): Promise<number> {
    const [model, ...tail] = argv;
    if (model === undefined || model === "--help" || model === "-h") {
      console.log(formatHelp(USAGE, `Evaluates the cartesian product of parameter values. Axes: ${SWEEPABLE.map((m) => `${m.id}: ${m.sweep!.params.join(", ")}`).join("; ")}. Progress goes to stderr.`, FLAGS));
      return 0;
    }
    const found = SWEEPABLE.find((m) => m.id === model || (m.aliases ?? []).includes(model));
    if (!found) {
      cycleModel(model); // names the registered models when `model` is none of them
      throw new UserError(`sweep: model "${model}" has no sweep (models with one: ${SWEEPABLE.map((m) => m.id).join(", ")})`);
    }
    const sweepable = found as SweepableModel;
    const { sets, rest } = collectSets(tail);
    const { flags, positional } = parseArgs(rest, FLAGS, `sweep ${model}`);
    if (flags.help) {
      console.log(formatHelp(USAGE, "Design-space sweep.", FLAGS));
      return 0;
    }
    if (positional.length > 0) throw new UserError(`sweep: unexpected argument "${positional[0]}"`);
    const axes: SweepAxis[] = sweepable.sweep.defaults.map((a) => ({ name: a.name, values: [...a.values] }));
    for (const s of sets) {
      const ax = parseAxis(s);
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
    const masks = typeof flags.npy === "string" ? loadMaskNpy(flags.npy) : undefined;
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
