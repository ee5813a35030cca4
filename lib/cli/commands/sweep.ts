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
import { POSTER_SWEEP_DEFAULT, POSTER_SWEEP_PARAMS, runSweep, sweepCsv, VITCOD_SWEEP_DEFAULT, VITCOD_SWEEP_PARAMS, type SweepAxis } from "../../cycles/sweep.ts";
import { vitcodWorkloadFromMasks, type VitcodLayerWorkload } from "../../cycles/vitcod.ts";
import { posterWindowMask } from "../../cycles/poster.ts";
import { loadMaskNpy } from "./simulate.ts";

const FLAGS: FlagSpec[] = [
  { name: "set", type: "string", description: "NAME=v1,v2,... replaces the default values of one axis (repeatable: use several --set)" },
  { name: "npy", type: "string", description: "vitcod: mask array .npy (layers, heads, n, n; nonzero = pruned); default: 12 layers of the 3×3 window mask" },
  { name: "threshold", type: "number", description: "vitcod: polarizer threshold", default: 50 },
  { name: "out", type: "string", description: "write all rows as CSV to this path (atomic)" },
  { name: "json", type: "boolean", description: 'print {"model","configurations","errors","axes","rows":[{params,values,error?}]}' },
];

const USAGE = "vitsparse sweep <vitcod|poster> [--set NAME=v1,v2,...]... [--npy PATH] [--out CSV] [--json]";

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
export const sweepCommand: Command = {
  name: "sweep",
  summary: "design-space sweep of the cycle models (1,000 configurations by default), CSV/JSON out",
  async run(argv: string[]): Promise<number> {
    const [model, ...tail] = argv;
    if (model === undefined || model === "--help" || model === "-h") {
      console.log(formatHelp(USAGE, `Evaluates the cartesian product of parameter values. vitcod axes: ${VITCOD_SWEEP_PARAMS.join(", ")}; poster axes: ${POSTER_SWEEP_PARAMS.join(", ")}. Progress goes to stderr.`, FLAGS));
      return 0;
    }
    if (model !== "vitcod" && model !== "poster") throw new UserError(`sweep: unknown model "${model}" (expected vitcod or poster)`);
    const { sets, rest } = collectSets(tail);
    const { flags, positional } = parseArgs(rest, FLAGS, `sweep ${model}`);
    if (flags.help) {
      console.log(formatHelp(USAGE, "Design-space sweep.", FLAGS));
      return 0;
    }
    if (positional.length > 0) throw new UserError(`sweep: unexpected argument "${positional[0]}"`);
    const axes: SweepAxis[] = (model === "vitcod" ? VITCOD_SWEEP_DEFAULT : POSTER_SWEEP_DEFAULT).map((a) => ({ name: a.name, values: [...a.values] }));
    for (const s of sets) {
      const ax = parseAxis(s);
      const i = axes.findIndex((a) => a.name === ax.name);
      if (i >= 0) axes[i] = ax;
      else axes.push(ax);
    }
    let workload: VitcodLayerWorkload[] = [];
    if (model === "vitcod") {
      const threshold = typeof flags.threshold === "number" ? flags.threshold : 50;
      if (typeof flags.npy === "string") workload = vitcodWorkloadFromMasks(loadMaskNpy(flags.npy), threshold);
      else {
        const w = vitcodWorkloadFromMasks([[posterWindowMask(3)]], threshold)[0]!;
        workload = new Array<VitcodLayerWorkload>(12).fill(w);
      }
    }
    const started = Date.now();
    const rows = runSweep(model, axes, workload, (done, total) => {
      process.stderr.write(`sweep ${model}: ${done}/${total} configurations (${((Date.now() - started) / 1000).toFixed(2)} s)\n`);
    });
    const errors = rows.filter((r) => r.error !== undefined).length;
    if (typeof flags.out === "string") {
      writeFileAtomic(flags.out, sweepCsv(rows));
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
