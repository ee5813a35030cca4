import { describe, expect, it } from "vitest";
import { denseAttention, sddmm, sparseAttention, autoBackend, type KernelBackend } from "../../lib/kernels/attention.ts";
import { csrFromPredicate, scatterToDense, type CsrPattern } from "../../lib/kernels/csr.ts";
import { referenceAttentionF64, softmaxOfZeroedScoresF64 } from "../../lib/kernels/reference.ts";
import { seededUniform } from "../../lib/kernels/random.ts";
import { wasmAttentionKernel, wasmSimdSupported } from "../../lib/kernels/wasm-kernel.ts";
import { UserError } from "../../lib/errors.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { firstNonFiniteIndex, type AttentionTensors } from "../../lib/kernels/tensors.ts";
import { maxAbs, maxAbsDiff, randomMask, randomTensors } from "./helpers.ts";

// Tolerances against the float64 oracle (the kit's stated tolerances; the output bound is ours).
// SDDMM: max |S − S_ref| / max_row |S_ref| ≤ 1e-5 on every row with at least 4 kept keys. A row with 1–3
// keys can have max |S| ≈ 0 by cancellation, where no float32 dot product meets a bound relative to |S|;
// there (and everywhere) the float32 dot-product bound |S − S_ref| ≤ 8·2⁻²⁴·Σ_c |q_c·k_c|·scale is asserted.
const SDDMM_REL_TOL = 1e-5;
const SDDMM_ROW_MIN_KEYS = 4;
const SDDMM_ULP_FACTOR = 8 * 2 ** -24;
const PROB_ABS_TOL = 1e-6; // max |P − P_ref|
const OUT_REL_TOL = 1e-5; // max |O − O_ref| / max |V|

const backends: KernelBackend[] = ["wasm", "ts"];

/** Checks scores, probabilities and output of one backend against the oracle; returns the errors. */
function checkAgainstOracle(t: AttentionTensors, masks: CsrPattern[], backend: KernelBackend) {
  const ref = referenceAttentionF64(t, masks);
  const { n } = t;
  const { scores } = sddmm(t, masks, { backend });
  const res = sparseAttention(t, masks, { backend, returnProbs: true });
  expect(res.backend).toBe(backend);
  let sddmmRel = 0;
  let sddmmBound = 0; // worst error / (Σ|q_c k_c|·scale), in units of SDDMM_ULP_FACTOR
  let probErr = 0;
  let maskedMax = 0;
  for (let h = 0; h < t.heads; h++) {
    const m = masks[h]!;
    const denseP = scatterToDense(m, res.probs![h]!);
    for (let i = 0; i < n; i++) {
      let rowMax = 0;
      for (let p = m.rowPtr[i]!; p < m.rowPtr[i + 1]!; p++) rowMax = Math.max(rowMax, Math.abs(ref.scores[(h * n + i) * n + m.colIdx[p]!]!));
      const rowKeys = m.rowPtr[i + 1]! - m.rowPtr[i]!;
      for (let p = m.rowPtr[i]!; p < m.rowPtr[i + 1]!; p++) {
        const j = m.colIdx[p]!;
        const e = Math.abs(scores[h]![p]! - ref.scores[(h * n + i) * n + j]!);
        if (rowKeys >= SDDMM_ROW_MIN_KEYS) sddmmRel = Math.max(sddmmRel, rowMax > 0 ? e / rowMax : e);
        let sumAbs = 0;
        for (let c = 0; c < t.d; c++) sumAbs += Math.abs(t.q[(h * n + i) * t.d + c]! * t.k[(h * n + j) * t.d + c]!);
        const bound = SDDMM_ULP_FACTOR * sumAbs * (1 / Math.sqrt(t.d));
        sddmmBound = Math.max(sddmmBound, bound > 0 ? e / bound : e === 0 ? 0 : Infinity);
      }
      for (let j = 0; j < n; j++) {
        const refP = ref.probs[(h * n + i) * n + j]!;
        probErr = Math.max(probErr, Math.abs(denseP[i * n + j]! - refP));
        if (refP === 0) maskedMax = Math.max(maskedMax, Math.abs(denseP[i * n + j]!));
      }
    }
  }
  const outRel = maxAbsDiff(res.out, ref.out) / Math.max(maxAbs(t.v), 1e-30);
  return { sddmmRel, sddmmBound, probErr, outRel, maskedMax };
}

