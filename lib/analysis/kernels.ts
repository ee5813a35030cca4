/**
 * What notebook 04 shows, computed here so the notebook stays thin: the kernels' correctness against
 * the float64 oracle, the committed benchmark (data/kernel-bench.arrow), the fixed-point RMS sweep
 * (poster Fig. 10), an SW-vs-HW map, and the claims about them.
 */
import { windowMask } from "../masks/window.ts";
import { sddmm, sparseAttention, type KernelBackend } from "../kernels/attention.ts";
import type { BenchResult } from "../data/files/kernel-bench.ts";
import { scatterToDense, type CsrPattern } from "../kernels/csr.ts";
import {
  fixedPointScores, floatScores, formatName, maxAbsOf, rmsErrorPercent, rmsFullScalePercent, rowSoftmax, uniformConfig,
  type FixedPointConfig,
} from "../kernels/fixed-point.ts";
import { randomNormalF32 } from "../kernels/random.ts";
import { referenceAttentionF64, softmaxOfZeroedScoresF64 } from "../kernels/reference.ts";
import type { AttentionTensors } from "../kernels/tensors.ts";
import { vitModel } from "../specs/models.ts";
import { POSTER_MODEL, POSTER_WINDOW_K } from "../specs/poster.ts";

/** Tolerances of the kernels against the float64 oracle. */
export const KERNEL_TOLERANCES = {
  /** max |S − S_ref| / max_row |S_ref| (rows with ≥ 4 kept keys). */
  sddmmRelative: 1e-5,
  /** max |P − P_ref|. */
  probabilityAbsolute: 1e-6,
  /** max |O − O_ref| / max |V|. */
  outputRelative: 1e-5,
} as const;

/** Seeded Q, K, V ~ N(0, std²) of layout [heads][n][d]. */
export function seededTensors(heads: number, n: number, d: number, seed: number, std = 1): AttentionTensors {
  const len = heads * n * d;
  return { heads, n, d, q: randomNormalF32(len, seed + 1, std), k: randomNormalF32(len, seed + 2, std), v: randomNormalF32(len, seed + 3, std) };
}

/** Errors of one backend on one input against the oracle. */
export interface CorrectnessRow {
  case: string;
  backend: KernelBackend;
  sddmmRelError: number;
  probAbsError: number;
  outRelError: number;
  /** max over rows of |Σ_kept p − 1|: probability that leaked to masked keys would show here. */
  keptMassError: number;
  pass: boolean;
}

/** Measures the errors of `backend` on tensors `t` with one mask shared by all heads. */
export function oracleErrors(t: AttentionTensors, mask: CsrPattern, backend: KernelBackend, label: string): CorrectnessRow {
  const { n, heads } = t;
  const ref = referenceAttentionF64(t, mask);
  const { scores } = sddmm(t, mask, { backend });
  const res = sparseAttention(t, mask, { backend, returnProbs: true });
  let sddmmRel = 0;
  let probErr = 0;
  let massErr = 0;
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < n; i++) {
      const a = mask.rowPtr[i]!;
      const b = mask.rowPtr[i + 1]!;
      let rowMax = 0;
      for (let p = a; p < b; p++) rowMax = Math.max(rowMax, Math.abs(ref.scores[(h * n + i) * n + mask.colIdx[p]!]!));
      let mass = 0;
      for (let p = a; p < b; p++) {
        const j = mask.colIdx[p]!;
        mass += res.probs![h]![p]!;
        const e = Math.abs(scores[h]![p]! - ref.scores[(h * n + i) * n + j]!);
        if (b - a >= 4) sddmmRel = Math.max(sddmmRel, rowMax > 0 ? e / rowMax : e);
        probErr = Math.max(probErr, Math.abs(res.probs![h]![p]! - ref.probs[(h * n + i) * n + j]!));
      }
      massErr = Math.max(massErr, Math.abs(mass - 1));
    }
  }
  let outErr = 0;
  for (let i = 0; i < res.out.length; i++) outErr = Math.max(outErr, Math.abs(res.out[i]! - ref.out[i]!));
  const outRel = outErr / maxAbsOf(t.v);
  return {
    case: label, backend, sddmmRelError: sddmmRel, probAbsError: probErr, outRelError: outRel, keptMassError: massErr,
    pass: sddmmRel <= KERNEL_TOLERANCES.sddmmRelative && probErr <= KERNEL_TOLERANCES.probabilityAbsolute &&
      outRel <= KERNEL_TOLERANCES.outputRelative && massErr <= KERNEL_TOLERANCES.probabilityAbsolute,
  };
}

