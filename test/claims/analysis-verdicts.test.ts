import { describe, expect, it } from "vitest";
import { diagonalBandCounts, uniformBandShare } from "../../lib/analysis/attention-verdicts.ts";
import { fig1Verdicts, levitFlopsVerdict, logLogSlope, cpuContext } from "../../lib/analysis/latency-verdicts.ts";
import { fig5Reach, quotedOnly } from "../../lib/analysis/pruning-verdicts.ts";
import { realHardwareVerdict } from "../../lib/analysis/kernel-verdicts.ts";
import { readReportedBreakdown } from "../../lib/data/files/latency-breakdown-reported.ts";
import { windowMask } from "../../lib/masks/window.ts";
import type { Fig5Point } from "../../lib/paper/poster-fig5.ts";

describe("verdicts of notebooks 01-04", () => {
  it("checks Fig. 1's text against its own bars with the labels' rounding: consistency, DeiT-Small indeterminate, DeiT-Base inconsistent", () => {
    const v = fig1Verdicts(readReportedBreakdown(), { lowerPercent: 50, figure: "f.svg" });
    const status = (id: string) => v.find((x) => x.id === id)!.status;
    expect(status("poster-fig1-sa-over-50-deit-small")).toBe("indeterminate");
    expect(status("poster-fig1-sa-over-50-deit-base")).toBe("inconsistent");
    expect(status("poster-fig1-sa-over-50-deit-tiny")).toBe("consistent");
    expect(status("poster-fig1-sa-up-to-69")).toBe("consistent");
    expect(status("poster-fig1-deit-tiny-matmul-box")).toBe("consistent");
    expect(v.find((x) => x.id === "poster-fig1-deit-tiny-matmul-box")!.kitValue).toMatch(/^30 \/ \(30\+15\+8\+3\) = 53\.57 %/);
    for (const x of v) expect(x.evidence).toEqual(["data/latency-breakdown-reported.arrow"]);
  });

  it("files CPU measurements as context rows, never verdicts", () => {
    const c = cpuContext([{ model: "DeiT-Base", saPercent: 38 }, { model: "not in Fig. 1", saPercent: 10 }], "this CPU", "f.svg");
    expect(c).toHaveLength(1);
    expect(c[0]!.contextOf).toBe("poster-fig1-sa-over-50-deit-base");
  });

  it("fits the exponent of a power law", () => {
    expect(logLogSlope([1, 2, 4, 8].map((x) => ({ x, y: 3 * x * x })))).toBeCloseTo(2, 10);
  });

  it("counts kept patch entries in a diagonal band; a 3×3 window lies within |q − k| ≤ grid + 1", () => {
    const m = windowMask({ gridH: 14, gridW: 14, kh: 3 });
    const c = diagonalBandCounts(m, 15);
    expect(c.inBand).toBe(c.kept);
    expect(diagonalBandCounts(m, 0).inBand).toBe(196);
    expect(uniformBandShare(4, 0)).toBeCloseTo(4 / 16);
    expect(uniformBandShare(4, 3)).toBe(1);
  });

  it("bounds a series' reach, and leaves it open when the last visible marker is still within the bound", () => {
    const p = (series: string, family: string, sparsity: number, value: number): Fig5Point =>
      ({ series, family, metric: "BLEU", sparsity, value, sparsityUncertainty: 0.5, valueUncertainty: 0.1, visibility: "clear", pixelX: 0, pixelY: 0 }) as Fig5Point;
    const pts = [p("a", "nlp", 10, 30), p("a", "nlp", 40, 29.5), p("a", "nlp", 60, 25), p("b", "nlp", 10, 30), p("b", "nlp", 30, 29.9)];
    const r = fig5Reach(pts, 1.5);
    const a = r.find((x) => x.series === "a")!;
    const b = r.find((x) => x.series === "b")!;
    expect(a.censored).toBe(false);
    expect([a.reach.lo, a.reach.value, a.reach.hi]).toEqual([39.5, 40, 40.5]);
    expect(b.censored).toBe(true);
    expect(b.reach.hi).toBe(60.5);
  });

  it("quotes what cannot be rerun, the on-board speed claim among them (the poster does not say how Fig. 11's cycles were counted)", () => {
    expect(quotedOnly("heatvit-accuracy-gain").status).toBe("quoted-only");
    expect(() => quotedOnly("nope")).toThrowError(/not in the claim catalogue/);
    expect(realHardwareVerdict().status).toBe("quoted-only");
    expect(realHardwareVerdict().reason).toMatch(/Fig\. 10 \[HW\]/);
    expect(realHardwareVerdict().reason).not.toMatch(/model or simulation \(Fig\. 11\)/);
  });

  it("checks ViTCoD's FLOPs printout against the kit's count inside its rounding", () => {
    const root = { flops: 410e6, flopsText: "0.41G" };
    expect(levitFlopsVerdict(root, 405.3e6, "f.csv").status).toBe("reproduced");
    expect(levitFlopsVerdict(root, 404.9e6, "f.csv").status).toBe("contradicted");
    expect(levitFlopsVerdict({ flops: 383.66e6, flopsText: "383.66M" }, 383.66e6, "f.csv").status).toBe("reproduced");
    expect(() => levitFlopsVerdict({ flops: 1, flopsText: "lots" }, 1, "f.csv")).toThrowError(/cannot read/);
  });
});
