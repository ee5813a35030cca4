/**
 * The evidence notebook 07 ("your own experiment") shows for any windowed mask the researcher defines: a
 * readable label of the setting, the sparse kernel checked against float64 and timed against dense (measured
 * in the run), ViTCoD's attention simulator on a whole-model schedule exported as `.npy` and run through the
 * `vitsparse simulate vitcod --npy` command, and the poster's MAC-line model on the mask. Every sentence is
 * built from the inputs and the results.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { denseAttention, sparseAttention, type KernelBackend } from "../kernels/attention.ts";
import { randomNormalF32 } from "../kernels/random.ts";
import { referenceAttentionF64 } from "../kernels/reference.ts";
import type { AttentionTensors } from "../kernels/tensors.ts";
import { macLineCycles, POSTER_BASE_ASSUMPTIONS, type PosterAssumptions } from "../cycles/poster.ts";
import { windowModelMasks, writeMaskExport } from "../masks/export.ts";
import { nnz, type SparseMask } from "../masks/sparse-mask.ts";
import { resolveWindowOptions, type ResolvedWindowOptions } from "../masks/window.ts";
import { makeTempDir, repoRoot } from "../paths.ts";
import { runContext } from "../run-context.ts";

/** The notebook's mask parameters. */
export interface ExperimentParameters {
  gridH: number;
  gridW: number;
  /** Window side (odd); the window is k×k. */
  k: number;
  dilation: number;
  /** "clip" or "shift". */
  border: string;
  special: number;
}

/** Validated window options and a one-line description of them. */
export interface ExperimentSetting {
  window: ResolvedWindowOptions;
  /** E.g. "16×16 grid, 5×5 window, dilation 2, border clip, 1 special token". */
  label: string;
}

/** Checks the parameters (a bad one is a {@link UserError} naming it) and describes them. */
export function experimentSetting(p: ExperimentParameters): ExperimentSetting {
  if (p.border !== "clip" && p.border !== "shift") throw new UserError(`border must be "clip" or "shift", got "${p.border}"`);
  const window = resolveWindowOptions({ gridH: p.gridH, gridW: p.gridW, kh: p.k, dilation: p.dilation, border: p.border, special: p.special });
  const label =
    `${window.gridH}×${window.gridW} grid, ${window.kh}×${window.kw} window, dilation ${window.dilation}, border ${window.border}, ` +
    `${window.special} special token${window.special === 1 ? "" : "s"}`;
  return { window, label };
}