describe("sparse attention vs the float64 oracle", () => {
  it("WASM SIMD validates in this engine and is the automatic choice", () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(autoBackend()).toBe("wasm");
    expect(sparseAttention(randomTensors(1, 5, 8, 1), csrFromPredicate(5, () => true)).backend).toBe("wasm");
  });

  for (const backend of backends) {
    it(`${backend}: 14×14 + CLS window k=3, 3 heads, d=64 within tolerances`, () => {
      const t = randomTensors(3, 197, 64, 7);
      const m = windowMask({ gridH: 14, gridW: 14, kh: 3 });
      const e = checkAgainstOracle(t, [m, m, m], backend);
      expect(e.sddmmRel).toBeLessThanOrEqual(SDDMM_REL_TOL);
      expect(e.sddmmBound).toBeLessThanOrEqual(1);
      expect(e.probErr).toBeLessThanOrEqual(PROB_ABS_TOL);
      expect(e.outRel).toBeLessThanOrEqual(OUT_REL_TOL);
      expect(e.maskedMax).toBe(0);
    });

    it(`${backend}: property test over random shapes, masks, values and scales (seeded)`, () => {
      const u = seededUniform(2024);
      for (let trial = 0; trial < 40; trial++) {
        const heads = 1 + Math.floor(u() * 3);
        const n = 1 + Math.floor(u() * 40);
        const d = backend === "wasm" ? 4 * (1 + Math.floor(u() * 20)) : 1 + Math.floor(u() * 70);
        const std = 0.1 + u() * 2.5;
        const t = randomTensors(heads, n, d, 100 + trial, std);
        const density = 0.02 + u() * 0.98;
        const masks = Array.from({ length: heads }, (_, h) => randomMask(n, density, 1000 * trial + h));
        const e = checkAgainstOracle(t, masks, backend);
        const where = `trial ${trial}: heads ${heads}, n ${n}, d ${d}, std ${std.toFixed(2)}, density ${density.toFixed(2)}`;
        expect(e.sddmmRel, where).toBeLessThanOrEqual(SDDMM_REL_TOL);
        expect(e.sddmmBound, where).toBeLessThanOrEqual(1);
        expect(e.probErr, where).toBeLessThanOrEqual(PROB_ABS_TOL);
        expect(e.outRel, where).toBeLessThanOrEqual(OUT_REL_TOL);
        expect(e.maskedMax, where).toBe(0);
      }
    });

    it(`${backend}: rows with a single kept key give probability exactly 1 and O = V`, () => {
      const t = randomTensors(2, 30, 64, 3);
      const self = csrFromPredicate(30, (i, j) => i === j);
      const r = sparseAttention(t, self, { backend, returnProbs: true });
      for (const p of r.probs!) expect(Array.from(p).every((x) => x === 1)).toBe(true);
      expect(maxAbsDiff(r.out, t.v)).toBe(0);
      // One single-key row inside an otherwise dense mask.
      const mixed = csrFromPredicate(30, (i, j) => i !== 5 || j === 17);
      const rm = sparseAttention(t, mixed, { backend });
      for (let h = 0; h < 2; h++) {
        for (let c = 0; c < 64; c++) expect(rm.out[(h * 30 + 5) * 64 + c]).toBe(t.v[(h * 30 + 17) * 64 + c]);
      }
    });

    it(`${backend}: dense attention matches the oracle`, () => {
      const t = randomTensors(2, 50, 64, 11);
      const ref = referenceAttentionF64(t);
      const r = denseAttention(t, { backend });
      expect(maxAbsDiff(r.out, ref.out) / maxAbs(t.v)).toBeLessThanOrEqual(OUT_REL_TOL);
    });

    it(`${backend}: writes into a caller-supplied output buffer`, () => {
      const t = randomTensors(2, 20, 16, 5);
      const m = randomMask(20, 0.3, 9);
      const out = new Float32Array(2 * 20 * 16);
      const r = sparseAttention(t, m, { backend, out });
      expect(r.out).toBe(out);
      expect(maxAbsDiff(out, sparseAttention(t, m, { backend }).out)).toBe(0);
      expect(() => sparseAttention(t, m, { backend, out: new Float32Array(3) })).toThrow(/out must be a Float32Array of heads·n·d = 640/);
    });

    it(`${backend}: an output buffer that is also an input (O written over V or Q) gives the same O`, () => {
      const t = randomTensors(2, 20, 16, 6);
      const m = randomMask(20, 0.3, 10);
      const expected = sparseAttention(t, m, { backend }).out;
      const expectedDense = denseAttention(t, { backend }).out;
      for (const name of ["v", "q"] as const) {
        const sparseIn = { ...t, [name]: t[name].slice() };
        expect(sparseAttention(sparseIn, m, { backend, out: sparseIn[name] }).out).toBe(sparseIn[name]);
        expect(maxAbsDiff(sparseIn[name], expected)).toBe(0);
        const denseIn = { ...t, [name]: t[name].slice() };
        denseAttention(denseIn, { backend, out: denseIn[name] });
        expect(maxAbsDiff(denseIn[name], expectedDense)).toBe(0);
      }
    });

    it(`${backend}: odd head dimensions and rows of 1–7 keys (unrolled loops' remainders) match the oracle`, () => {
      for (const d of [1, 2, 3, 5, 7, 9, 13]) {
        const t = randomTensors(2, 12, d, 40 + d);
        const masks = [csrFromPredicate(12, (i, j) => j <= i % 8), csrFromPredicate(12, (i, j) => (i + j) % 3 !== 1 || i === j)];
        if (backend === "wasm" && d % 4 !== 0) continue;
        const e = checkAgainstOracle(t, masks, backend);
        expect(e.sddmmBound, `d=${d}`).toBeLessThanOrEqual(1);
        expect(e.probErr, `d=${d}`).toBeLessThanOrEqual(PROB_ABS_TOL);
        expect(e.outRel, `d=${d}`).toBeLessThanOrEqual(OUT_REL_TOL);
        expect(e.maskedMax, `d=${d}`).toBe(0);
        const ref = referenceAttentionF64(t);
        expect(maxAbsDiff(denseAttention(t, { backend }).out, ref.out) / maxAbs(t.v), `dense d=${d}`).toBeLessThanOrEqual(OUT_REL_TOL);
      }
    });
  }
});

