/**
 * Bit-accurate fixed-point model of the accelerator's SDDMM datapath (the "[HW]" side of the poster's
 * Fig. 10): Q and K are quantized to signed fixed-point formats, each product q·k is formed exactly in
 * integers and requantized to the product format, products are summed in an accumulator of its own
 * format, and the sum times 1/√d is requantized to the output format. Every requantization applies
 * the configured rounding and either saturation or two's-complement wrap-around. All integers stay
 * below 2⁵³, so JavaScript numbers represent them exactly.
 *
 * RMS error definition used by the kit (the poster does not state one):
 *   RMS error (%) = 100 · sqrt(Σ (ŝ − s)²) / sqrt(Σ s²)
 * over every kept entry of every head, ŝ the fixed-point (HW) value and s the float64 (SW) value —
 * the RMS of the error relative to the RMS of the map. {@link rmsFullScalePercent} gives the variant
 * relative to the map's full scale, max |s|.
 */
import { UserError } from "../errors.ts";
import type { CsrPattern } from "./csr.ts";
import { defaultScale, masksPerHead, validateFinite, validateShapes, type AttentionTensors } from "./tensors.ts";

/** A signed fixed-point format: 1 sign bit + intBits + fracBits (Q-notation Q{intBits}.{fracBits}). */
export interface FixedFormat {
  intBits: number;
  fracBits: number;
}

/** Rounding applied when bits are dropped. */
export type Rounding = "nearest-even" | "nearest-up" | "truncate";

/** Formats and arithmetic modes of the datapath. */
export interface FixedPointConfig {
  q: FixedFormat;
  k: FixedFormat;
  /** Each product q·k is requantized to this format. */
  product: FixedFormat;
  /** Running sum of products; its fracBits must be ≤ the product's (the aligned product is shifted). */
  accumulator: FixedFormat;
  /** Scores (q·k)·scale leave the datapath in this format. */
  output: FixedFormat;
  rounding: Rounding;
  /** true: clamp to the format's range; false: two's-complement wrap-around. */
  saturate: boolean;
}

/** Total bits of a format (sign included). */
export function formatBits(f: FixedFormat): number {
  return 1 + f.intBits + f.fracBits;
}

/** "Q3.12 (16 b)". */
export function formatName(f: FixedFormat): string {
  return `Q${f.intBits}.${f.fracBits} (${formatBits(f)} b)`;
}

function checkFormat(f: FixedFormat, name: string): void {
  if (!Number.isInteger(f.intBits) || !Number.isInteger(f.fracBits) || f.intBits < -f.fracBits || formatBits(f) < 2 || formatBits(f) > 52) {
    throw new UserError(`fixed point: ${name} format Q${f.intBits}.${f.fracBits} is invalid (integers, 2..52 bits in total)`);
  }
}

/** 2^0 … 2^63, exact: the hot loops look powers of two up instead of computing them (Math.pow) per value. */
const POW2: readonly number[] = Array.from({ length: 64 }, (_, i) => 2 ** i);

/** Drops `shift` low bits of integer x (shift ≥ 0) with the given rounding. */
export function shiftRound(x: number, shift: number, rounding: Rounding): number {
  if (shift <= 0) return x * 2 ** -shift;
  const scaled = x / (POW2[shift] ?? 2 ** shift); // exact: power-of-two division of an integer < 2^53
  switch (rounding) {
    case "truncate":
      return Math.floor(scaled);
    case "nearest-up":
      return Math.floor(scaled + 0.5);
    case "nearest-even": {
      const f = Math.floor(scaled);
      const rem = scaled - f;
      if (rem > 0.5) return f + 1;
      if (rem < 0.5) return f;
      return f % 2 === 0 ? f : f + 1;
    }
  }
}

/** Brings integer x into the range of a `bits`-bit signed integer by saturation or wrap-around. */
export function fitBits(x: number, bits: number, saturate: boolean): number {
  const half = POW2[bits - 1] ?? 2 ** (bits - 1);
  const max = half - 1;
  const min = -half;
  if (x >= min && x <= max) return x;
  if (saturate) return x > max ? max : min;
  const m = 2 * half;
  const r = ((x % m) + m) % m;
  return r > max ? r - m : r;
}

