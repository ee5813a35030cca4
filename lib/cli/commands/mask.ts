/**
 * `vitsparse mask` — the mask generator on the command line:
 * - `mask window`: statistics of a windowed-attention mask; `--out FILE.npy|FILE.arrow` exports it (one mask, or a
 *   whole-model schedule with `--layers --heads --windowed`); `.npy` True = pruned (ViTCoD's convention) or, with
 *   `--convention keep`, True = attend (PyTorch's `scaled_dot_product_attention`);
 * - `mask polarize`: ViTCoD's polarizer over a `.npy` mask array (True = pruned, as ViTCoD stores it).
 */
import type { Command } from "../command.ts";
import { checkOutputPath } from "../validate.ts";
import { JSON_FLAG, type FlagSpec } from "../args.ts";
import { parseLeaf, type LeafSpec } from "../command.ts";
import type { JsonField } from "../json-fields.ts";
import { UserError } from "../../errors.ts";
import { MEMORY_LIMIT_HELP } from "../../memory-budget.ts";
import { density, nnz, pruningRatio } from "../../masks/sparse-mask.ts";
import { parseGrid, windowMask } from "../../masks/window.ts";
import { DEFAULT_POLARIZE_THRESHOLD, polarizeModel } from "../../masks/polarizer.ts";
// Loaded only by the paths that use them (mask export and .npy input bring apache-arrow): `mask window --json`
// starts without them.
import type { NpyConvention } from "../../masks/export.ts";
import { parseBlockList } from "../../specs/block-list.ts";
import { denseMask } from "../../masks/sparse-mask.ts";
import { collectRepeated } from "../args.ts";
// The spec flags' help only (the spec reader and resolver are loaded by the --model/--spec path).
import { SET_FLAG } from "../spec-flags.ts";

const WINDOW_FLAGS: FlagSpec[] = [
  { name: "grid", type: "string", description: "patch grid HxW, e.g. 14x14 (a square grid too is NxN; a bare N is refused)", default: "14x14" },
  { name: "k", type: "number", description: "window side (odd); the window is k x k unless --kw is given" },
  { name: "kw", type: "number", description: "window width (odd), for a k x kw window" },
  { name: "dilation", type: "number", description: "spacing between window taps (>= 1)", default: 1 },
  { name: "border", type: "string", description: "clip (window cut at the border, the poster's) or shift (NATTEN: always k² keys)", default: "clip" },
  { name: "special", type: "number", description: "special tokens before the patches: 0, 1 (CLS) or 2 (CLS+distillation)", default: 1 },
  { name: "tokens", type: "number", description: "optional token count to check against the grid (special + H*W)" },
  { name: "out", type: "string", description: "write the mask: FILE.npy (bool; True = pruned by default, see --convention) or FILE.arrow (kept entries, the imported ViTCoD masks' schema)" },
  {
    name: "convention", type: "string", requires: ["out"],
    description: "with --out FILE.npy: what True means. pruned (default, ViTCoD's; PyTorch scores.masked_fill(mask, -inf) and nn.MultiheadAttention's bool attn_mask) " +
      "or keep (True = attend: the bool attn_mask of torch.nn.functional.scaled_dot_product_attention)",
  },
  { name: "layers", type: "number", description: "with --out: write a whole-model schedule (layers, heads, tokens, tokens) of this many layers" },
  { name: "heads", type: "number", description: "with --layers: heads per layer (every head shares its layer's mask)", },
  { name: "windowed", type: "string", description: "with --layers (or --model/--spec): the windowed layers, e.g. 0-5 (the poster's schedule), 0,2,4 or all; the others are dense (default: all; with --model/--spec the spec's default, the lower half)" },
  { name: "spec", type: "string", description: "experiment file: the model, image, patch and window come from it (the flags --k, --dilation, --border, --windowed, --set override it); the grid, layers and heads are the model's" },
  { name: "model", type: "string", description: "workload.model of the experiment spec: the grid (image/patch), layers and heads are the model's, not --grid/--layers/--heads" },
  { name: "image", type: "number", description: "with --model: input image side, pixels" },
  { name: "patch", type: "number", description: "with --model: patch side, pixels" },
  SET_FLAG,
  JSON_FLAG,
];

