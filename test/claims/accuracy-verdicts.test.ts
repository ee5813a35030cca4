import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESULTS_DIR_ENV } from "../../lib/paths.ts";
import { accuracyClaims, table1BaseVerdict, table1DeltasVerdict, table1Rows, type PairedComparison, type Plateau } from "../../lib/analysis/accuracy-study.ts";
import { resolveClaim } from "../../lib/claims/ledger.ts";
import { readAccuracyReported } from "../../lib/data/files/accuracy-reported.ts";
import { posterMaskingNote } from "../../lib/paper/poster-code.ts";

const EVIDENCE = ["data/accuracy-reported.arrow"];

// A consistent row must link a results file: the fixtures' figures live in a temporary results folder.
let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vitsparse-acc-"));
  process.env[RESULTS_DIR_ENV] = dir;
  mkdirSync(join(dir, "06-accuracy"), { recursive: true });
  writeFileSync(join(dir, "06-accuracy", "table1.csv"), "x\n");
});
afterAll(() => {
  delete process.env[RESULTS_DIR_ENV];
  rmSync(dir, { recursive: true, force: true });
});
const reported = () => readAccuracyReported().rows;

describe("Table 1's printed deltas: an arithmetic check of printed numbers", () => {
  it("is consistent on the committed data: every printed delta equals Ours − Base within ±0.05 pp", () => {
    const t1 = table1Rows(reported());
    expect(t1).toHaveLength(5);
    expect(t1.every((r) => r.consistent)).toBe(true);
    const v = table1DeltasVerdict(t1, EVIDENCE, "table1-reported.csv");
    expect(v.status).toBe("consistent");
    expect(v.reason).toMatch(/all 5 printed deltas/);
  });

  it("becomes inconsistent when one printed delta is altered", () => {
    const rows = reported().map((r) => (r.dataset === "CUB" && r.record === "table1" ? { ...r, printedDelta: -1.8 } : r));
    const v = table1DeltasVerdict(table1Rows(rows), EVIDENCE, "table1-reported.csv");
    expect(v.status).toBe("inconsistent");
    expect(v.reason).toMatch(/1 of 5 printed deltas .* CUB printed -1\.8, computed -1\.90/);
  });

  it("tolerates the delta's own rounding (0.05 pp) but not more", () => {
    const base = reported().filter((r) => r.record === "table1").slice(0, 1);
    const at = (ours: number) => table1DeltasVerdict(table1Rows([{ ...base[0]!, baseAccuracy: 80, oursAccuracy: ours, printedDelta: -1 }]), EVIDENCE, "t.csv").status;
    expect(at(79.05)).toBe("consistent");
    expect(at(78.95)).toBe("consistent");
    expect(at(79.1)).toBe("inconsistent");
  });

  it("gives no verdict on no rows", () => {
    expect(() => table1DeltasVerdict([], EVIDENCE, "t.csv")).toThrow(/no Table 1 rows/);
  });
});

describe("Table 1's Base on ImageNet against DeiT-tiny's published top-1", () => {
  it("is consistent on the committed data (72.2 = 72.2) and inconsistent when the printed Base moves by more than its rounding", () => {
    const t1 = table1Rows(reported());
    const v = table1BaseVerdict(t1, EVIDENCE, "t.csv");
    expect(v.status).toBe("consistent");
    expect(v.kitValue).toMatch(/^Base 72\.2 % vs DeiT-tiny's published 72\.2 %/);
    const moved = t1.map((r) => (/imagenet/i.test(r.dataset) ? { ...r, base: 72.3 } : r));
    expect(table1BaseVerdict(moved, EVIDENCE, "t.csv").status).toBe("inconsistent");
    expect(() => table1BaseVerdict(t1.filter((r) => !/imagenet/i.test(r.dataset)), EVIDENCE, "t.csv")).toThrow(/no ImageNet2012 row/);
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
    const rows = claims.map((c) => resolveClaim("06-accuracy", { ...c, figure: "table1.csv" }));
    expect(rows.map((r) => r.id)).toEqual([
      "poster-table1-deltas",
      "poster-table1-base-imagenet",
      "poster-table1-accuracy-drop",
      "poster-table1-accuracy-drop~fashion-mnist-analogue",
      "poster-locality-lower-layers~trained-vit-fashion-mnist",
    ]);
    for (const r of rows) expect(r.id).not.toMatch(/(^|[-~])0\d-/);
    expect(rows[0]!.status).toBe("consistent");
    expect(rows[0]!.evidence).toMatch(/^data\/accuracy-reported\.arrow sha256:[0-9a-f]{64}$/);
    expect(rows[1]!.status).toBe("consistent");
    expect(rows[3]!.status).toBe("not-comparable");
    expect(rows[4]!.contextOf).toBe("poster-locality-lower-layers");
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