/** Quantizes a real number to the integer code of format f. */
export function quantize(x: number, f: FixedFormat, rounding: Rounding, saturate: boolean): number {
  // x·2^frac is exact in float64 for float32 inputs; rounding is applied to it as to any shift.
  const scaled = x * 2 ** f.fracBits;
  let code: number;
  if (rounding === "truncate") code = Math.floor(scaled);
  else if (rounding === "nearest-up") code = Math.floor(scaled + 0.5);
  else {
    const fl = Math.floor(scaled);
    const rem = scaled - fl;
    code = rem > 0.5 ? fl + 1 : rem < 0.5 ? fl : fl % 2 === 0 ? fl : fl + 1;
  }
  return fitBits(code, formatBits(f), saturate);
}

/** The real value of integer code c in format f. */
export function dequantize(c: number, f: FixedFormat): number {
  return c * 2 ** -f.fracBits;
}

/** Smallest signed format of `bits` bits whose range covers ±maxAbs (most fraction bits). */
export function formatForRange(bits: number, maxAbs: number): FixedFormat {
  const intBits = Math.max(0, Math.ceil(Math.log2(maxAbs * (1 + 1e-12) + Number.MIN_VALUE)));
  const clipped = maxAbs > 0 ? intBits : 0;
  return { intBits: clipped, fracBits: bits - 1 - clipped };
}

/** Validates a configuration; throws {@link UserError} naming the bad part. */
export function validateFixedConfig(c: FixedPointConfig): void {
  checkFormat(c.q, "Q");
  checkFormat(c.k, "K");
  checkFormat(c.product, "product");
  checkFormat(c.accumulator, "accumulator");
  checkFormat(c.output, "output");
  if (c.accumulator.fracBits > c.product.fracBits) {
    throw new UserError(
      `fixed point: accumulator has ${c.accumulator.fracBits} fraction bits but products only ${c.product.fracBits}; the accumulator cannot be finer than its inputs`,
    );
  }
  if (formatBits(c.q) + formatBits(c.k) > 52) throw new UserError("fixed point: Q and K together exceed 52 bits; exact products need fewer");
  if (!["nearest-even", "nearest-up", "truncate"].includes(c.rounding)) {
    throw new UserError(`fixed point: rounding "${String(c.rounding)}" is not one of nearest-even, nearest-up, truncate`);
  }
}

/**
 * The scores S = (Q·Kᵀ)·scale at each head's kept entries computed by the fixed-point datapath,
 * dequantized to reals (one Float64Array per head, aligned with its colIdx). The scale must be a power
 * of two (1/√d for d = 4^m, e.g. 1/8 at d = 64) so the hardware applies it as a shift.
 */
export function fixedPointScores(
  t: AttentionTensors,
  mask: CsrPattern | readonly CsrPattern[],
  config: FixedPointConfig,
  scale: number = defaultScale(t.d),
): Float64Array[] {
  validateShapes(t);
  validateFinite(t);
  validateFixedConfig(config);
  const scaleShift = -Math.log2(scale);
  if (!Number.isInteger(scaleShift)) {
    throw new UserError(`fixed point: scale ${scale} is not a power of two; the datapath applies it as a shift (d = 4, 16, 64, 256 …)`);
  }
  const { n, d } = t;
  const masks = masksPerHead(mask, t);
  const { rounding, saturate } = config;
  const qCodes = Float64Array.from(t.q, (x) => quantize(x, config.q, rounding, saturate));
  const kCodes = Float64Array.from(t.k, (x) => quantize(x, config.k, rounding, saturate));
  const prodShift = config.q.fracBits + config.k.fracBits - config.product.fracBits;
  const accShift = config.product.fracBits - config.accumulator.fracBits;
  const outShift = config.accumulator.fracBits + scaleShift - config.output.fracBits;
  const prodBits = formatBits(config.product);
  const accBits = formatBits(config.accumulator);
  const outBits = formatBits(config.output);
  const outUnit = 2 ** -config.output.fracBits;
  return masks.map((m, h) => {
    const base = h * n * d;
    const res = new Float64Array(m.colIdx.length);
    for (let i = 0; i < n; i++) {
      const qo = base + i * d;
      for (let p = m.rowPtr[i]!; p < m.rowPtr[i + 1]!; p++) {
        const ko = base + m.colIdx[p]! * d;
        let acc = 0;
        for (let c = 0; c < d; c++) {
          const prod = fitBits(shiftRound(qCodes[qo + c]! * kCodes[ko + c]!, prodShift, rounding), prodBits, saturate);
          acc = fitBits(acc + shiftRound(prod, accShift, rounding), accBits, saturate);
        }
        res[p] = fitBits(shiftRound(acc, outShift, rounding), outBits, saturate) * outUnit;
      }
    }
    return res;
  });
}