/** The correctness table of the notebook: both backends on windowed 14×14 + CLS layers (k = 3, 7). */
export function kernelCorrectnessSummary(seed = 7): CorrectnessRow[] {
  const rows: CorrectnessRow[] = [];
  for (const k of [3, 7]) {
    const t = seededTensors(3, 197, 64, seed + k);
    const mask = windowMask({ gridH: 14, gridW: 14, kh: k });
    for (const backend of ["wasm", "ts"] as const) rows.push(oracleErrors(t, mask, backend, `N=197, k=${k}, 3 heads, d=64`));
  }
  return rows;
}

/** Probability that masked keys receive: the multiply-by-0 implementation vs the kit's kernel. */
export interface MaskingBugRow {
  implementation: string;
  /** Mean over rows of the probability mass on masked keys. */
  meanMaskedMass: number;
  /** Largest probability of a single masked entry. */
  maxMaskedProb: number;
}

/** The masking regression in numbers, on a 14×14 + CLS, k = 3 layer (3 heads, d = 64). */
export function maskingBugSummary(seed = 21): MaskingBugRow[] {
  const t = seededTensors(3, 197, 64, seed);
  const mask = windowMask({ gridH: 14, gridW: 14, kh: 3 });
  const n = 197;
  const buggy = softmaxOfZeroedScoresF64(t, mask);
  const keep = scatterToDense(mask, new Float64Array(mask.colIdx.length).fill(1));
  let bugMass = 0;
  let bugMax = 0;
  for (let h = 0; h < 3; h++) {
    for (let e = 0; e < n * n; e++) {
      if (keep[e]) continue;
      bugMass += buggy[h * n * n + e]!;
      bugMax = Math.max(bugMax, buggy[h * n * n + e]!);
    }
  }
  const rows: MaskingBugRow[] = [{ implementation: "scores × 0, softmax over the whole row (the bug)", meanMaskedMass: bugMass / (3 * n), maxMaskedProb: bugMax }];
  for (const backend of ["wasm", "ts"] as const) {
    const res = sparseAttention(t, mask, { backend, returnProbs: true });
    let mass = 0;
    let max = 0;
    for (let h = 0; h < 3; h++) {
      const dense = scatterToDense(mask, res.probs![h]!);
      for (let e = 0; e < n * n; e++) {
        if (keep[e]) continue;
        mass += dense[e]!;
        max = Math.max(max, dense[e]!);
      }
    }
    rows.push({ implementation: `kit sparseAttention (${backend}): masked keys excluded`, meanMaskedMass: mass / (3 * n), maxMaskedProb: max });
  }
  return rows;
}


/** One bit width of the fixed-point sweep. */
export interface FixedPointSweepRow {
  bits: number;
  q: string;
  product: string;
  accumulator: string;
  output: string;
  /** Q and K quantized to `bits`, exact products and accumulator, output at `bits`. */
  rmsExactProductsPercent: number;
  /** Every stage at `bits` (products requantized, accumulator bits + 6 guard bits). */
  rmsDatapathPercent: number;
  /** As rmsDatapathPercent, relative to full scale max|S|. */
  rmsDatapathFullScalePercent: number;
  /** Probabilities (float softmax of the HW scores vs of the SW scores), datapath at `bits`. */
  rmsProbabilitiesPercent: number;
}

/** Inputs of the Fig. 10 experiment: a 14×14 + CLS layer, k = 3 window, 3 heads, d = 64, Q, K ~ N(0, 1). */
/** The layer the Fig. 10 fixed-point study runs on: DeiT-tiny's attention (3 heads, d = 64, 14×14 patches + CLS), the poster's window. */
export interface Fig10Setting {
  gridSide: number;
  k: number;
  heads: number;
  headDim: number;
}

