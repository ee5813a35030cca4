/**
 * I-BERT's second-order polynomial approximations of the nonlinear functions of a Transformer (Kim et
 * al., "I-BERT: Integer-only BERT Quantization", ICML 2021), the public stand-in for HeatViT's own
 * 8-bit polynomial GELU/softmax (whose coefficients are not published):
 *   erf(x) ≈ sign(x)·[a·(min(|x|, −b) + b)² + 1],  a = −0.2888, b = −1.769;  GELU(x) = x·(1 + erf(x/√2))/2
 *   exp(p) ≈ 0.3585·(p + 1.353)² + 0.344 on p ∈ (−ln 2, 0], with exp(x) = 2^(−z)·exp(p), x = p − z·ln 2
 * Each is implemented in float and in integer arithmetic on 8-bit fixed-point inputs (a real value is
 * code·scale); intermediate integers are exact (well below 2⁵³) as in I-BERT's 32-bit datapath.
 */
import { UserError } from "../errors.ts";

/** I-BERT's erf polynomial coefficients. */
export const IBERT_ERF = { a: -0.2888, b: -1.769 } as const;
/** I-BERT's exp polynomial coefficients on (−ln 2, 0]. */
export const IBERT_EXP = { a: 0.3585, b: 1.353, c: 0.344 } as const;

// ---------------------------------------------------------------- float versions

/** Exact GELU, x·Φ(x) with Φ from erf (Abramowitz–Stegun-free: uses a high-accuracy erf). */
export function geluExact(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/**
 * erf to ~1e-15 (series for |x| < 3, continued fraction beyond); used as the exact reference.
 */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    // Maclaurin series: erf x = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz): erfc x = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** I-BERT's polynomial erf in float. */
export function erfPoly(x: number): number {
  const { a, b } = IBERT_ERF;
  const clipped = Math.min(Math.abs(x), -b);
  return Math.sign(x) * (a * (clipped + b) ** 2 + 1);
}

/** GELU with the polynomial erf, in float. */
export function geluPoly(x: number): number {
  return 0.5 * x * (1 + erfPoly(x / Math.SQRT2));
}

/** exp with I-BERT's range reduction and polynomial, in float (x ≤ 0). */
export function expPoly(x: number): number {
  const { a, b, c } = IBERT_EXP;
  const z = Math.floor(-x / Math.LN2);
  const p = x + z * Math.LN2;
  return (a * (p + b) ** 2 + c) * 2 ** -z;
}

/** Softmax of a vector with exp replaced by {@link expPoly}. */
export function softmaxPoly(x: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) max = Math.max(max, x[i]!);
  const e = Float64Array.from({ length: x.length }, (_, i) => expPoly(x[i]! - max));
  const s = e.reduce((acc, v) => acc + v, 0);
  return e.map((v) => v / s);
}

/** Exact softmax in float64. */
export function softmaxExact(x: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) max = Math.max(max, x[i]!);
  const e = Float64Array.from({ length: x.length }, (_, i) => Math.exp(x[i]! - max));
  const s = e.reduce((acc, v) => acc + v, 0);
  return e.map((v) => v / s);
}

// ---------------------------------------------------------------- integer versions

/** An integer code with its real scale (value = code·scale). */
export interface Scaled {
  code: number;
  scale: number;
}

/** Quantizes x to a signed `bits`-bit code with `scale` (round to nearest, saturate). */
export function quantizeSigned(x: number, scale: number, bits = 8): number {
  const max = 2 ** (bits - 1) - 1;
  return Math.max(-max - 1, Math.min(max, Math.round(x / scale)));
}

/** I-BERT's integer second-order polynomial a·(x + b)² + c for x = code·scale. */
export function intPoly(code: number, scale: number, a: number, b: number, c: number): Scaled {
  const qb = Math.floor(b / scale);
  const qc = Math.floor(c / (a * scale * scale));
  return { code: (code + qb) ** 2 + qc, scale: a * scale * scale };
}

/** Integer erf (I-BERT i-erf). */
export function intErf(code: number, scale: number): Scaled {
  const { a, b } = IBERT_ERF;
  const sign = Math.sign(code);
  const clipped = Math.min(Math.abs(code), Math.floor(-b / scale));
  const l = intPoly(clipped, scale, a, b, 1);
  return { code: sign * l.code, scale: l.scale };
}

/** Integer GELU (I-BERT i-GELU): code·scale ↦ GELU, as an integer code and scale. */
export function intGelu(code: number, scale: number): Scaled {
  const e = intErf(code, scale / Math.SQRT2);
  const one = Math.floor(1 / e.scale);
  return { code: code * (e.code + one), scale: (scale * e.scale) / 2 };
}

/** Integer exp (I-BERT i-exp) for code ≤ 0. */
export function intExp(code: number, scale: number): Scaled {
  const { a, b, c } = IBERT_EXP;
  const qln2 = Math.floor(Math.LN2 / scale);
  if (qln2 < 1) throw new UserError(`i-exp: input scale ${scale} is coarser than ln 2; use a finer scale`);
  const z = Math.floor(-code / qln2);
  const qp = code + z * qln2;
  const l = intPoly(qp, scale, a, b, c);
  return { code: Math.floor(l.code / 2 ** z), scale: l.scale };
}

/**
 * Integer softmax (I-BERT i-softmax) of 8-bit codes with a common scale: i-exp of code − max, then
 * probabilities as unsigned `outBits`-bit codes with scale 2^−outBits (floor(e·2^outBits / Σe),
 * saturated to 2^outBits − 1). Returns the real probabilities (code·2^−outBits).
 */
