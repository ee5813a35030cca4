/**
 * Verdicts of the kernel notebook (04): Fig. 10's RMS error against the kit's bit-accurate datapath model
 * (a range over the widths the Zybo's DSP48E1 supports, carried into the verdict), the Conclusion's "real
 * hardware … computation speed" (unsupported by the poster's own figures), ViTCoD's under-utilisation measured
 * on this CPU (context: the claim is about ViTCoD's accelerator), and the Fig. 10 score maps.
 */
import { spearman } from "../stats.ts";
import type { ContextInput, VerdictInput } from "../claims/ledger.ts";
import { span, toleranceVerdict } from "../claims/verdict.ts";
import { describeSweep, sweepAssumption } from "../claims/assumption-sweep.ts";
import { fixedPointScores, maxAbsOf, uniformConfig } from "../kernels/fixed-point.ts";
import type { BenchResult } from "../data/files/kernel-bench.ts";
import { fig10Inputs, type FixedPointSweepRow } from "./kernels.ts";
import { POSTER_FIG10_RMS_PERCENT } from "../paper/poster-fig10.ts";
import { POSTER_FIG11 } from "../paper/poster-fig11.ts";

const FIXED_POINT_CODE = "lib/kernels/fixed-point.ts";

/**
 * Fig. 10's "Overall RMS Error (%) : 0.00525" against the kit's model over `bits` (the widths the poster's
 * datapath plausibly has). Same order of magnitude = within a factor √10; a range of kit values that
 * straddles that band is indeterminate.
 */
export function fig10RmsVerdict(sweep: readonly FixedPointSweepRow[], bits: readonly number[], figure: string): VerdictInput {
  const rows = sweep.filter((r) => bits.includes(r.bits));
  if (rows.length === 0) throw new Error(`fig10RmsVerdict: the sweep has none of the widths ${bits.join(", ")}`);
  const values = rows.map((r) => r.rmsDatapathPercent);
  const range = span(values);
  const tol = Math.sqrt(10) - 1;
  // Judge on log scale: |log10(kit / paper)| ≤ 0.5 — same order of magnitude — at each datapath width.
  const judge = (v: number) => toleranceVerdict({ value: 1 + Math.log10(v / POSTER_FIG10_RMS_PERCENT), lo: 1 + Math.log10(v / POSTER_FIG10_RMS_PERCENT), hi: 1 + Math.log10(v / POSTER_FIG10_RMS_PERCENT) }, 1, 0.5);
  const widths = sweepAssumption({
    assumption: "datapath width (the Q/K fixed-point format)",
    unit: "bit",
    values: rows.map((r) => r.bits),
    base: rows[rows.length - 1]!.bits,
    evaluate: (b) => {
      const v = rows.find((r) => r.bits === b)!.rmsDatapathPercent;
      return { value: v, status: judge(v) };
    },
  });
  const status = widths.status;
  return {
    id: "poster-fig10-rms-error",
    status,
    kitValue: `${rows.map((r) => `${r.bits} bit (${r.q}): ${r.rmsDatapathPercent.toPrecision(3)} %`).join("; ")} — range ${range.lo.toPrecision(3)}–${range.hi.toPrecision(3)} %`,
    tolerance: `same order of magnitude: ${(POSTER_FIG10_RMS_PERCENT / Math.sqrt(10)).toPrecision(3)}–${(POSTER_FIG10_RMS_PERCENT * (1 + tol)).toPrecision(3)} % (a factor √10), swept over ${bits[0]}–${bits[bits.length - 1]}-bit datapaths (the DSP48E1's 18-bit port and below)`,
    reason:
      status === "indeterminate"
        ? `the poster states neither its formats nor its RMS definition; the kit's error (RMS(HW−SW)/RMS(SW), N(0,1) Q/K) turns on the width: ${describeSweep(widths, (x) => `${x}`)}`
        : status === "reproduced"
          ? "every plausible width gives the poster's order of magnitude"
          : "no plausible width gives the poster's order of magnitude",
    evidence: [FIXED_POINT_CODE],
    figure,
  };
}

/**
 * The Conclusion's "real hardware … significant improvements in computation speed": the board and bitstream are
 * not available, so quoted, with what the poster shows for it.
 */