const POLARIZE_FLAGS: FlagSpec[] = [
  { name: "npy", type: "string", description: "mask array .npy, shape (layers, heads, n, n), (heads, n, n) or (n, n); nonzero = PRUNED" },
  { name: "threshold", type: "number", description: "a key column is global when it has MORE than this many kept entries", default: DEFAULT_POLARIZE_THRESHOLD },
  JSON_FLAG,
];

/** Fields of `mask window --json`. */
export const WINDOW_JSON: readonly JsonField[] = [
  { name: "tokens", meaning: "tokens per mask: special tokens + H·W patches", unit: "tokens" },
  { name: "nnz", meaning: "kept (query, key) entries of one windowed mask", unit: "entries" },
  { name: "density", meaning: "nnz / tokens²", unit: "fraction 0..1" },
  { name: "pruningRatio", meaning: "1 − density: share of attention entries pruned", unit: "fraction 0..1" },
  { name: "out", meaning: "with --out: the file written", optional: true },
  { name: "convention", meaning: "with --out FILE.npy: what True means in it, pruned (ViTCoD's) or keep (True = attend)", optional: true },
  { name: "shape", meaning: "with --out: shape of the written array, (tokens, tokens) or (layers, heads, tokens, tokens)", optional: true },
  { name: "kept", meaning: "with --out: kept entries over the whole written array", unit: "entries", optional: true },
  { name: "pruned", meaning: "with --out: pruned entries over the whole written array", unit: "entries", optional: true },
  { name: "workload", meaning: "with --model/--spec: the workload the masks are of (model, image size, window, blocks)", optional: true },
  {
    name: "wholeModelPruningRatio",
    meaning: "with --out: pruned / all entries over the whole written array; with --layers the whole model's ratio, dense layers included (pruningRatio is one windowed mask's)",
    unit: "fraction 0..1", optional: true,
  },
];

/** Fields of `mask polarize --json`. */
export const POLARIZE_JSON: readonly JsonField[] = [
  { name: "globalTokens", meaning: "G per layer and head: key columns the polarizer makes global (dense), [layer][head]", unit: "tokens" },
  { name: "dense", meaning: "kept entries in the global (dense) columns, all layers and heads", unit: "entries" },
  { name: "sparse", meaning: "kept entries left to the sparse engine, all layers and heads", unit: "entries" },
  { name: "kept", meaning: "all kept entries (dense + sparse)", unit: "entries" },
];

function flagNumber(v: string | number | boolean | undefined): number | undefined {
  return typeof v === "number" ? v : undefined;
}

/** `mask window`: what it takes and prints. */
export const MASK_WINDOW: LeafSpec = {
  path: "mask window",
  usage: "vitsparse mask window --grid HxW --k K [--out FILE.npy|FILE.arrow [--convention pruned|keep] [--layers L --heads H --windowed 0-5]] [flags]",
  description:
    "Statistics of a windowed-attention mask (poster Fig. 8); --out exports it: .npy is bool, shape (tokens, tokens), or " +
    "(layers, heads, tokens, tokens) with --layers (dense layers outside --windowed), True = pruned in ViTCoD's convention " +
    "(the default) or True = attend with --convention keep (PyTorch scaled_dot_product_attention's bool attn_mask); " +
    ".arrow lists the kept entries with the schema of the imported ViTCoD masks. A whole-model .npy with dense layers runs " +
    "through `vitsparse simulate vitcod-reference --npy FILE.npy --variant corrected` (ViTCoD's reference simulator refuses dense layers). " +
    MEMORY_LIMIT_HELP,
  flags: WINDOW_FLAGS,
  json: WINDOW_JSON,
};

/** `mask polarize`: what it takes and prints. */
export const MASK_POLARIZE: LeafSpec = {
  path: "mask polarize",
  usage: "vitsparse mask polarize --npy PATH [--threshold 50] [--json]",
  description: `ViTCoD's polarizer (global-token reorder) over every head of a mask array: G per head and the dense/sparse split. ${MEMORY_LIMIT_HELP}`,
  flags: POLARIZE_FLAGS,
  json: POLARIZE_JSON,
};

