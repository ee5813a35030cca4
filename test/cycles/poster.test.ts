/**
 * The poster's Fig. 11 model: the four ratios within 5 % of the poster with the base assumptions; the
 * ablation moves the ratios the way each assumption's physics says; the systolic formula agrees with a
 * cycle-stepping register-level simulation (that also computes the product, checked against float64);
 * the MAC-line schedule covers every kept entry exactly once; bad configurations are clear errors.
 */
import { describe, expect, it } from "vitest";
import {
  fig11MaxRelError, idealWindowWorkRatio, macLineCycles, macLineRowCosts, macLinesParallelCycles, POSTER_BASE_ASSUMPTIONS,
  posterAblation, posterWindowMask, simulatePoster,
} from "../../lib/cycles/poster.ts";
import { systolicGemmCycles } from "../../lib/cycles/systolic.ts";
import { POSTER_FIG11_REPORTED } from "../../lib/paper/poster-fig11.ts";
import { denseMask, maskFromRows, nnz, rowCols } from "../../lib/masks/sparse-mask.ts";
import { UserError } from "../../lib/errors.ts";

describe("Fig. 11 ratios", () => {
  it("base assumptions reproduce ×1.21, ×17.4, ×1.03, ×14.97 within 5 %", () => {
    const r = simulatePoster();
    const rep = POSTER_FIG11_REPORTED;
    for (const k of Object.keys(rep) as (keyof typeof rep)[]) {
      expect(Math.abs(r.ratios[k] / rep[k] - 1), k).toBeLessThan(0.05);
    }
    expect(fig11MaxRelError(r.ratios)).toBeLessThan(0.05);
  });

  it("absolute cycles of the base model (derived by hand)", () => {
    const r = simulatePoster();
    // Lines, full Q×K: 197 queries × ⌈197/10⌉ = 20 passes × (64 + 2) = 260,040.
    expect(r.qk.linesFull).toBe(197 * 20 * 66);
    // Lines, window Q×K: 196 patch queries × 1 pass + CLS row 20 passes, × 66.
    expect(r.qk.linesWindow).toBe((196 + 20) * 66);
    // Lines, full S×V: 197 × ⌈64/10⌉ = 7 passes × (197 + 2).
    expect(r.sv.linesFull).toBe(197 * 7 * 199);
    // Lines, window S×V: 196 × 7 × (10 + 2) + 7 × (197 + 2).
    expect(r.sv.linesWindow).toBe(196 * 7 * 12 + 7 * 199);
    // Systolic 5×6, 3 heads in sequence: Q×K ⌈197/5⌉·⌈197/6⌉ = 1,320 folds × (10 + 6 + 64 − 2 + 2).
    expect(r.qk.systolicFull).toBe(3 * 40 * 33 * 80);
    expect(r.sv.systolicFull).toBe(3 * 40 * 11 * (10 + 6 + 197 - 2 + 2));
  });

  it("the ideal work ratio is 38,809 / 1,993 = 19.47 and every achieved ratio is below it", () => {
    const w = idealWindowWorkRatio(3);
    expect([w.full, w.window]).toEqual([38809, 1993]);
    expect(w.ratio).toBeCloseTo(19.4727, 4);
    for (const row of posterAblation()) {
      expect(row.ratios.qkFullToWindow).toBeLessThanOrEqual(w.ratio + 1e-9);
      expect(row.ratios.svFullToWindow).toBeLessThanOrEqual(w.ratio + 1e-9);
    }
  });
});

