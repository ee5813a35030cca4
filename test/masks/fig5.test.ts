import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArrowTable } from "../../lib/data/arrow-table.ts";
import { FIG5_FILE, FIG5_SCHEMA, readFig5, writeFig5 } from "../../lib/data/files/fig5-pruning-vs-accuracy.ts";
import { fig5Baselines, fig5Points, piecewiseLinear, readFig5Reading } from "../../lib/paper/poster-fig5.ts";

describe("poster Fig. 5 digitization", () => {
  it("piecewise-linear calibration hits the ticks and interpolates between them", () => {
    const t: [number, number][] = [[0, 10], [100, 30], [300, 50]];
    expect(piecewiseLinear(t, 0)).toBe(10);
    expect(piecewiseLinear(t, 50)).toBe(20);
    expect(piecewiseLinear(t, 200)).toBe(40);
    expect(piecewiseLinear(t, 400)).toBe(60); // last segment extended
  });
  it("the committed Arrow file is exactly what the script writes from the JSON reading", () => {
    const out = join(mkdtempSync(join(tmpdir(), "fig5-")), "fig5.arrow");
    writeFig5(undefined, out);
    expect(Buffer.compare(readFileSync(out), readFileSync(FIG5_FILE))).toBe(0);
    const t = readArrowTable(FIG5_FILE, FIG5_SCHEMA);
    expect(t.provenance.kind).toBe("digitized");
    expect(t.provenance.extra?.uncertainty).toMatch(/±/);
  });
  it("has all 8 legend series; DeiT-Small lands on 50/60/70/80/90/95 % sparsity within the stated uncertainty", () => {
    const pts = readFig5();
    expect(new Set(pts.map((p) => p.series)).size).toBe(8);
    const small = pts.filter((p) => p.series.startsWith("DeiT-Small")).map((p) => p.sparsity);
    [50, 60, 70, 80, 90, 95].forEach((v, i) => expect(Math.abs(small[i]! - v)).toBeLessThanOrEqual(0.5));
    for (const p of pts) {
      expect(p.sparsity).toBeGreaterThan(5);
      expect(p.sparsity).toBeLessThan(100);
      if (p.metric === "BLEU") expect(p.value).toBeGreaterThan(22);
      else expect(p.value).toBeGreaterThan(76);
    }
  });
  it("the dashed baselines read as DeiT's published 81.8 / 79.8–79.9 top-1 (a check of the y calibration)", () => {
    const b = fig5Baselines(readFig5Reading());
    expect(b.find((x) => x.name.startsWith("DeiT-Base"))!.value).toBeCloseTo(81.8, 1);
    expect(Math.abs(b.find((x) => x.name.startsWith("DeiT-Small"))!.value - 79.85)).toBeLessThan(0.15);
    expect(fig5Points(readFig5Reading()).length).toBe(readFig5().length);
  });
});