async function runWindow(argvIn: string[]): Promise<number> {
  const { values: sets, rest: argv } = collectRepeated(argvIn, SET_FLAG, "mask window");
  const flags = parseLeaf(MASK_WINDOW, argv);
  if (!flags) return 0;
  if (sets.length > 0 || ["spec", "model", "image", "patch"].some((f) => flags[f] !== undefined)) return runWindowFromSpec(flags, sets, argv);
  const k = flagNumber(flags.k);
  if (k === undefined) throw new UserError("mask window: --k is required (odd window side, e.g. --k 3)");
  const { gridH, gridW } = parseGrid(String(flags.grid));
  const border = String(flags.border);
  if (border !== "clip" && border !== "shift") throw new UserError(`mask window: --border must be clip or shift, got "${border}"`);
  const mask = windowMask({
    gridH,
    gridW,
    kh: k,
    kw: flagNumber(flags.kw),
    dilation: flagNumber(flags.dilation),
    border,
    special: flagNumber(flags.special),
    tokens: flagNumber(flags.tokens),
  });
  const out = { tokens: mask.n, nnz: nnz(mask), density: density(mask), pruningRatio: pruningRatio(mask) };
  const outPath = typeof flags.out === "string" ? flags.out : undefined;
  const layers = flagNumber(flags.layers);
  const heads = flagNumber(flags.heads);
  const windowedText = typeof flags.windowed === "string" ? flags.windowed : undefined;
  if (outPath === "") throw new UserError("mask window: --out needs a file name ending in .npy or .arrow");
  if (outPath !== undefined) checkOutputPath(outPath, "mask window: --out");
  const conventionText = typeof flags.convention === "string" ? flags.convention : undefined;
  const exporter = outPath !== undefined || conventionText !== undefined ? await import("../../masks/export.ts") : undefined;
  const NPY_CONVENTIONS = exporter?.NPY_CONVENTIONS ?? [];
  if (conventionText !== undefined && !NPY_CONVENTIONS.includes(conventionText as NpyConvention)) {
    throw new UserError(`mask window: --convention must be ${NPY_CONVENTIONS.join(" or ")} (what True means in the .npy), got "${conventionText}"`);
  }
  if (conventionText !== undefined && outPath !== undefined && !outPath.toLowerCase().endsWith(".npy")) {
    throw new UserError(`mask window: --convention applies to a .npy export; ${outPath} lists the kept entries whatever the convention`);
  }
  const convention = (conventionText ?? "pruned") as NpyConvention;
  if (outPath === undefined && (layers !== undefined || heads !== undefined || windowedText !== undefined)) {
    throw new UserError("mask window: --layers, --heads and --windowed apply only with --out FILE.npy|FILE.arrow");
  }
  if (layers === undefined && (heads !== undefined || windowedText !== undefined)) {
    throw new UserError("mask window: --heads and --windowed need --layers L (a whole-model schedule of L layers)");
  }
  if (layers !== undefined && (!Number.isInteger(layers) || layers < 1)) throw new UserError(`mask window: --layers must be a positive integer, got ${layers}`);
  if (heads !== undefined && (!Number.isInteger(heads) || heads < 1)) throw new UserError(`mask window: --heads must be a positive integer, got ${heads}`);
  const describe = `grid ${gridH}x${gridW}, window ${k}x${flagNumber(flags.kw) ?? k}, dilation ${String(flags.dilation)}, border ${border}, special ${String(flags.special)}`;
  let written: Record<string, unknown> = {};
  if (outPath !== undefined && exporter !== undefined) {
    const { windowModelMasks, writeMaskExport } = exporter;
    const command = ["vitsparse", "mask", "window", ...argv.filter((a, i) => !(a === "--json" || a.startsWith("--out") || (i > 0 && argv[i - 1] === "--out")))].join(" ");
    const windowedLayers = layers === undefined ? [] : windowedText === undefined ? Array.from({ length: layers }, (_, i) => i) : parseBlockList(windowedText, layers, "mask window: --windowed");
    // Sizes (memory: layers × heads × tokens²; disk) are checked before a single mask is built.
    exporter.checkExportSize({ layers: layers ?? 1, heads: heads ?? 1, tokens: mask.n, keptPerWindowedMask: nnz(mask), windowedLayers: layers === undefined ? 1 : windowedLayers.length, path: outPath, single: layers === undefined && heads === undefined });
    const masks =
      layers === undefined
        ? [[mask]]
        : windowModelMasks({ gridH, gridW, kh: k, kw: flagNumber(flags.kw), dilation: flagNumber(flags.dilation), border, special: flagNumber(flags.special), layers, heads: heads ?? 1, windowedLayers });
    const description =
      layers === undefined
        ? `a windowed-attention mask (${describe})`
        : `a ${layers}-layer x ${heads ?? 1}-head schedule, layers ${windowedLayers.join(",") || "none"} windowed (${describe}), the others dense`;
    const npy = outPath.toLowerCase().endsWith(".npy");
    const counts = writeMaskExport(outPath, { masks, single: layers === undefined, description, generator: command, ...(npy ? { convention } : {}) });
    written = {
      out: outPath, ...(npy ? { convention } : {}), shape: counts.shape, kept: counts.kept, pruned: counts.pruned, wholeModelPruningRatio: counts.pruningRatio,
    };
    if (!flags.json) {
      console.log(describe);
      console.log(`tokens ${out.tokens}, kept ${out.nnz} of ${out.tokens * out.tokens} per windowed mask, pruning ratio ${(out.pruningRatio * 100).toFixed(4)} %`);
      const what = !npy ? "kept entries (layer, head, query, key)" : convention === "keep" ? "bool, True = attend (kept)" : "bool, True = pruned";
      const whole = layers === undefined ? "" : `; whole model ${(counts.pruningRatio * 100).toFixed(4)} % pruned`;
      console.log(`wrote ${outPath}: shape (${counts.shape.join(", ")}), ${what}; ${counts.pruned} pruned and ${counts.kept} kept of ${counts.entries} entries${whole}`);
      return 0;
    }
  }
  if (flags.json) console.log(JSON.stringify({ ...out, ...written }));
  else {
    console.log(describe);
    console.log(`tokens ${out.tokens}, kept ${out.nnz} of ${out.tokens * out.tokens}, density ${(out.density * 100).toFixed(4)} %, pruning ratio ${(out.pruningRatio * 100).toFixed(4)} %`);
  }
  return 0;
}

