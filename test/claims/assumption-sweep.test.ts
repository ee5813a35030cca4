import { describe, expect, it } from "vitest";
import { describeSweep, geometricGrid, linearGrid, sweepAssumption, sweptStatus } from "../../lib/claims/assumption-sweep.ts";
import { exact, toleranceVerdict } from "../../lib/claims/verdict.ts";

/** An estimate that scales with the assumption, judged ±10 % against 20. */
const judge = (x: number) => ({ value: 30 * x, status: toleranceVerdict(exact(30 * x), 20, 0.1) });

describe("sweeping an assumption the source does not state", () => {
  it("finds the ranges and flip points on the grid; the verdict is indeterminate when the status changes within the range", () => {
    const s = sweepAssumption({ assumption: "DSPs per MAC", values: [0, 0.5, 0.6, 0.7, 0.8, 1, 2], base: 1, evaluate: judge });
    expect(s.status).toBe("indeterminate");
    expect(s.base).toEqual({ at: 1, value: 30, status: "contradicted" });
    expect(s.ranges).toEqual([
      { status: "contradicted", from: 0, to: 0.5 },
      { status: "reproduced", from: 0.6, to: 0.7 },
      { status: "contradicted", from: 0.8, to: 2 },
    ]);
    expect(s.flips.map((f) => [f.from, f.to, f.between, f.at])).toEqual([
      ["contradicted", "reproduced", [0.5, 0.6], 0.6],
      ["reproduced", "contradicted", [0.7, 0.8], 0.8],
    ]);
  });

  it("places each flip by bisection for a continuous assumption", () => {
    const s = sweepAssumption({ assumption: "x", values: [0, 0.65, 1, 2], base: 1, evaluate: judge, continuous: true });
    // 30·x enters [18, 22] at x = 0.6 and leaves it at x = 0.7333…
    expect(s.flips[0]!.at).toBeCloseTo(0.6, 9);
    expect(s.flips[1]!.at).toBeCloseTo(22 / 30, 9);
  });

  it("is decided when every value agrees, the base included", () => {
    expect(sweepAssumption({ assumption: "x", values: [2, 3], base: 4, evaluate: judge }).status).toBe("contradicted");
    expect(sweepAssumption({ assumption: "x", values: [0.62, 0.7], base: 0.65, evaluate: judge }).status).toBe("reproduced");
    // The base off the grid counts too.
    expect(sweepAssumption({ assumption: "x", values: [2, 3], base: 0.65, evaluate: judge }).status).toBe("indeterminate");
    expect(() => sweepAssumption({ assumption: "x", values: [], base: 1, evaluate: judge })).toThrowError(/no values/);
    expect(() => sweepAssumption({ assumption: "x", values: [Number.NaN], base: 1, evaluate: judge })).toThrowError(/finite/);
  });

  it("combines several sweeps of one verdict and describes one in a sentence", () => {
    const a = sweepAssumption({ assumption: "a", values: [2, 3], base: 2, evaluate: judge });
    const b = sweepAssumption({ assumption: "b", values: [0.5, 0.65], base: 0.65, evaluate: judge });
    expect(sweptStatus([a, a])).toBe("contradicted");
    expect(sweptStatus([a, b])).toBe("indeterminate");
    expect(() => sweptStatus([])).toThrowError(/no sweeps/);
    expect(describeSweep(b, (x) => x.toFixed(2))).toBe(
      "b, which the source does not state, swept 0.50–0.65: contradicted for 0.50, reproduced for 0.65; flips at 0.65 (contradicted → reproduced); the kit's base 0.65 gives reproduced",
    );
  });

  it("builds linear and geometric grids with both ends", () => {
    expect(linearGrid(0, 1, 3)).toEqual([0, 0.5, 1]);
    const g = geometricGrid(1, 100, 3);
    expect(g[1]).toBeCloseTo(10, 12);
    expect(g[2]).toBeCloseTo(100, 12);
    expect(() => linearGrid(0, 1, 1)).toThrowError(/count/);
    expect(() => geometricGrid(0, 1, 3)).toThrowError(/> 0/);
  });
});
