import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeArrowTable } from "../../lib/data/arrow-table.ts";
import {
  KERNEL_CHECK_SCHEMA, kernelCheckRow, kernelCheckSentence, kernelCheckTable, readKernelCheck, writeKernelCheck,
} from "../../lib/train/kernel-check-data.ts";
import type { KernelPathComparison } from "../../lib/train/kernel-inference.ts";

const dir = mkdtempSync(join(tmpdir(), "kernel-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tol = { agreementRequired: 0.999, logitTolerance: 1e-3 };

const comparison = (over: Partial<KernelPathComparison> = {}): KernelPathComparison => ({
  images: 2000, kernelBlocks: [0, 1], predictionAgreement: 1999 / 2000, maxAbsLogitDiff: 4e-6, maxAbsLogit: 9,
  accuracyTfjs: 1555 / 2000, accuracyKernel: 1554 / 2000, tfjsSeconds: 10, kernelSeconds: 5, kernelAttentionSeconds: 1,
  kernelCalls: 4000, backend: "wasm", ...over,
});

const ctx = {
  measuredAt: "2026-11-26T05:40:00.000Z", loadBefore: [0.5, 0.6, 0.7], loadAfter: [1, 1, 1],
  tfjs: { "@tensorflow/tfjs": "4.22.0" }, weights: { "data/models/x.bin": "ab" }, dataset: "test images",
};

describe("kernel-check data", () => {
  it("keeps exact image counts and decides pass/fail against both stated tolerances", () => {
    const ok = kernelCheckRow("windowed-lower", 0, comparison(), tol);
    expect(ok.agreeingImages).toBe(1999);
    expect(ok.agreementPercent).toBeCloseTo(99.95, 12);
    expect(ok.accuracyKernelPercent).toBeCloseTo(77.7, 12);
    expect(ok.kernelBlocks).toBe("0,1");
    expect(ok.pass).toBe(true);
    expect(kernelCheckRow("w", 0, comparison({ predictionAgreement: 1997 / 2000 }), tol).pass).toBe(false);
    expect(kernelCheckRow("w", 0, comparison({ maxAbsLogitDiff: 2e-3 }), tol).pass).toBe(false);
  });

  it("round-trips through the Arrow file byte-identically, with the context in the metadata", () => {
    const rows = [kernelCheckRow("windowed-lower", 0, comparison(), tol), kernelCheckRow("windowed-all", 0, comparison({ kernelBlocks: [0, 1, 2, 3] }), tol)];
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
    expect(back.table.provenance.extra?.runtime).toContain("@tensorflow/tfjs 4.22.0");
  });

  it("refuses a file whose schema is not the kernel check's", () => {
    const bad = join(dir, "bad.arrow");
    writeArrowTable(bad, [KERNEL_CHECK_SCHEMA[0]!], { columns: { variant: ["x"] }, provenance: { kind: "measured", source: "s", license: "l", generator: "g", description: "d" } });
    expect(() => readKernelCheck(bad)).toThrow(/seed/);
  });

  it("summarises with the measured numbers and says FAIL when a row fails", () => {
    const pass = kernelCheckSentence([kernelCheckRow("windowed-lower", 0, comparison(), tol)]);
    expect(pass).toContain("1,999 of 2,000");
    expect(pass).toContain("passes");
    const fail = kernelCheckSentence([kernelCheckRow("windowed-lower", 0, comparison({ maxAbsLogitDiff: 0.5 }), tol)]);
    expect(fail).toContain("FAILS");
  });
});
