/**
 * The experiment spec from the command line — the same flags in every command that runs a design (`simulate`,
 * `compare`, `sweep`, `run`, `mask window --model`): `--spec FILE` as the base, then `--model`, `--image`,
 * `--patch`, `--workload`, `--k`, `--dilation`, `--border`, `--windowed`, `--mask`, `--keep`, `--preset`, `--clock`, and
 * `--set KEY=VALUE` for any other key (`--set hardware.clockHz=2e8`, `--set mapping.mac-lines.pesPerLine=26`).
 * Every flag is one spec key, so a command's output is what `vitsparse run` gives for the same spec.
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve as resolvePath } from "node:path";
import { UserError } from "../errors.ts";
import { externalDataPath } from "../paths.ts";
import { BLOCK_LIST_HELP } from "../specs/block-list.ts";
import { DEFAULT_PRESET_ID, HARDWARE_PRESETS } from "../specs/hardware.ts";
import { VIT_MODELS } from "../specs/models.ts";
import { POSTER_WINDOW_K } from "../specs/poster.ts";
import { DYNAMICVIT_KEEP } from "../specs/token-pruning.ts";
import { parseSetValue, readSpecFile, specValue, splitAssignment, validateSpec, withoutSpecKey, withSpecKey, type ExperimentSpec, type SpecInput } from "../experiment/spec.ts";
import type { FlagSpec } from "./args.ts";

/** `--set KEY=VALUE`, repeatable (collected with `collectRepeated`). */
export const SET_FLAG: FlagSpec = {
  name: "set",
  type: "string",
  repeatable: true,
  description: "KEY=VALUE sets one experiment-spec key, e.g. hardware.clockHz=2e8, hardware.pes.rows=16, mapping.mac-lines.pesPerLine=26 (repeatable; keys: experiments/experiment.schema.json)",
};

/** The flags that build the experiment spec. */
export const SPEC_FLAGS: readonly FlagSpec[] = [
  { name: "spec", type: "string", description: "experiment file (YAML, see experiments/*.yaml); the flags below override its keys" },
  { name: "model", type: "string", description: `workload.model: ${Object.keys(VIT_MODELS).join(", ")} (default deit-tiny)` },
  { name: "image", type: "number", description: "workload.image: input image side, pixels (default the model's, 224)" },
  { name: "patch", type: "number", description: "workload.patch: patch side, pixels (default the model's, 16)" },
  { name: "workload", type: "string", description: "dense, window (the window of --k, default k = 3), masks (needs --mask) or token-pruned (selectors at 1/4, 1/2, 3/4 depth); default dense, or what --k/--mask/--keep imply" },
  { name: "k", type: "number", description: "workload.attention.window.k: window side (odd); implies a window" },
  { name: "dilation", type: "number", description: "workload.attention.window.dilation: spacing of the window taps (default 1); implies a window" },
  { name: "border", type: "string", description: "workload.attention.window.border: clip (the poster's) or shift; implies a window" },
  { name: "windowed", type: "string", description: `blocks of the window (or of --mask): ${BLOCK_LIST_HELP}; default the lower half of the blocks` },
  { name: "mask", type: "string", description: "workload.attention.masks.file: a .npy (bool, True = pruned; (layers, heads, n, n), (heads, n, n) or (n, n)) or .arrow mask file" },
  { name: "keep", type: "number", description: `workload.tokenPruning.keep: keep ratio of each token selector (default ${DYNAMICVIT_KEEP}); implies token pruning` },
  { name: "preset", type: "string", description: `hardware.preset: ${Object.keys(HARDWARE_PRESETS).join(", ")} (default ${DEFAULT_PRESET_ID}, the same for every design)` },
  { name: "clock", type: "string", description: "hardware.clockHz: clock frequency in Hz (2e8, 200000000) or with a unit (200MHz, 1.5GHz); default the preset's; the same as --set hardware.clockHz=" },
  SET_FLAG,
];

const CLOCK_UNITS: Readonly<Record<string, number>> = { "": 1, hz: 1, khz: 1e3, mhz: 1e6, ghz: 1e9 };

/**
 * A clock frequency in Hz from `2e8`, `200000000`, `200MHz`, `200 MHz` or `1.5GHz` (unit case-insensitive); the
 * spec's own check (a number > 0) follows. Throws {@link UserError} naming the flag and what was expected.
 */
export function parseClockHz(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([kmg]?hz)?\s*$/i.exec(text);
  if (!m) throw new UserError(`${what}: got "${text}", expected a frequency in Hz (2e8, 200000000) or with a unit (200MHz, 1.5GHz)`);
  const scale = CLOCK_UNITS[(m[2] ?? "").toLowerCase()]!;
  // 1.1 MHz is 1100000 Hz, not 1100000.0000000002: a value given with a unit is rounded to whole Hz.
  return scale === 1 ? Number(m[1]) : Math.round(Number(m[1]) * scale);
}

/** Flags as `parseArgs` returns them. */
type Flags = Record<string, string | number | boolean | undefined>;

/** Whether any flag that changes the spec was given (`--spec` and `--set` included). */
export function specFlagsGiven(flags: Flags, sets: readonly string[]): boolean {
  return sets.length > 0 || SPEC_FLAGS.some((f) => f.name !== "set" && flags[f.name] !== undefined);
}