describe("ablation: which assumption moves which ratio", () => {
  const rows = new Map(posterAblation().map((r) => [r.id, r]));
  const base = rows.get("base")!.ratios;
  it("systolic shape/drain moves only the systolic→lines ratios", () => {
    for (const id of ["systolic-6x5", "systolic-3x10", "systolic-no-drain", "systolic-per-head"]) {
      const r = rows.get(id)!.ratios;
      expect(r.qkFullToWindow, id).toBe(base.qkFullToWindow);
      expect(r.svFullToWindow, id).toBe(base.svFullToWindow);
      expect(r.qkSystolicToLines !== base.qkSystolicToLines || r.svSystolicToLines !== base.svSystolicToLines, id).toBe(true);
    }
    expect(rows.get("systolic-no-drain")!.ratios.qkSystolicToLines).toBeLessThan(base.qkSystolicToLines);
  });
  it("MAC latency moves S×V full→window most (short window passes pay it relatively more)", () => {
    const ideal = rows.get("ideal-mac")!.ratios;
    expect(ideal.svFullToWindow).toBeGreaterThan(base.svFullToWindow + 2);
    expect(ideal.qkFullToWindow).toBe(base.qkFullToWindow);
  });
  it("static border padding moves only S×V full→window; CLS-column scheduling moves Q×K full→window", () => {
    const pack = rows.get("pack-border")!.ratios;
    expect(pack.qkFullToWindow).toBe(base.qkFullToWindow);
    expect(pack.svFullToWindow).toBeGreaterThan(base.svFullToWindow);
    const cls = rows.get("cls-separate")!.ratios;
    expect(cls.qkFullToWindow).toBeLessThan(base.qkFullToWindow);
    expect(cls.svFullToWindow).toBe(base.svFullToWindow);
  });
});

/** Register-level output-stationary R×C systolic array: returns the cycle the last MAC happens and C = A·B. */
function stepSystolic(A: number[][], B: number[][], R: number, C: number): { lastMacCycle: number; out: number[][] } {
  const M = A.length;
  const K = B.length;
  const N = B[0]!.length;
  if (M > R || N > C) throw new Error("tile larger than the array");
  let aReg = Array.from({ length: R }, () => new Array<number | null>(C).fill(null));
  let bReg = Array.from({ length: R }, () => new Array<number | null>(C).fill(null));
  const acc = Array.from({ length: R }, () => new Array<number>(C).fill(0));
  const done = Array.from({ length: R }, () => new Array<number>(C).fill(0));
  let lastMacCycle = -1;
  for (let t = 0; t < K + R + C + 5; t++) {
    const na = Array.from({ length: R }, () => new Array<number | null>(C).fill(null));
    const nb = Array.from({ length: R }, () => new Array<number | null>(C).fill(null));
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) {
        // operands enter skewed: row i of A is delayed i cycles, column j of B delayed j cycles
        const a = j === 0 ? (i < M && t - i >= 0 && t - i < K ? A[i]![t - i]! : null) : aReg[i]![j - 1]!;
        const b = i === 0 ? (j < N && t - j >= 0 && t - j < K ? B[t - j]![j]! : null) : bReg[i - 1]![j]!;
        na[i]![j] = a;
        nb[i]![j] = b;
        if (a !== null && b !== null) {
          acc[i]![j]! += a * b;
          done[i]![j]!++;
          lastMacCycle = t;
        }
      }
    }
    aReg = na;
    bReg = nb;
  }
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) if (done[i]![j] !== K) throw new Error(`PE ${i},${j} did ${done[i]![j]} MACs`);
  return { lastMacCycle, out: acc.slice(0, M).map((r) => r.slice(0, N)) };
}

describe("systolic array: formula vs register-level simulation", () => {
  it("a full fold computes A·B exactly and finishes after K + R + C − 2 cycles; the model adds R drain cycles", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) - 0.5;
    for (const [R, C, K] of [[5, 6, 64], [2, 5, 7], [3, 3, 1], [4, 7, 13]] as const) {
      const A = Array.from({ length: R }, () => Array.from({ length: K }, rnd));
      const B = Array.from({ length: K }, () => Array.from({ length: C }, rnd));
      const sim = stepSystolic(A, B, R, C);
      for (let i = 0; i < R; i++) {
        for (let j = 0; j < C; j++) {
          let ref = 0;
          for (let k = 0; k < K; k++) ref += A[i]![k]! * B[k]![j]!;
          expect(Math.abs(sim.out[i]![j]! - ref)).toBeLessThan(1e-12);
        }
      }
      const computeCycles = sim.lastMacCycle + 1;
      expect(computeCycles).toBe(K + R + C - 2);
      const model = systolicGemmCycles({ M: R, K, N: C }, { rows: R, cols: C, macLatency: 0, drainRows: true });
      expect(model.folds).toBe(1);
      expect(model.cyclesPerFold).toBe(computeCycles + R);
    }
  });
  it("utilisation never exceeds 1 and folds tile the output", () => {
    for (const [M, K, N] of [[197, 64, 197], [197, 197, 64], [1, 1, 1], [31, 5, 9]] as const) {
      const c = systolicGemmCycles({ M, K, N }, { rows: 5, cols: 6, macLatency: 2, drainRows: true });
      expect(c.folds).toBe(Math.ceil(M / 5) * Math.ceil(N / 6));
      expect(c.utilisation).toBeLessThanOrEqual(1);
      expect(c.cycles * 30).toBeGreaterThanOrEqual(M * K * N);
    }
  });
});