/** RMS error in percent: 100·sqrt(Σ(ŝ−s)²)/sqrt(Σs²) over all entries of all heads (the kit's definition). */
export function rmsErrorPercent(hw: readonly ArrayLike<number>[], sw: readonly ArrayLike<number>[]): number {
  let num = 0;
  let den = 0;
  hw.forEach((a, h) => {
    const b = sw[h]!;
    for (let i = 0; i < a.length; i++) {
      num += (a[i]! - b[i]!) ** 2;
      den += b[i]! ** 2;
    }
  });
  return den === 0 ? (num === 0 ? 0 : Infinity) : (100 * Math.sqrt(num)) / Math.sqrt(den);
}

/** RMS error relative to full scale in percent: 100·sqrt(mean (ŝ−s)²)/max|s|. */
export function rmsFullScalePercent(hw: readonly ArrayLike<number>[], sw: readonly ArrayLike<number>[]): number {
  let num = 0;
  let count = 0;
  let maxAbs = 0;
  hw.forEach((a, h) => {
    const b = sw[h]!;
    for (let i = 0; i < a.length; i++) {
      num += (a[i]! - b[i]!) ** 2;
      maxAbs = Math.max(maxAbs, Math.abs(b[i]!));
      count++;
    }
  });
  return maxAbs === 0 ? 0 : (100 * Math.sqrt(num / Math.max(count, 1))) / maxAbs;
}

/** Float64 scores at the kept entries (the "[SW]" side), aligned with each head's colIdx. */
export function floatScores(t: AttentionTensors, mask: CsrPattern | readonly CsrPattern[], scale: number = defaultScale(t.d)): Float64Array[] {
  validateShapes(t);
  const { n, d } = t;
  return masksPerHead(mask, t).map((m, h) => {
    const base = h * n * d;
    const res = new Float64Array(m.colIdx.length);
    for (let i = 0; i < n; i++) {
      for (let p = m.rowPtr[i]!; p < m.rowPtr[i + 1]!; p++) {
        let acc = 0;
        const ko = base + m.colIdx[p]! * d;
        for (let c = 0; c < d; c++) acc += t.q[base + i * d + c]! * t.k[ko + c]!;
        res[p] = acc * scale;
      }
    }
    return res;
  });
}

/** Row softmax over each row's kept entries (float64), for comparing probability maps. */
export function rowSoftmax(mask: CsrPattern, scores: ArrayLike<number>): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < mask.n; i++) {
    const a = mask.rowPtr[i]!;
    const b = mask.rowPtr[i + 1]!;
    let max = -Infinity;
    for (let p = a; p < b; p++) max = Math.max(max, scores[p]!);
    let sum = 0;
    for (let p = a; p < b; p++) sum += out[p] = Math.exp(scores[p]! - max);
    for (let p = a; p < b; p++) out[p]! /= sum;
  }
  return out;
}

/**
 * A datapath whose every stage has `bits` bits: Q and K formats chosen from their ranges (`qkMaxAbs`),
 * products requantized to `bits` bits with the format covering |q·k|, an accumulator with
 * `guardBits` extra integer bits (log2 d suffices to avoid overflow), output `bits` bits covering
 * `outMaxAbs`.
 */
export function uniformConfig(
  bits: number,
  ranges: { qMaxAbs: number; kMaxAbs: number; outMaxAbs: number },
  opts: { guardBits?: number; rounding?: Rounding; saturate?: boolean; exactProducts?: boolean } = {},
): FixedPointConfig {
  const q = formatForRange(bits, ranges.qMaxAbs);
  const k = formatForRange(bits, ranges.kMaxAbs);
  const product = opts.exactProducts
    ? { intBits: q.intBits + k.intBits + 1, fracBits: q.fracBits + k.fracBits }
    : formatForRange(bits, ranges.qMaxAbs * ranges.kMaxAbs);
  const guard = opts.guardBits ?? 6;
  const accumulator = { intBits: product.intBits + guard, fracBits: product.fracBits };
  const output = formatForRange(bits, ranges.outMaxAbs);
  return { q, k, product, accumulator, output, rounding: opts.rounding ?? "nearest-even", saturate: opts.saturate ?? true };
}

/** Max |x| of an array. */
export function maxAbsOf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
