import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeArrowTable } from "../../lib/data/arrow-table.ts";
import { compareLogits } from "../../lib/train/compare-logits.ts";
import type { LogitComparison } from "../../lib/data/files/accuracy-kernel-check.ts";
import {
  KERNEL_CHECK_SCHEMA, kernelCheckRow, kernelCheckSentence, kernelCheckTable, readKernelCheck, writeKernelCheck,
} from "../../lib/data/files/accuracy-kernel-check.ts";
import { jsonFieldProblems } from "../../lib/cli/json-fields.ts";
import { KERNEL_CHECK_JSON } from "../../lib/cli/script-json.ts";

const dir = mkdtempSync(join(tmpdir(), "kernel-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tol = { agreementRequired: 0.999, logitTolerance: 1e-3 };
const times = { torchSeconds: 8, kernelPathSeconds: 60, kernelAttentionSeconds: 2, kernelCalls: 20000, backend: "wasm" };

const comparison = (over: Partial<LogitComparison> = {}): LogitComparison => ({
  images: 2000, agreeingImages: 1999, maxAbsLogitDiff: 4e-6, maxAbsLogit: 9, correctReference: 1555, correctKernel: 1554, ...over,
});

const ctx = {
  measuredAt: "2026-12-01T05:40:00.000Z", loadBefore: [0.5, 0.6, 0.7], loadAfter: [1, 1, 1],
  torch: { torch: "1.13.1", blas: "openblas" }, weights: { "data/models/x.bin": "ab" }, dataset: "test images",
};

describe("kernel-check data", () => {
  it("compares logits image by image: agreement, largest difference, accuracies", () => {
    const ref = [1, 2, 0, /**/ 3, 1, 0, /**/ 0, 0, 5];
    const ker = [1, 2.0005, 0, /**/ 0, 4, 0, /**/ 0, 0, 5];
    const c = compareLogits(ref, ker, [1, 0, 1], 3);
    expect(c).toEqual({ images: 3, agreeingImages: 2, maxAbsLogitDiff: 3, maxAbsLogit: 5, correctReference: 2, correctKernel: 1 });
    expect(() => compareLogits([1], [1, 2], [0], 2)).toThrow(/2 logits|1×2/);
  });

  it("keeps exact image counts and decides pass/fail against both stated tolerances", () => {
    const ok = kernelCheckRow("finetune-windowed-lower-seed0", [0, 1], comparison(), times, tol);
    expect(ok.agreementPercent).toBeCloseTo(99.95, 12);
    expect(ok.accuracyKernelPercent).toBeCloseTo(77.7, 12);
    expect(ok.kernelBlocks).toBe("0,1");
    expect(ok.pass).toBe(true);
    // What `npm run accuracy:kernel-check -- --json` prints: exactly the fields its --help documents.
    expect(jsonFieldProblems({ results: [ok] }, KERNEL_CHECK_JSON)).toEqual([]);
    expect(kernelCheckRow("m", [0], comparison({ agreeingImages: 1997 }), times, tol).pass).toBe(false);
    expect(kernelCheckRow("m", [0], comparison({ maxAbsLogitDiff: 2e-3 }), times, tol).pass).toBe(false);
  });

  it("round-trips through the Arrow file byte-identically, with the context in the metadata", () => {
    const rows = [kernelCheckRow("a", [0, 1], comparison(), times, tol), kernelCheckRow("b", [0, 1], comparison({ agreeingImages: 2000 }), times, tol)];
    const a = join(dir, "a.arrow");
    const b = join(dir, "b.arrow");
    writeKernelCheck(a, kernelCheckTable(rows, ctx, tol));
    writeKernelCheck(b, kernelCheckTable(rows, ctx, tol));
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const back = readKernelCheck(a);
    expect(back.rows).toEqual(rows);
    expect(back.table.provenance.kind).toBe("measured");
    expect(back.table.provenance.extra?.measuredAt).toBe(ctx.measuredAt);
    expect(back.table.provenance.extra?.tolerance).toContain("99.9 %");
    expect(back.table.provenance.extra?.runtime).toContain("torch 1.13.1");
  });

  it("refuses a file whose schema is not the kernel check's", () => {
    const bad = join(dir, "bad.arrow");
    writeArrowTable(bad, [KERNEL_CHECK_SCHEMA[0]!], { columns: { model: ["x"] }, provenance: { kind: "measured", source: "s", license: "l", generator: "g", description: "d" } });
    expect(() => readKernelCheck(bad)).toThrow(/kernelBlocks/);
  });

  it("summarises with the measured numbers and says FAIL when a row fails", () => {
    const pass = kernelCheckSentence([kernelCheckRow("m", [0, 1], comparison(), times, tol)]);
    expect(pass).toContain("1,999 of 2,000");
    expect(pass).toContain("passes");
    const fail = kernelCheckSentence([kernelCheckRow("m", [0, 1], comparison({ maxAbsLogitDiff: 0.5 }), times, tol)]);
    expect(fail).toContain("FAILS");
  });
});