export function intSoftmax(codes: ArrayLike<number>, scale: number, outBits = 8): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < codes.length; i++) max = Math.max(max, codes[i]!);
  const e = Float64Array.from({ length: codes.length }, (_, i) => intExp(codes[i]! - max, scale).code);
  let sum = 0;
  for (const v of e) sum += v;
  const top = 2 ** outBits - 1;
  return e.map((v) => Math.min(top, Math.floor((v * 2 ** outBits) / sum)) / 2 ** outBits);
}

// ---------------------------------------------------------------- error tables

/** One row of an approximation error table. */
export interface ApproxErrorRow {
  fn: "GELU" | "exp";
  variant: "float polynomial" | "int8 fixed point";
  range: string;
  /** Input scale of the 8-bit codes (int8 rows); NaN for float rows. */
  inputScale: number;
  maxAbsError: number;
  rmsError: number;
  /** RMS error relative to the RMS of the exact function over the range. */
  relRmsError: number;
}

function stats(xs: readonly number[], approx: (x: number) => number, exact: (x: number) => number) {
  let maxAbs = 0;
  let se = 0;
  let sr = 0;
  for (const x of xs) {
    const e = approx(x) - exact(x);
    maxAbs = Math.max(maxAbs, Math.abs(e));
    se += e * e;
    sr += exact(x) ** 2;
  }
  return { maxAbsError: maxAbs, rmsError: Math.sqrt(se / xs.length), relRmsError: Math.sqrt(se / sr) };
}

/**
 * Error table of GELU and exp approximations over input ranges: `geluRanges` as [lo, hi] for MLP
 * inputs, `expRanges` as [lo, 0] for softmax inputs after subtracting the row max. Float rows evaluate
 * a dense grid; int8 rows evaluate every 8-bit code of a symmetric scale covering the range
 * (scale = max(|lo|, |hi|)/127), against the exact function at the same quantized input.
 */
export function approximationErrorTable(
  geluRanges: readonly [number, number][] = [[-4, 4], [-8, 8]],
  expRanges: readonly [number, number][] = [[-8, 0], [-16, 0]],
): ApproxErrorRow[] {
  const rows: ApproxErrorRow[] = [];
  const grid = (lo: number, hi: number) => Array.from({ length: 4001 }, (_, i) => lo + ((hi - lo) * i) / 4000);
  for (const [lo, hi] of geluRanges) {
    const range = `[${lo}, ${hi}]`;
    rows.push({ fn: "GELU", variant: "float polynomial", range, inputScale: NaN, ...stats(grid(lo, hi), geluPoly, geluExact) });
    const scale = Math.max(Math.abs(lo), Math.abs(hi)) / 127;
    const xs = Array.from({ length: 256 }, (_, i) => (i - 128) * scale).filter((x) => x >= lo - 1e-12 && x <= hi + 1e-12);
    const approx = (x: number) => {
      const r = intGelu(quantizeSigned(x, scale), scale);
      return r.code * r.scale;
    };
    rows.push({ fn: "GELU", variant: "int8 fixed point", range, inputScale: scale, ...stats(xs, approx, geluExact) });
  }
  for (const [lo, hi] of expRanges) {
    const range = `[${lo}, ${hi}]`;
    rows.push({ fn: "exp", variant: "float polynomial", range, inputScale: NaN, ...stats(grid(lo, hi), expPoly, Math.exp) });
    const scale = Math.max(Math.abs(lo), Math.abs(hi)) / 127;
    const xs = Array.from({ length: 129 }, (_, i) => -i * scale).filter((x) => x >= lo - 1e-12);
    const approx = (x: number) => {
      const r = intExp(quantizeSigned(x, scale), scale);
      return r.code * r.scale;
    };
    rows.push({ fn: "exp", variant: "int8 fixed point", range, inputScale: scale, ...stats(xs, approx, Math.exp) });
  }
  return rows;
}

/** RMS errors (%, the fixed-point module's definition) of an attention probability map. */
export interface SoftmaxEffect {
  /** Softmax with I-BERT's float exp polynomial vs exact softmax. */
  floatPolyRmsPercent: number;
  /** 8-bit scores (per-map symmetric scale), I-BERT integer softmax with 8-bit outputs, vs exact. */
  int8RmsPercent: number;
  /** The 8-bit input scale used. */
  int8Scale: number;
}

/**
 * The effect of the approximations on an attention map: `scores` are per-head score arrays aligned
 * with each head's CSR pattern in `rows` (row boundaries given by rowPtr); softmax over each row.
 */
export function softmaxApproximationEffect(rowPtrs: readonly Int32Array[], scores: readonly Float64Array[]): SoftmaxEffect {
  let maxAbs = 0;
  for (const s of scores) for (const x of s) maxAbs = Math.max(maxAbs, Math.abs(x));
  const scale = maxAbs / 127 || 1;
  let ePoly = 0;
  let eInt = 0;
  let ref = 0;
  scores.forEach((s, h) => {
    const rowPtr = rowPtrs[h]!;
    for (let i = 0; i + 1 < rowPtr.length; i++) {
      const row = s.subarray(rowPtr[i]!, rowPtr[i + 1]!);
      const exact = softmaxExact(row);
      const poly = softmaxPoly(row);
      const int8 = intSoftmax(Array.from(row, (x) => quantizeSigned(x, scale)), scale);
      for (let j = 0; j < row.length; j++) {
        ePoly += (poly[j]! - exact[j]!) ** 2;
        eInt += (int8[j]! - exact[j]!) ** 2;
        ref += exact[j]! ** 2;
      }
    }
  });
  return {
    floatPolyRmsPercent: (100 * Math.sqrt(ePoly)) / Math.sqrt(ref),
    int8RmsPercent: (100 * Math.sqrt(eInt)) / Math.sqrt(ref),
    int8Scale: scale,
  };
}
