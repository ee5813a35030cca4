/**
 * Output-stationary systolic array, analytical model (SCALE-Sim's OS runtime, Samajdar et al. 2018/2020):
 * an R × C array computes an M × N output tile by tile ("folds"); each fold streams the K-long operands
 * with a skew of R−1 and C−1 cycles and then shifts the R rows of results out, so one fold costs
 * 2R + C + K − 2 cycles, plus `macLatency` extra cycles when a MAC result needs more than one cycle.
 */
import { UserError } from "../errors.ts";

/** A dense GEMM: (M × K) · (K × N). */
export interface Gemm {
  M: number;
  K: number;
  N: number;
}

/** Shape and timing of an output-stationary systolic array. */
export interface SystolicArray {
  rows: number;
  cols: number;
  /** Extra cycles per fold for a pipelined MAC (0 = single-cycle MAC, SCALE-Sim's assumption). */
  macLatency: number;
  /** Whether results are shifted out of the array after each fold (R cycles; SCALE-Sim: yes). */
  drainRows: boolean;
}

/** Cycles and utilisation of one GEMM on the array. */
export interface SystolicCycles {
  folds: number;
  cyclesPerFold: number;
  cycles: number;
  macs: number;
  /** macs / (cycles · rows · cols). */
  utilisation: number;
}

/** Checks an array; throws {@link UserError} for 0 PEs or a negative latency. */
export function validateSystolic(a: SystolicArray): void {
  if (!Number.isInteger(a.rows) || a.rows < 1 || !Number.isInteger(a.cols) || a.cols < 1) {
    throw new UserError(`systolic array must have at least 1×1 PEs (integers), got ${a.rows}×${a.cols}`);
  }
  if (!Number.isInteger(a.macLatency) || a.macLatency < 0) throw new UserError(`systolic array: macLatency must be an integer >= 0, got ${a.macLatency}`);
}

/**
 * Cycles of an output-stationary GEMM: M maps to the array rows, N to the columns,
 * folds = ⌈M/R⌉·⌈N/C⌉, cycles per fold = (drainRows ? 2R : R) + C + K − 2 + macLatency.
 */
export function systolicGemmCycles(g: Gemm, a: SystolicArray): SystolicCycles {
  validateSystolic(a);
  for (const k of ["M", "K", "N"] as const) {
    if (!Number.isInteger(g[k]) || g[k] < 1) throw new UserError(`GEMM dimension ${k} must be a positive integer, got ${g[k]}`);
  }
  const folds = Math.ceil(g.M / a.rows) * Math.ceil(g.N / a.cols);
  const cyclesPerFold = (a.drainRows ? 2 * a.rows : a.rows) + a.cols + g.K - 2 + a.macLatency;
  const cycles = folds * cyclesPerFold;
  const macs = g.M * g.N * g.K;
  return { folds, cyclesPerFold, cycles, macs, utilisation: macs / (cycles * a.rows * a.cols) };
}