describe("the non-finite scan", () => {
  it("finds the first NaN/±Infinity at every position of a Float32Array (and -1 when all are finite)", () => {
    const base = Float32Array.from({ length: 11 }, (_, i) => (i % 2 ? -1 : 1) * (i + 0.5));
    expect(firstNonFiniteIndex(base)).toBe(-1);
    expect(firstNonFiniteIndex(new Float32Array([3.4e38, -3.4e38, 0, -0]))).toBe(-1);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (let i = 0; i < base.length; i++) {
        const a = base.slice();
        a[i] = bad;
        if (i + 3 < a.length) a[i + 3] = NaN;
        expect(firstNonFiniteIndex(a), `${bad} at ${i}`).toBe(i);
        expect(firstNonFiniteIndex(Array.from(a)), `${bad} at ${i} (plain array)`).toBe(i);
      }
    }
  });
});

describe("masked entries are excluded, not multiplied by 0 (regression)", () => {
  const t = randomTensors(3, 197, 64, 21);
  const m = windowMask({ gridH: 14, gridW: 14, kh: 3 });
  const n = 197;

  it("the multiply-by-0 implementation gives masked keys nonzero probability", () => {
    const buggy = softmaxOfZeroedScoresF64(t, m);
    const kept = scatterToDense(m, new Float64Array(m.colIdx.length).fill(1));
    let maskedMass = 0;
    let maskedNonzero = 0;
    for (let h = 0; h < 3; h++) {
      for (let e = 0; e < n * n; e++) {
        if (kept[e] === 0) {
          maskedMass += buggy[h * n * n + e]!;
          if (buggy[h * n * n + e]! > 0) maskedNonzero++;
        }
      }
    }
    expect(maskedNonzero).toBeGreaterThan(100_000); // every masked entry of every head leaks
    expect(maskedMass / (3 * n)).toBeGreaterThan(0.5); // most of a row's probability goes to masked keys
  });

  for (const backend of backends) {
    it(`${backend}: masked keys get exactly 0 and cannot influence O`, () => {
      const r = sparseAttention(t, m, { backend, returnProbs: true });
      // Poison every masked key's value row: any leakage of probability would show up in O.
      const poisoned = { ...t, v: t.v.slice() };
      const d = 64;
      for (let h = 0; h < 3; h++) {
        for (let i = 1; i < n; i++) {
          const keptKeys = new Set(Array.from(m.colIdx.subarray(m.rowPtr[i]!, m.rowPtr[i + 1]!)));
          // Only query i's masked keys matter for row i; use a single query (row 100) to poison.
          if (i !== 100) continue;
          for (let j = 0; j < n; j++) if (!keptKeys.has(j)) for (let c = 0; c < d; c++) poisoned.v[(h * n + j) * d + c] = 1e6;
        }
      }
      const rp = sparseAttention(poisoned, m, { backend });
      for (let h = 0; h < 3; h++) {
        for (let c = 0; c < d; c++) expect(rp.out[(h * n + 100) * d + c]).toBe(r.out[(h * n + 100) * d + c]);
      }
      const ref = referenceAttentionF64(t, m);
      const buggy = softmaxOfZeroedScoresF64(t, m);
      for (let h = 0; h < 3; h++) {
        const dense = scatterToDense(m, r.probs![h]!);
        let diffToBuggy = 0;
        let maskedNonzero = 0; // masked entries (zero in the reference) that got probability
        for (let e = 0; e < n * n; e++) {
          if (ref.probs[h * n * n + e] === 0 && dense[e] !== 0) maskedNonzero++;
          diffToBuggy = Math.max(diffToBuggy, Math.abs(dense[e]! - buggy[h * n * n + e]!));
        }
        expect(maskedNonzero).toBe(0);
        expect(diffToBuggy).toBeGreaterThan(0.1);
      }
    });
  }
});

