import { describe, expect, it } from "vitest";
import { accuracyClaims, table1DeltasVerdict, table1Rows, type PairedComparison, type Plateau } from "../../lib/analysis/accuracy-study.ts";
import { resolveClaim } from "../../lib/claims/ledger.ts";
import { readAccuracyReported } from "../../lib/data/files/accuracy-reported.ts";
import { posterMaskingNote } from "../../lib/paper/poster-code.ts";

const EVIDENCE = ["data/accuracy-reported.arrow"];
const reported = () => readAccuracyReported().rows;

describe("Table 1's printed deltas: an arithmetic check of printed numbers", () => {
  it("is reproduced on the committed data: every printed delta equals Ours − Base within ±0.05 pp", () => {
    const t1 = table1Rows(reported());
    expect(t1).toHaveLength(5);
    expect(t1.every((r) => r.consistent)).toBe(true);
    const v = table1DeltasVerdict(t1, EVIDENCE, "table1-reported.csv");
    expect(v.status).toBe("reproduced");
    expect(v.reason).toMatch(/all 5 printed deltas/);
  });

  it("becomes contradicted when one printed delta is altered", () => {
    const rows = reported().map((r) => (r.dataset === "CUB" && r.record === "table1" ? { ...r, printedDelta: -1.8 } : r));
    const v = table1DeltasVerdict(table1Rows(rows), EVIDENCE, "table1-reported.csv");
    expect(v.status).toBe("contradicted");
    expect(v.reason).toMatch(/1 of 5 printed deltas .* CUB printed -1\.8, computed -1\.90/);
  });

  it("tolerates the delta's own rounding (0.05 pp) but not more", () => {
    const base = reported().filter((r) => r.record === "table1").slice(0, 1);
    const at = (ours: number) => table1DeltasVerdict(table1Rows([{ ...base[0]!, baseAccuracy: 80, oursAccuracy: ours, printedDelta: -1 }]), EVIDENCE, "t.csv").status;
    expect(at(79.05)).toBe("reproduced");
    expect(at(78.95)).toBe("reproduced");
    expect(at(79.1)).toBe("contradicted");
  });

  it("gives no verdict on no rows", () => {
    expect(() => table1DeltasVerdict([], EVIDENCE, "t.csv")).toThrow(/no Table 1 rows/);
  });
});

describe("notebook 06's claims in the catalogue shape", () => {
  const paired: PairedComparison = {
    seeds: [{ seed: 0, full: 90, windowed: 89, difference: -1 }],
    full: { n: 2, mean: 90, std: 0, low: 90, high: 90 },
    windowed: { n: 2, mean: 89, std: 0, low: 89, high: 89 },
    difference: { n: 2, mean: -1, std: 0.1, low: -1.5, high: -0.5 },
    steps: 1000,
  };
  const plateau: Plateau = { phase: "pretrain", variant: "full", seed: 0, epochs: 10, final: 90, best: 90, recentGain: 0.1, window: 3, tolerance: 1, plateaued: true };
  const claims = accuracyClaims({
    table1: table1Rows(reported()), paired, pretrain: plateau,
    locality: [0, 1].map((layer) => ({ layer, windowed: false, windowShare: 0.2, minWindowShare: 0.2, maxWindowShare: 0.2, uniformWindowShare: 0.15, selfShare: 0.02, uniformSelfShare: 0.02, meanAttentionDistance: 3, minDistance: 3, maxDistance: 3, uniformMeanAttentionDistance: 3.6, clsShare: 0.1 })),
    lowerBlocks: [0], localShare: 0.5, experiment: "a test model",
    files: { reported: "data/accuracy-reported.arrow", study: "data/accuracy-study.arrow", locality: "data/attention-locality.arrow" },
    figures: { table1: "", paired: "", locality: "" },
    maskingNote: posterMaskingNote(),
  });

  it("records catalogue verdicts and context rows only, none with a notebook number in its id", () => {
    const rows = claims.map((c) => resolveClaim("06-accuracy", { ...c, figure: undefined }));
    expect(rows.map((r) => r.id)).toEqual([
      "poster-table1-deltas",
      "poster-table1-accuracy-drop",
      "poster-table1-accuracy-drop~fashion-mnist-analogue",
      "poster-locality-lower-layers~trained-vit-fashion-mnist",
    ]);
    for (const r of rows) expect(r.id).not.toMatch(/(^|[-~])0\d-/);
    expect(rows[0]!.status).toBe("reproduced");
    expect(rows[0]!.evidence).toMatch(/^data\/accuracy-reported\.arrow sha256:[0-9a-f]{64}$/);
    expect(rows[2]!.status).toBe("not-comparable");
    expect(rows[3]!.contextOf).toBe("poster-locality-lower-layers");
  });

  it("says in the accuracy-drop reason where the masking bug is and what the training script uses", () => {
    const drop = claims.find((c) => "id" in c && c.id === "poster-table1-accuracy-drop")!;
    expect(drop.reason).toMatch(/model_ours\.py/);
    expect(drop.reason).toMatch(/main\.py/);
    expect(drop.reason).toMatch(/models\.CustomAttention|CustomAttention/);
    expect(drop.reason).toMatch(/@ fa4db9b/);
    expect(drop.reason).toMatch(/most likely produced with correct \(−inf\) masking/);
  });
});