/** The poster's Fig. 10 setting: one DeiT-tiny attention layer with its 3×3 window. */
export const FIG10_SETTING: Readonly<Fig10Setting> = (() => {
  const m = vitModel(POSTER_MODEL);
  return { gridSide: Math.round(Math.sqrt(m.patches)), k: POSTER_WINDOW_K, heads: m.heads, headDim: m.headDim };
})();

/** The setting in words, for captions: grid, window, heads, head dimension, inputs. */
export function fig10SettingText(s: Fig10Setting = FIG10_SETTING): string {
  return `${s.gridSide}×${s.gridSide}+CLS, k = ${s.k}, ${s.heads} heads, d = ${s.headDim}, Q, K ~ N(0, 1)`;
}

export function fig10Inputs(seed = 10, setting: Fig10Setting = FIG10_SETTING): { t: AttentionTensors; mask: CsrPattern; sw: Float64Array[]; ranges: { qMaxAbs: number; kMaxAbs: number; outMaxAbs: number } } {
  const t = seededTensors(setting.heads, setting.gridSide * setting.gridSide + 1, setting.headDim, seed);
  const mask = windowMask({ gridH: setting.gridSide, gridW: setting.gridSide, kh: setting.k });
  const sw = floatScores(t, mask);
  return { t, mask, sw, ranges: { qMaxAbs: maxAbsOf(t.q), kMaxAbs: maxAbsOf(t.k), outMaxAbs: Math.max(...sw.map(maxAbsOf)) } };
}

/** RMS error vs bit width (the kit's RMS definition, see fixed-point.ts). */
export function fixedPointSweep(bits: readonly number[], seed = 10, setting: Fig10Setting = FIG10_SETTING): FixedPointSweepRow[] {
  const { t, mask, sw, ranges } = fig10Inputs(seed, setting);
  const swProbs = sw.map((s) => rowSoftmax(mask, s));
  return bits.map((b) => {
    const exact = uniformConfig(b, ranges, { exactProducts: true });
    const full = uniformConfig(b, ranges);
    const hwFull = fixedPointScores(t, mask, full);
    return {
      bits: b,
      q: formatName(full.q),
      product: formatName(full.product),
      accumulator: formatName(full.accumulator),
      output: formatName(full.output),
      rmsExactProductsPercent: rmsErrorPercent(fixedPointScores(t, mask, exact), sw),
      rmsDatapathPercent: rmsErrorPercent(hwFull, sw),
      rmsDatapathFullScalePercent: rmsFullScalePercent(hwFull, sw),
      rmsProbabilitiesPercent: rmsErrorPercent(hwFull.map((s) => rowSoftmax(mask, s)), swProbs),
    };
  });
}

/** One cell of the SW-vs-HW map figure. */
export interface MapCell {
  map: "SW (float64)" | "HW (fixed point)";
  query: number;
  key: number;
  value: number;
}

/**
 * The attention probabilities of one head, SW (float64) and HW (fixed-point scores at `bits`, then
 * softmax), as cells for the first `crop` tokens; also the RMS error (%) over the whole head.
 */
export function fig10Maps(bits: number, head = 0, crop = 48, seed = 10): { cells: MapCell[]; rmsPercent: number; config: FixedPointConfig } {
  const { t, mask, sw, ranges } = fig10Inputs(seed);
  const config = uniformConfig(bits, ranges);
  const hw = fixedPointScores(t, mask, config);
  const pSw = rowSoftmax(mask, sw[head]!);
  const pHw = rowSoftmax(mask, hw[head]!);
  const cells: MapCell[] = [];
  for (let i = 0; i < crop; i++) {
    for (let p = mask.rowPtr[i]!; p < mask.rowPtr[i + 1]!; p++) {
      const j = mask.colIdx[p]!;
      if (j >= crop) continue;
      cells.push({ map: "SW (float64)", query: i, key: j, value: pSw[p]! });
      cells.push({ map: "HW (fixed point)", query: i, key: j, value: pHw[p]! });
    }
  }
  return { cells, rmsPercent: rmsErrorPercent([pHw], [pSw]), config };
}

