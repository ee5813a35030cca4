import { describe, expect, it } from "vitest";
import { difference, exact, plusMinus, quotient, span, sumOfRounded, thresholdVerdict, toleranceVerdict, numericVerdict } from "../../lib/claims/verdict.ts";

describe("verdicts that carry uncertainty", () => {
  it("a sum of four integer labels carries ±2 points", () => {
    expect(sumOfRounded([22, 19, 7, 2])).toEqual({ value: 50, lo: 48, hi: 52 });
  });

  it("straddling the threshold is indeterminate; wholly on one side decides", () => {
    expect(thresholdVerdict(sumOfRounded([22, 19, 7, 2]), ">", 50)).toBe("indeterminate"); // DeiT-Small 50 ± 2
    expect(thresholdVerdict(sumOfRounded([16, 23, 5, 1]), ">", 50)).toBe("contradicted"); // DeiT-Base 45 ± 2
    expect(thresholdVerdict(sumOfRounded([30, 15, 8, 3]), ">", 50)).toBe("reproduced"); // DeiT-Tiny 56 ± 2
    expect(thresholdVerdict(plusMinus(1.6, 0.2), "<=", 1.5)).toBe("indeterminate");
    expect(thresholdVerdict(exact(50), ">=", 50)).toBe("reproduced");
    expect(thresholdVerdict(exact(50), ">", 50)).toBe("contradicted");
  });

  it("judges a range across an ablation against a relative tolerance", () => {
    expect(toleranceVerdict(span([17.0, 18.2]), 17.4, 0.05)).toBe("reproduced");
    expect(toleranceVerdict(span([16.3, 18.2]), 17.4, 0.05)).toBe("indeterminate");
    expect(toleranceVerdict(span([20, 21]), 17.4, 0.05)).toBe("contradicted");
    expect(numericVerdict(17.4, 17.0, 0.05)).toBe("reproduced");
    expect(numericVerdict(17.4, 16.0, 0.05)).toBe("contradicted");
  });

  it("propagates intervals through differences and quotients", () => {
    expect(difference(plusMinus(80, 0.1), plusMinus(79, 0.2))).toEqual({ value: 1, lo: 80 - 0.1 - 79.2, hi: 80.1 - 78.8 });
    const q = quotient(plusMinus(30, 0.5), sumOfRounded([30, 15, 8, 3]));
    expect(q.value).toBeCloseTo(30 / 56);
    expect(q.lo).toBeCloseTo(29.5 / 58);
    expect(q.hi).toBeCloseTo(30.5 / 54);
    expect(() => plusMinus(1, -1)).toThrowError(/half-width/);
  });
});