/**
 * `mask window` as a view of the experiment spec (`--model`, `--spec`, `--set`): the window of the spec on its model's
 * grid, the whole-model schedule (layers = the model's blocks, heads = its heads) written with `--out`.
 */
async function runWindowFromSpec(flags: Record<string, string | number | boolean | undefined>, sets: string[], argv: string[]): Promise<number> {
  const given = (f: string): boolean => argv.some((a) => a === `--${f}` || a.startsWith(`--${f}=`));
  const own = ["grid", "kw", "special", "tokens", "layers", "heads"].find(given);
  if (own !== undefined) throw new UserError(`mask window: --${own} does not apply with --model/--spec/--set (the grid is image/patch, the layers and heads are the model's)`);
  const { specFromFlags } = await import("../spec-flags.ts");
  const { resolveWorkload } = await import("../../experiment/resolve.ts");
  const specFlags = { ...flags, dilation: given("dilation") ? flags.dilation : undefined, border: given("border") ? flags.border : undefined };
  const input = specFromFlags(specFlags, sets, "mask window");
  if (!input.spec.workload?.attention?.window) throw new UserError("mask window: --k is required (odd window side), or a window in --spec");
  const w = resolveWorkload(input);
  const win = w.workload.blocks.find((b) => b.masks)?.masks?.[0];
  const stats = win ? { tokens: win.n, nnz: nnz(win), density: density(win), pruningRatio: pruningRatio(win) } : { tokens: w.model.tokens, nnz: w.model.tokens ** 2, density: 1, pruningRatio: 0 };
  const outPath = typeof flags.out === "string" ? flags.out : undefined;
  if (outPath === "") throw new UserError("mask window: --out needs a file name ending in .npy or .arrow");
  if (outPath !== undefined) checkOutputPath(outPath, "mask window: --out");
  let written: Record<string, unknown> = {};
  if (outPath !== undefined) {
    const exporter = await import("../../masks/export.ts");
    const convention = (typeof flags.convention === "string" ? flags.convention : "pruned") as NpyConvention;
    if (!exporter.NPY_CONVENTIONS.includes(convention)) throw new UserError(`mask window: --convention must be ${exporter.NPY_CONVENTIONS.join(" or ")} (what True means in the .npy), got "${convention}"`);
    const windowedLayers = w.workload.blocks.filter((b) => b.masks).length;
    exporter.checkExportSize({ layers: w.model.depth, heads: w.model.heads, tokens: w.model.tokens, keptPerWindowedMask: stats.nnz, windowedLayers, path: outPath });
    const dense = denseMask(w.model.tokens);
    const masks = w.workload.blocks.map((b) => (b.masks ? [...b.masks] : new Array(w.model.heads).fill(dense)));
    const npy = outPath.toLowerCase().endsWith(".npy");
    const command = ["vitsparse", "mask", "window", ...argvWithout(argv, ["--json", "--out"]), ...sets.flatMap((x) => ["--set", x])].join(" ");
    const counts = exporter.writeMaskExport(outPath, { masks, single: false, description: w.workload.label, generator: command, ...(npy ? { convention } : {}) });
    written = { out: outPath, ...(npy ? { convention } : {}), shape: counts.shape, kept: counts.kept, pruned: counts.pruned, wholeModelPruningRatio: counts.pruningRatio };
  }
  if (flags.json) {
    console.log(JSON.stringify({ ...stats, workload: w.workload.label, ...written }));
    return 0;
  }
  console.log(w.workload.label);
  console.log(`tokens ${stats.tokens}, kept ${stats.nnz} of ${stats.tokens * stats.tokens} per windowed mask, pruning ratio ${(stats.pruningRatio * 100).toFixed(4)} %`);
  if (outPath !== undefined) console.log(`wrote ${outPath}: shape (${(written.shape as number[]).join(", ")}); ${String(written.pruned)} pruned and ${String(written.kept)} kept; whole model ${((written.wholeModelPruningRatio as number) * 100).toFixed(4)} % pruned`);
  return 0;
}