describe("MAC line schedule", () => {
  it("deals every kept entry to exactly one PE slot (brute-force enumeration of passes)", () => {
    const masks = [posterWindowMask(3), posterWindowMask(5), denseMask(197), maskFromRows(6, [[0, 1, 2, 3, 4, 5], [0], [], [1, 3, 5], [0, 1, 2, 3, 4, 5], [5]])];
    const a = { ...POSTER_BASE_ASSUMPTIONS, padBorderWindows: false };
    for (const m of masks) {
      const covered = new Set<number>();
      let passes = 0;
      let cycles = 0;
      for (let i = 0; i < m.n; i++) {
        const keys = Array.from(rowCols(m, i));
        for (let p = 0; p < keys.length; p += a.pesPerLine) {
          const slot = keys.slice(p, p + a.pesPerLine);
          for (const k of slot) {
            expect(covered.has(i * m.n + k)).toBe(false);
            covered.add(i * m.n + k);
          }
          passes++;
          cycles += a.featureDim + a.macLatency;
        }
      }
      expect(covered.size).toBe(nnz(m));
      const c = macLineCycles(m, a, 0);
      expect(c.qkPasses).toBe(passes);
      expect(c.qk).toBe(cycles);
      // a line can never beat its peak rate
      expect(c.qk * a.pesPerLine).toBeGreaterThanOrEqual(c.macs);
      expect(c.sv * a.pesPerLine).toBeGreaterThanOrEqual(c.macs);
    }
  });
  it("parallel lines: one line equals the single-line model; more lines never slower", () => {
    const m = posterWindowMask(3);
    const one = macLinesParallelCycles(m, POSTER_BASE_ASSUMPTIONS, 1, 10);
    const single = macLineCycles(m, POSTER_BASE_ASSUMPTIONS, 10);
    expect(one).toEqual({ qk: single.qk, sv: single.sv });
    let prev = one;
    for (const lines of [2, 4, 17]) {
      const c = macLinesParallelCycles(m, POSTER_BASE_ASSUMPTIONS, lines, 10);
      expect(c.qk).toBeLessThanOrEqual(prev.qk);
      expect(c.qk).toBeGreaterThanOrEqual(Math.ceil(single.qk / lines));
      prev = c;
    }
  });
  it("row costs sum to the line total", () => {
    const c = macLineRowCosts(posterWindowMask(3), { ...POSTER_BASE_ASSUMPTIONS, clsColumn: "separate" }, 10);
    const tot = macLineCycles(posterWindowMask(3), { ...POSTER_BASE_ASSUMPTIONS, clsColumn: "separate" }, 10);
    expect(c.qk.reduce((s, x) => s + x, 0) + c.clsColumnQk).toBe(tot.qk);
  });
});

describe("poster model errors", () => {
  it("0 PEs, negative latency, bad CLS schedule and too-large windows are clear errors", () => {
    expect(() => simulatePoster({ ...POSTER_BASE_ASSUMPTIONS, pesPerLine: 0 })).toThrow(/pesPerLine must be a positive integer/);
    expect(() => simulatePoster({ ...POSTER_BASE_ASSUMPTIONS, systolicRows: 0 })).toThrow(UserError);
    expect(() => simulatePoster({ ...POSTER_BASE_ASSUMPTIONS, macLatency: -1 })).toThrow(/macLatency must be an integer >= 0/);
    expect(() => simulatePoster({ ...POSTER_BASE_ASSUMPTIONS, clsColumn: "middle" as "inline" })).toThrow(/clsColumn/);
    expect(() => simulatePoster(POSTER_BASE_ASSUMPTIONS, 4)).toThrow(UserError);
    expect(() => simulatePoster(POSTER_BASE_ASSUMPTIONS, 31)).toThrow(UserError);
  });
});