/** Result of {@link kernelCheck}. */
export interface KernelCheck {
  /** max |sparse kernel − float64 oracle| over every output element (computed). */
  maxAbsError: number;
  backend: KernelBackend;
  /** Median time of one sparse and one dense call, ms (measured in this run). */
  sparseMs: number;
  denseMs: number;
  /** denseMs / sparseMs (measured). */
  speedup: number;
  /** n² / nnz: how much less score work the mask leaves (computed). */
  workRatio: number;
  /** One paragraph: the measured comparison, labelled as measured. */
  timingText: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Runs the sparse attention kernel on the mask with seeded random Q, K, V (`heads` heads of `headDim`
 * features), compares it with the float64 oracle, and times it against the dense kernel (median of `repeats`
 * alternating calls after one warm-up each). A default run states the measured comparison (faster or not)
 * and the computed work ratio, so the committed notebook does not change with timing noise; an exploratory
 * run also prints the times and the measured ratio.
 */
export function kernelCheck(mask: SparseMask, o: { heads: number; headDim: number; seed: number; repeats: number }): KernelCheck {
  if (!Number.isInteger(o.repeats) || o.repeats < 1) throw new UserError(`timingRepeats must be a positive integer, got ${o.repeats}`);
  const n = mask.n;
  const size = o.heads * n * o.headDim;
  const t: AttentionTensors = {
    heads: o.heads,
    n,
    d: o.headDim,
    q: randomNormalF32(size, o.seed),
    k: randomNormalF32(size, o.seed + 1),
    v: randomNormalF32(size, o.seed + 2),
  };
  const sparse = sparseAttention(t, mask);
  const ref = referenceAttentionF64(t, mask);
  let maxAbsError = 0;
  for (let i = 0; i < size; i++) maxAbsError = Math.max(maxAbsError, Math.abs(sparse.out[i]! - ref.out[i]!));
  const out = new Float32Array(size);
  denseAttention(t, { out });
  const sparseTimes: number[] = [];
  const denseTimes: number[] = [];
  for (let r = 0; r < o.repeats; r++) {
    let t0 = performance.now();
    sparseAttention(t, mask, { out });
    sparseTimes.push(performance.now() - t0);
    t0 = performance.now();
    denseAttention(t, { out });
    denseTimes.push(performance.now() - t0);
  }
  const sparseMs = median(sparseTimes);
  const denseMs = median(denseTimes);
  const speedup = denseMs / sparseMs;
  const workRatio = (n * n) / nnz(mask);
  const computed = `The mask leaves 1/${workRatio.toFixed(2)} of the dense score work (computed).`;
  const faster = speedup > 1 ? "faster than" : "not faster than";
  const timingText = runContext().kind === "exploratory"
    ? `Measured in this run (${sparse.backend} backend, median of ${o.repeats} calls each): sparse ${sparseMs.toFixed(3)} ms, ` +
      `dense ${denseMs.toFixed(3)} ms per call → the sparse kernel is ${faster} dense, ×${speedup.toFixed(2)}. ${computed}`
    : `Measured in this run (${sparse.backend} backend, median of ${o.repeats} calls each): the sparse kernel is ${faster} the dense one. ` +
      `${computed} Times vary from run to run, so the committed notebook states only the comparison; run it yourself ` +
      "(Jupyter, or `npm run reproduce -- notebooks/07-your-own-experiment.ipynb --param …`) to see the times and the ratio.";
  return { maxAbsError, backend: sparse.backend, sparseMs, denseMs, speedup, workRatio, timingText };
}

/** A row of the accelerator table. */
export interface CycleRow {
  model: string;
  what: string;
  cycles: number;
  "× vs dense": number;
}

/** Runs `vitsparse simulate vitcod --npy FILE --variant corrected --json` and returns the attention total. */
function simulateVitcodNpy(file: string): number {
  const r = spawnSync(process.execPath, [join(repoRoot, "bin", "vitsparse.js"), "simulate", "vitcod", "--npy", file, "--variant", "corrected", "--json"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new UserError(`vitsparse simulate vitcod --npy ${file} failed: ${(r.stderr || r.error?.message || "").trim().split("\n")[0]}`);
  return (JSON.parse(r.stdout) as { attention: { total: number } }).attention.total;
}

/**
 * ViTCoD's attention simulator (corrected variant: every head, dense layers too) on the whole-model schedule
 * (`windowedLayers` windowed, the others dense) and on the all-dense model: both exported as `.npy` (bool,
 * True = pruned) into a temporary folder and run through the command line, as a researcher would.
 */
export function vitcodOnSchedule(s: ExperimentSetting, o: { layers: number; heads: number; windowedLayers: readonly number[] }): { rows: CycleRow[]; text: string } {
  const dir = makeTempDir("07-your-own-experiment");
  try {
    const run = (windowed: readonly number[], name: string): number => {
      const file = join(dir, `${name}.npy`);
      const masks = windowModelMasks({ ...s.window, layers: o.layers, heads: o.heads, windowedLayers: windowed });
      writeMaskExport(file, { masks, single: false, description: name, generator: "notebook 07" });
      return simulateVitcodNpy(file);
    };
    const scheduled = run(o.windowedLayers, "schedule");
    const dense = run([], "dense");
    const which = o.windowedLayers.length === 0 ? "no layer" : `layers ${o.windowedLayers.join(", ")}`;
    const rows: CycleRow[] = [
      { model: "ViTCoD simulator (corrected)", what: `attention, ${which} windowed of ${o.layers}`, cycles: scheduled, "× vs dense": dense / scheduled },
      { model: "ViTCoD simulator (corrected)", what: `attention, all ${o.layers} layers dense`, cycles: dense, "× vs dense": 1 },
    ];
    const text =
      `ViTCoD's simulator (modelled): ${which} windowed of ${o.layers} (${o.heads} heads each) take ${scheduled.toLocaleString("en-US")} attention cycles, ` +
      `×${(dense / scheduled).toFixed(2)} fewer than the all-dense model (${dense.toLocaleString("en-US")}).`;
    return { rows, text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The poster's MAC-line model on one head: a line of k_h·k_w + special PEs, Q×K and S×V cycles of the full
 * mask (`full`) and of the window mask with its static k_h·k_w + special slots per query.
 */
export function macLinesOnMask(window: SparseMask, full: SparseMask, s: ExperimentSetting): { rows: CycleRow[]; text: string } {
  const slots = s.window.kh * s.window.kw + s.window.special;
  const a: PosterAssumptions = { ...POSTER_BASE_ASSUMPTIONS, pesPerLine: slots };
  const f = macLineCycles(full, a, 0, s.window.special);
  const w = macLineCycles(window, a, slots, s.window.special);
  const model = `poster MAC line (${slots} PEs, one head)`;
  const rows: CycleRow[] = [
    { model, what: "Q×K, windowed", cycles: w.qk, "× vs dense": f.qk / w.qk },
    { model, what: "Q×K, full", cycles: f.qk, "× vs dense": 1 },
    { model, what: "S×V, windowed", cycles: w.sv, "× vs dense": f.sv / w.sv },
    { model, what: "S×V, full", cycles: f.sv, "× vs dense": 1 },
  ];
  const text =
    `The poster's MAC line (modelled, ${slots} PEs for the ${s.window.kh}×${s.window.kw} window and ${s.window.special} special token${s.window.special === 1 ? "" : "s"}): ` +
    `Q×K ×${(f.qk / w.qk).toFixed(2)} and S×V ×${(f.sv / w.sv).toFixed(2)} fewer cycles than full attention on the same line.`;
  return { rows, text };
}