export function realHardwareVerdict(): VerdictInput {
  return {
    id: "poster-real-hardware-speed",
    status: "quoted-only",
    kitValue: "not rerun here (no Zybo Z7 board or bitstream)",
    reason:
      `quoted from the Conclusion. The poster shows board output (Fig. 10 [HW], an attention map compared with software) and cycle counts (Fig. 11: ×${POSTER_FIG11.qkFullToWindow.value} Q×K and ×${POSTER_FIG11.svFullToWindow.value} S×V, full → window) without saying whether the cycles were counted on the board or in simulation, and no wall-clock time; the kit cannot tell which, so it neither confirms nor denies the on-board speed-up`,
  };
}

/** "parallel Mac Lines and … an output-stationary data flow": a design fact of hardware that is not published. */
export function outputStationaryVerdict(): VerdictInput {
  return {
    id: "poster-output-stationary",
    status: "quoted-only",
    kitValue: "not checkable here (no RTL); the kit's MAC-line model adopts it (lib/cycles/models/mac-lines.ts)",
    reason: "quoted from the Motivation: Fig. 9 draws three MAC lines (h1–h3) of ten PEs fed from Q/S and K/V buffers, but the data flow cannot be read off a block diagram; the kit's cycle model assumes it, so its Fig. 11 numbers rest on it",
  };
}

/**
 * ViTCoD's under-utilisation claim measured on the kit's SIMD kernel on this CPU: context under the claim
 * (which is about ViTCoD's accelerator, judged in the accelerator notebook).
 */
export function cpuUtilisationContext(bench: readonly BenchResult[], figure: string): ContextInput[] {
  const rows = bench.filter((r) => r.threads === 1);
  if (rows.length === 0) return [];
  const peak = Math.max(...rows.map((r) => r.denseGflops));
  const util = rows.map((r) => ({ density: r.density, n: r.n, k: r.k, u: r.windowedGflops / peak }));
  const sparsest = [...util].sort((a, b) => a.density - b.density)[0]!;
  const densest = [...util].sort((a, b) => b.density - a.density)[0]!;
  const rho = spearman(util.map((x) => x.density), util.map((x) => x.u));
  return [
    {
      contextOf: "vitcod-page-underutilisation",
      key: "cpu-simd-kernel",
      setting: "this CPU, the kit's WebAssembly SIMD windowed-attention kernel, 1 thread (not ViTCoD's accelerator)",
      kitValue:
        `windowed GFLOP/s / kit dense peak (${peak.toFixed(2)} GFLOP/s) = ${sparsest.u.toFixed(2)} at density ${(100 * sparsest.density).toFixed(2)} % (N=${sparsest.n}, k=${sparsest.k}) ` +
        `vs ${densest.u.toFixed(2)} at ${(100 * densest.density).toFixed(1)} % (N=${densest.n}, k=${densest.k}); Spearman(density, utilisation) = ${rho.toFixed(2)}`,
      reason: "on a CPU the sparser windowed maps also reach fewer GFLOP/s; the claim is about ViTCoD's accelerator, so this is context only",
      evidence: ["data/kernel-bench.arrow"],
      figure,
    },
  ];
}

/** One kept entry of one head: the pre-softmax score in software (float64) and on the fixed-point datapath. */
export interface ScoreEntry {
  query: number;
  key: number;
  sw: number;
  hw: number;
}

/** Pre-softmax scores of one head over every kept entry of the 197×197 windowed map, SW vs HW at `bits`. */
export function fig10Scores(bits: number, head = 0, seed = 10): { entries: ScoreEntry[]; rmsPercent: number; formats: string } {
  const { t, mask, sw, ranges } = fig10Inputs(seed);
  const config = uniformConfig(bits, ranges);
  const hw = fixedPointScores(t, mask, config)[head]!;
  const s = sw[head]!;
  const entries: ScoreEntry[] = [];
  for (let q = 0; q < t.n; q++) {
    for (let p = mask.rowPtr[q]!; p < mask.rowPtr[q + 1]!; p++) entries.push({ query: q, key: mask.colIdx[p]!, sw: s[p]!, hw: hw[p]! });
  }
  let num = 0;
  let den = 0;
  for (const e of entries) {
    num += (e.hw - e.sw) ** 2;
    den += e.sw ** 2;
  }
  return { entries, rmsPercent: (100 * Math.sqrt(num)) / Math.sqrt(den), formats: `Q/K ${config.q.intBits}.${config.q.fracBits}, output ${config.output.intBits}.${config.output.fracBits} (int.frac bits), max |S| ${maxAbsOf(s).toFixed(2)}` };
}