/** The words of `argv` without the given flags (and their values). */
function argvWithout(argv: readonly string[], drop: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (drop.includes(a)) {
      if (a !== "--json") i++;
      continue;
    }
    if (drop.some((d) => a.startsWith(`${d}=`))) continue;
    out.push(a);
  }
  return out;
}

async function runPolarize(argv: string[]): Promise<number> {
  const flags = parseLeaf(MASK_POLARIZE, argv);
  if (!flags) return 0;
  const path = flags.npy;
  if (typeof path !== "string") throw new UserError("mask polarize: --npy PATH is required (a .npy mask array, nonzero = pruned)");
  const threshold = flagNumber(flags.threshold) ?? DEFAULT_POLARIZE_THRESHOLD;
  const { readMaskArray } = await import("../mask-input.ts");
  const masks = readMaskArray(path, "mask polarize: --npy", [2, 3, 4]);
  const summary = polarizeModel(masks, threshold);
  const out = { globalTokens: summary.globalTokens, dense: summary.dense, sparse: summary.sparse, kept: summary.kept };
  if (flags.json) console.log(JSON.stringify(out));
  else {
    console.log(`${path}: ${masks.length} layer(s) x ${masks[0]?.length ?? 0} head(s), threshold > ${threshold}`);
    summary.globalTokens.forEach((g, l) => console.log(`  layer ${String(l).padStart(2)}: G = ${g.join(", ")}`));
    const pct = (v: number): string => (summary.kept === 0 ? "0.00" : ((v / summary.kept) * 100).toFixed(2));
    console.log(`dense ${summary.dense} (${pct(summary.dense)} %), sparse ${summary.sparse} (${pct(summary.sparse)} %), kept ${summary.kept}`);
  }
  return 0;
}

function unknownSub(sub: string | undefined): UserError {
  return new UserError(`mask: unknown sub-command "${String(sub)}" (expected window or polarize)`);
}

/** The `mask` command. */
export const maskCommand: Command = {
  subcommands: () => [
    { name: "window", summary: "windowed-attention mask statistics (--out FILE.npy|FILE.arrow exports the mask)" },
    { name: "polarize", summary: "ViTCoD polarizer over a .npy mask" },
  ],
  name: "mask",
  async run(argv: string[]): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === "window") return runWindow(rest);
    if (sub === "polarize") return runPolarize(rest);
    throw unknownSub(sub);
  },
  jsonFields(sub?: string): readonly JsonField[] {
    if (sub === "window") return WINDOW_JSON;
    if (sub === "polarize") return POLARIZE_JSON;
    throw unknownSub(sub);
  },
};