/**
 * Builds the spec: `--spec FILE` (or an empty spec), then the workload flags, then every `--set`. The result is
 * validated against the schema; names and relations are checked when it is resolved.
 * @param what the command, e.g. `simulate mac-lines` (starts every error)
 */
export function specFromFlags(flags: Flags, sets: readonly string[], what: string): SpecInput {
  let input: SpecInput = typeof flags.spec === "string" ? readSpecFile(flags.spec) : { spec: {}, source: what, baseDir: process.cwd() };
  let spec: ExperimentSpec = input.spec;
  const set = (key: string, value: unknown, flag: string): void => {
    spec = withSpecKey(spec, key, value, `${what}: ${flag}`);
  };
  if (typeof flags.model === "string") set("workload.model", flags.model, "--model");
  if (flags.image !== undefined) set("workload.image", flags.image, "--image");
  if (flags.patch !== undefined) set("workload.patch", flags.patch, "--patch");
  const kind = flags.workload;
  if (kind !== undefined) {
    if (kind !== "dense" && kind !== "window" && kind !== "masks" && kind !== "token-pruned") {
      throw new UserError(`${what}: --workload: got "${String(kind)}", expected dense, window, masks or token-pruned`);
    }
    const stray = (kind !== "window" ? ["k", "dilation", "border"] : []).concat(kind !== "masks" && kind !== "window" ? ["windowed"] : [], kind !== "masks" ? ["mask"] : [], kind !== "token-pruned" ? ["keep"] : []).find((f) => flags[f] !== undefined);
    if (stray !== undefined) throw new UserError(`${what}: --${stray} does not apply with --workload ${kind}, got --${stray} ${String(flags[stray])}`);
    if (kind !== "window") spec = withoutSpecKey(spec, "workload.attention.window");
    if (kind !== "masks") spec = withoutSpecKey(spec, "workload.attention.masks");
    if (kind !== "token-pruned") spec = withoutSpecKey(spec, "workload.tokenPruning");
    if (kind === "window" && specValue(spec, "workload.attention.window.k") === undefined && flags.k === undefined) set("workload.attention.window.k", POSTER_WINDOW_K, "--workload window");
    if (kind === "masks" && flags.mask === undefined && specValue(spec, "workload.attention.masks") === undefined) throw new UserError(`${what}: --workload masks needs --mask FILE`);
    if (kind === "token-pruned" && specValue(spec, "workload.tokenPruning") === undefined && flags.keep === undefined) set("workload.tokenPruning.keep", DYNAMICVIT_KEEP, "--workload token-pruned");
  }
  const windowFlag = ["k", "dilation", "border"].find((f) => flags[f] !== undefined);
  if (windowFlag && specValue(spec, "workload.attention.window.k") === undefined && flags.k === undefined) {
    throw new UserError(`${what}: --${windowFlag} needs --k (the window side) or a window in --spec`);
  }
  if (flags.k !== undefined) set("workload.attention.window.k", flags.k, "--k");
  if (flags.dilation !== undefined) set("workload.attention.window.dilation", flags.dilation, "--dilation");
  if (typeof flags.border === "string") set("workload.attention.window.border", flags.border, "--border");
  // A --mask path is the shell's (relative to the working folder), whatever folder --spec is in.
  if (typeof flags.mask === "string") set("workload.attention.masks.file", input.file ? resolvePath(flags.mask) : flags.mask, "--mask");
  if (typeof flags.windowed === "string") {
    const hasMask = specValue(spec, "workload.attention.masks") !== undefined;
    const hasWindow = specValue(spec, "workload.attention.window") !== undefined;
    if (!hasMask && !hasWindow) throw new UserError(`${what}: --windowed needs a window (--k) or a mask (--mask) to apply to`);
    set(hasMask && !hasWindow ? "workload.attention.masks.blocks" : "workload.attention.window.blocks", flags.windowed, "--windowed");
  }
  if (flags.keep !== undefined) set("workload.tokenPruning.keep", flags.keep, "--keep");
  if (typeof flags.preset === "string") set("hardware.preset", flags.preset, "--preset");
  if (typeof flags.clock === "string") set("hardware.clockHz", parseClockHz(flags.clock, `${what}: --clock`), "--clock");
  for (const text of sets) {
    const { key, value } = splitAssignment(text, `${what}: --set`);
    set(key, parseSetValue(value, `${what}: --set ${key}`), `--set ${key}`);
  }
  const source = spec !== input.spec && input.file ? `${what}: ${input.source} with the command-line flags` : input.source;
  validateSpec(spec, source);
  input = { ...input, spec, source };
  return input;
}

/**
 * When the spec's mask file is one of the imported reference tables (`data/external/…`, e.g. ViTCoD's
 * info_0.95 in `experiments/vitcod.yaml`) and it is not there yet, imports the reference data first (from
 * ../shared/reference/ or the pinned repositories, saying which); an unreachable source leaves the file missing
 * and the spec's own error names it.
 */
export async function ensureSpecData(input: SpecInput): Promise<void> {
  const file = input.spec.workload?.attention?.masks?.file;
  if (file === undefined) return;
  const abs = isAbsolute(file) ? file : resolvePath(input.baseDir, file);
  if (!existsSync(abs) && abs.startsWith(externalDataPath())) await (await import("../data/reference/ensure.ts")).ensureReferenceData();
}

