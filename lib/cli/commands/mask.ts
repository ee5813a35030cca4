/**
 * `vitsparse mask` — the mask generator on the command line:
 * - `mask window`: statistics of a windowed-attention mask;
 * - `mask polarize`: ViTCoD's polarizer over a `.npy` mask array (True = pruned, as ViTCoD stores it).
 */
import { existsSync } from "node:fs";
import type { Command } from "../command.ts";
import { formatHelp, parseArgs, type FlagSpec } from "../args.ts";
import { UserError } from "../../errors.ts";
import { readNpy } from "../../data/npy.ts";
import { density, nnz, pruningRatio } from "../../masks/sparse-mask.ts";
import { parseGrid, windowMask } from "../../masks/window.ts";
import { DEFAULT_POLARIZE_THRESHOLD, polarizeModel } from "../../masks/polarizer.ts";
import { masksFromPrunedArray } from "../../masks/vitcod-masks.ts";

const WINDOW_FLAGS: FlagSpec[] = [
  { name: "grid", type: "string", description: "patch grid HxW, e.g. 14x14", default: "14x14" },
  { name: "k", type: "number", description: "window side (odd); the window is k x k unless --kw is given" },
  { name: "kw", type: "number", description: "window width (odd), for a k x kw window" },
  { name: "dilation", type: "number", description: "spacing between window taps (>= 1)", default: 1 },
  { name: "border", type: "string", description: "clip (window cut at the border, the poster's) or shift (NATTEN: always k² keys)", default: "clip" },
  { name: "special", type: "number", description: "special tokens before the patches: 0, 1 (CLS) or 2 (CLS+distillation)", default: 1 },
  { name: "tokens", type: "number", description: "optional token count to check against the grid (special + H*W)" },
  { name: "json", type: "boolean", description: 'print {"tokens","nnz","density","pruningRatio"} (ratios as fractions 0..1)' },
];

const POLARIZE_FLAGS: FlagSpec[] = [
  { name: "npy", type: "string", description: "mask array .npy, shape (layers, heads, n, n), (heads, n, n) or (n, n); nonzero = PRUNED" },
  { name: "threshold", type: "number", description: "a key column is global when it has MORE than this many kept entries", default: DEFAULT_POLARIZE_THRESHOLD },
  { name: "json", type: "boolean", description: 'print {"globalTokens","dense","sparse","kept"}' },
];

const USAGE = "vitsparse mask <window|polarize> [flags]";
const SUMMARY =
  "Attention masks: `window` prints the statistics of a windowed-attention mask; `polarize` runs ViTCoD's polarizer " +
  "(global-token reorder) over a .npy mask array and prints G per head and the dense/sparse split.";

function flagNumber(v: string | number | boolean | undefined): number | undefined {
  return typeof v === "number" ? v : undefined;
}

function runWindow(argv: string[]): number {
  const { flags, positional } = parseArgs(argv, WINDOW_FLAGS, "mask window");
  if (flags.help) {
    console.log(formatHelp("vitsparse mask window --grid HxW --k K [flags]", "Statistics of a windowed-attention mask (poster Fig. 8).", WINDOW_FLAGS));
    return 0;
  }
  if (positional.length > 0) throw new UserError(`mask window: unexpected argument "${positional[0]}"`);
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
  if (flags.json) console.log(JSON.stringify(out));
  else {
    console.log(`grid ${gridH}x${gridW}, window ${k}x${flagNumber(flags.kw) ?? k}, dilation ${String(flags.dilation)}, border ${border}, special ${String(flags.special)}`);
    console.log(`tokens ${out.tokens}, kept ${out.nnz} of ${out.tokens * out.tokens}, density ${(out.density * 100).toFixed(4)} %, pruning ratio ${(out.pruningRatio * 100).toFixed(4)} %`);
  }
  return 0;
}

function runPolarize(argv: string[]): number {
  const { flags, positional } = parseArgs(argv, POLARIZE_FLAGS, "mask polarize");
  if (flags.help) {
    console.log(formatHelp("vitsparse mask polarize --npy PATH [--threshold 50] [--json]", "ViTCoD's polarizer over every head of a mask array.", POLARIZE_FLAGS));
    return 0;
  }
  if (positional.length > 0) throw new UserError(`mask polarize: unexpected argument "${positional[0]}"`);
  const path = flags.npy;
  if (typeof path !== "string") throw new UserError("mask polarize: --npy PATH is required (a .npy mask array, nonzero = pruned)");
  if (!existsSync(path)) throw new UserError(`mask polarize: --npy file not found: ${path}`);
  const threshold = flagNumber(flags.threshold) ?? DEFAULT_POLARIZE_THRESHOLD;
  const arr = readNpy(path);
  if (arr.dtype === "float32" || arr.dtype === "float64") {
    throw new UserError(`mask polarize: ${path} holds ${arr.dtype} values; expected a bool (or integer 0/1) mask array`);
  }
  const data = arr.data instanceof BigInt64Array ? Uint8Array.from(arr.data, (v) => (v !== 0n ? 1 : 0)) : (arr.data as ArrayLike<number>);
  const masks = masksFromPrunedArray(data, arr.shape);
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

/** The `mask` command. */
export const maskCommand: Command = {
  name: "mask",
  summary: "attention masks: window statistics, ViTCoD polarizer",
  async run(argv: string[]): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === "--help" || sub === "-h") {
      console.log(`usage: ${USAGE}\n\n${SUMMARY}\n\nsub-commands:\n  window     windowed-attention mask statistics\n  polarize   ViTCoD polarizer over a .npy mask\n\n(vitsparse mask <sub-command> --help for its flags)`);
      return sub === undefined ? 2 : 0;
    }
    if (sub === "window") return runWindow(rest);
    if (sub === "polarize") return runPolarize(rest);
    throw new UserError(`mask: unknown sub-command "${sub}" (expected window or polarize)`);
  },
};