describe("bad inputs give clear errors", () => {
  for (const backend of backends) {
    for (const [name, pos] of [["q", 5], ["k", 64 * 30 + 7], ["v", 2 * 20 * 64 + 64 * 3 + 1]] as const) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        it(`${backend}: ${bad} in ${name.toUpperCase()} is reported with its position`, () => {
          const t = randomTensors(3, 20, 64, 2);
          t[name][pos] = bad;
          const head = Math.floor(pos / (20 * 64));
          const token = Math.floor(pos / 64) % 20;
          const dim = pos % 64;
          const m = csrFromPredicate(20, () => true);
          const call = () => sparseAttention(t, m, { backend });
          expect(call).toThrow(UserError);
          expect(call).toThrow(`${name.toUpperCase()} holds ${bad} at head ${head}, token ${token}, dim ${dim}`);
        });
      }
    }
  }

  it("shape, mask and option errors name the bad input", () => {
    const t = randomTensors(2, 10, 8, 1);
    const m = csrFromPredicate(10, (i, j) => Math.abs(i - j) <= 1);
    expect(() => sparseAttention({ ...t, q: new Float32Array(5) }, m)).toThrow(/Q has 5 values, expected heads·n·d = 2·10·8 = 160/);
    expect(() => sparseAttention({ ...t, heads: 0 }, m)).toThrow(/heads must be a positive integer/);
    expect(() => sparseAttention(t, csrFromPredicate(9, () => true))).toThrow(/covers n = 9 tokens, but the tensors have n = 10/);
    expect(() => sparseAttention(t, csrFromPredicate(10, (i, j) => i !== 4 && j >= 0))).toThrow(/row 4 keeps no key/);
    const unsorted = { n: 10, rowPtr: m.rowPtr, colIdx: m.colIdx.slice().reverse() };
    expect(() => sparseAttention(t, unsorted)).toThrow(/not strictly increasing|column/);
    expect(() => sparseAttention(t, [m])).toThrow(/got 1 masks for 2 heads/);
    expect(() => sparseAttention(t, m, { backend: "gpu" as never })).toThrow(/unknown backend "gpu"/);
    expect(() => sparseAttention(t, m, { scale: NaN })).toThrow(/scale must be a finite number/);
    const odd = randomTensors(1, 10, 6, 1);
    expect(() => sparseAttention(odd, m, { backend: "wasm" })).toThrow(/multiple of 4, got d = 6/);
    expect(sparseAttention(odd, m).backend).toBe("ts"); // auto falls back
  });

  it("wasm: scores that overflow float32 are an error, not silent NaN", () => {
    const t = randomTensors(1, 8, 4, 1);
    t.q.fill(1e20);
    t.k.fill(1e20);
    expect(() => sparseAttention(t, csrFromPredicate(8, () => true), { backend: "wasm" })).toThrow(/overflowed float32/);
    // float64 accumulation in the TypeScript backend handles it.
    expect(Number.isFinite(sparseAttention(t, csrFromPredicate(8, () => true), { backend: "ts" }).out[0]!)).toBe(true);
  });
});

describe("the kernel's vectorised exp", () => {
  it("is within 2 float32 ulps (relative 2.4e-7) of Math.exp on [-87, 0]", () => {
    const k = wasmAttentionKernel();
    let worst = 0;
    for (let i = 0; i <= 20000; i++) {
      const x = Math.fround(-87 * (i / 20000));
      worst = Math.max(worst, Math.abs(k.exp(x) - Math.exp(x)) / Math.exp(x));
    }
    expect(worst).toBeLessThan(2.4e-7);
    expect(k.exp(0)).toBe(1);
  });
});
