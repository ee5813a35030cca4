import { describe, expect, it } from "vitest";
import { breakdownRowsFromReading } from "../../lib/paper/poster-fig1.ts";
import { readReportedBreakdown } from "../../lib/data/files/latency-breakdown-reported.ts";
import { selfAttentionShares } from "../../lib/analysis/fig1-breakdown.ts";
import { fig1CategoryOfOp, tx2Fig1Breakdown } from "../../lib/analysis/tx2-fig1.ts";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { readTx2Profile } from "../../lib/data/reference/tx2-profile.ts";
import { profileBreakdown } from "../../lib/workload/profile/classify.ts";
import { VITCOD_TX2_RULES } from "../../lib/workload/profile/vitcod-tx2-rules.ts";

const haveRef = await ensureReferenceData();

describe("digitized Fig. 1", () => {
  it("holds the poster's bar labels and an explicit remainder", () => {
    const rows = readReportedBreakdown();
    const tiny = rows.filter((r) => r.model === "DeiT-Tiny");
    expect(tiny.map((r) => r.percent)).toEqual([25, 1, 30, 15, 8, 3, 18]);
    expect(tiny.at(-1)).toMatchObject({ category: "unlabelled", origin: "remainder" });
    expect(new Set(rows.map((r) => r.model)).size).toBe(7);
  });

  it("sums the SA categories per model (the poster's DeiT-Tiny annotation: 30+15+8+3)", () => {
    const shares = Object.fromEntries(selfAttentionShares(readReportedBreakdown()).map((s) => [s.model, s.saPercent]));
    expect(shares).toEqual({ "Strided Trans.": 68, "DeiT-Tiny": 56, "DeiT-Small": 50, "DeiT-Base": 45, "LeViT-128": 69, "LeViT-192": 63, "LeViT-256": 57 });
  });

  it("rejects a reading with the wrong categories or values", () => {
    const base = { figure: "f", reading: "r", uncertainty: "u", categories: ["MLP"], models: {} };
    expect(() => breakdownRowsFromReading(base)).toThrowError(/categories/);
    const cats = ["MLP", "Conv/Embedding", "SA-MatMul & Transpose & Reshape & Split", "SA-Linear (qkv, proj)", "SA-Softmax", "SA-Others"];
    expect(() => breakdownRowsFromReading({ ...base, categories: cats, models: { m: [1, 2] } })).toThrowError(/model "m" needs 6/);
  });
});

describe.skipIf(!haveRef)("TX2 profile on Fig. 1 categories", () => {
  it("puts softmax apart from the other attention-core ops and sums to 100 %", () => {
    const b = profileBreakdown(readTx2Profile(), VITCOD_TX2_RULES);
    const rows = tx2Fig1Breakdown(b);
    expect(rows.reduce((a, r) => a + r.percent, 0)).toBeCloseTo(100, 9);
    const byCat = Object.fromEntries(rows.map((r) => [r.category, r]));
    expect(byCat["SA-Softmax"]!.ops).toBe(12); // one softmax per block
    expect(byCat["Conv/Embedding"]!.ops).toBe(0);
    const softmax = b.ops.find((o) => o.nodes.includes("Softmax_27"))!;
    expect(fig1CategoryOfOp(softmax)).toBe("SA-Softmax");
    // Attention core = SA-MatMul… + SA-Softmax; projections = SA-Linear.
    expect(byCat["SA-MatMul & Transpose & Reshape & Split"]!.percent + byCat["SA-Softmax"]!.percent).toBeCloseTo(100 * b.selfAttentionShare.coreOnly, 3);
    expect(byCat["SA-Linear (qkv, proj)"]!.percent).toBeCloseTo(100 * (b.categories.qkvProjection.share + b.categories.outputProjection.share), 3);
  });
});
