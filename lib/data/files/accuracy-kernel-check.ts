/**
 * `data/accuracy-kernel-check.arrow` (kind = measured), written by `npm run accuracy:kernel-check`: the record of the kernel check: the study's trained windowed ViTs run on the Fashion-MNIST test
 * set by PyTorch (masked dense attention, −inf outside the window) and in TypeScript with the windowed
 * blocks' attention computed by the kit's sparse kernels. Schema, row builder, writer and typed reader of
 * data/accuracy-kernel-check.arrow.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import { declareTableRules, near, readArrowTable, rowsToColumns, tableRows, writeArrowTable, type ColumnSpec, type DataTable } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";

/** Comparison of two logit sets [images × classes] with labels (computed by `compareLogits` in lib/train/compare-logits.ts). */
export interface LogitComparison {
  images: number;
  agreeingImages: number;
  maxAbsLogitDiff: number;
  maxAbsLogit: number;
  correctReference: number;
  correctKernel: number;
}

/** Path of the file, relative to the repository root. */
export const KERNEL_CHECK_FILE = "data/accuracy-kernel-check.arrow";

/** Schema of data/accuracy-kernel-check.arrow: one row per checked model. */
export const KERNEL_CHECK_SCHEMA: ColumnSpec[] = declareTableRules([
  { name: "model", type: "utf8", pattern: /^[a-z0-9][a-z0-9-]*$/, description: "study run whose final weights are checked (data/models/vit-fashion-mnist-<model>.bin)" },
  { name: "kernelBlocks", type: "utf8", pattern: /^\d+(,\d+)*$/, description: "comma-separated blocks whose attention ran through lib/kernels sparseAttention" },
  { name: "images", type: "int32", unit: "images", range: [1, 10000], description: "Fashion-MNIST test images run (the first N)" },
  { name: "agreeingImages", type: "int32", unit: "images", range: [0, 10000], description: "images with the same predicted class on both paths" },
  { name: "agreementPercent", type: "float64", unit: "%", description: "100 · agreeingImages / images" },
  { name: "agreementRequiredPercent", type: "float64", unit: "%", description: "stated tolerance on the agreement (the check fails below it)" },
  { name: "maxAbsLogitDiff", type: "float64", unit: "logit", range: [0, Infinity], description: "largest |logit(PyTorch) − logit(kit kernels)| over all images and classes" },
  { name: "logitTolerance", type: "float64", unit: "logit", range: [0, Infinity], description: "stated tolerance on maxAbsLogitDiff (the check fails above it)" },
  { name: "maxAbsLogit", type: "float64", unit: "logit", range: [0, Infinity], description: "largest |logit| of the PyTorch path (scale of the difference)" },
  { name: "accuracyTorchPercent", type: "float64", unit: "%", description: "top-1 test accuracy of the PyTorch path (masked dense attention)" },
  { name: "accuracyKernelPercent", type: "float64", unit: "%", description: "top-1 test accuracy of the TypeScript path with the kit's kernels" },
  { name: "torchSeconds", type: "float64", unit: "s", range: [0, Infinity], description: "wall time of the PyTorch inference (a separate process, one thread, including its start)" },
  { name: "kernelPathSeconds", type: "float64", unit: "s", range: [0, Infinity], description: "wall time of the TypeScript inference (scalar TypeScript layers + kit kernels for attention)" },
  { name: "kernelAttentionSeconds", type: "float64", unit: "s", range: [0, Infinity], description: "part of kernelPathSeconds spent inside the sparseAttention calls" },
  { name: "kernelCalls", type: "int32", range: [0, 2147483647], description: "sparseAttention calls (images × windowed blocks; all heads per call)" },
  { name: "kernelBackend", type: "utf8", values: ["wasm", "ts"], description: "lib/kernels backend used: wasm (WASM SIMD) or ts" },
  { name: "pass", type: "bool", description: "agreementPercent ≥ agreementRequiredPercent and maxAbsLogitDiff ≤ logitTolerance" },
], {
  rows: [
    { rule: "agreeingImages ≤ images", columns: ["agreeingImages", "images"], holds: (r) => (r.agreeingImages as number) <= (r.images as number) },
    { rule: "agreementPercent = 100 · agreeingImages / images", columns: ["agreementPercent", "agreeingImages", "images"], holds: (r) => near(r.agreementPercent as number, (100 * (r.agreeingImages as number)) / (r.images as number)) },
    { rule: "kernelAttentionSeconds ≤ kernelPathSeconds", columns: ["kernelAttentionSeconds", "kernelPathSeconds"], holds: (r) => (r.kernelAttentionSeconds as number) <= (r.kernelPathSeconds as number) },
    {
      rule: "pass = (agreementPercent ≥ agreementRequiredPercent and maxAbsLogitDiff ≤ logitTolerance)",
      columns: ["pass", "agreementPercent", "agreementRequiredPercent", "maxAbsLogitDiff", "logitTolerance"],
      holds: (r) => r.pass === ((r.agreeingImages as number) >= ((r.agreementRequiredPercent as number) / 100) * (r.images as number) && (r.maxAbsLogitDiff as number) <= (r.logitTolerance as number)),
    },
  ],
});

/** One row of data/accuracy-kernel-check.arrow. */
export interface KernelCheckRow {
  model: string;
  kernelBlocks: string;
  images: number;
  agreeingImages: number;
  agreementPercent: number;
  agreementRequiredPercent: number;
  maxAbsLogitDiff: number;
  logitTolerance: number;
  maxAbsLogit: number;
  accuracyTorchPercent: number;
  accuracyKernelPercent: number;
  torchSeconds: number;
  kernelPathSeconds: number;
  kernelAttentionSeconds: number;
  kernelCalls: number;
  kernelBackend: string;
  pass: boolean;
}

/** The stated tolerances of the check. */
export interface KernelCheckTolerance {
  /** Required share of equal predictions (0..1). */
  agreementRequired: number;
  /** Largest allowed |logit difference|. */
  logitTolerance: number;
}

/** The row of one checked model. */
export function kernelCheckRow(
  model: string,
  kernelBlocks: readonly number[],
  c: LogitComparison,
  times: { torchSeconds: number; kernelPathSeconds: number; kernelAttentionSeconds: number; kernelCalls: number; backend: string },
  tol: KernelCheckTolerance,
): KernelCheckRow {
  const agreementPercent = (100 * c.agreeingImages) / c.images;
  return {
    model,
    kernelBlocks: kernelBlocks.join(","),
    images: c.images,
    agreeingImages: c.agreeingImages,
    agreementPercent,
    agreementRequiredPercent: 100 * tol.agreementRequired,
    maxAbsLogitDiff: c.maxAbsLogitDiff,
    logitTolerance: tol.logitTolerance,
    maxAbsLogit: c.maxAbsLogit,
    accuracyTorchPercent: (100 * c.correctReference) / c.images,
    accuracyKernelPercent: (100 * c.correctKernel) / c.images,
    torchSeconds: times.torchSeconds,
    kernelPathSeconds: times.kernelPathSeconds,
    kernelAttentionSeconds: times.kernelAttentionSeconds,
    kernelCalls: times.kernelCalls,
    kernelBackend: times.backend,
    pass: c.agreeingImages >= tol.agreementRequired * c.images && c.maxAbsLogitDiff <= tol.logitTolerance,
  };
}

/** What the run knows about itself, stored in the file's metadata. */
export interface KernelCheckContext {
  /** The command that regenerates the file (its study's `npm run accuracy:kernel-check -- --study NAME`). */
  generator?: string;
  measuredAt: string;
  loadBefore: readonly number[];
  loadAfter: readonly number[];
  /** torch, numpy and BLAS as the engine reports them. */
  torch: Record<string, string>;
  /** Weight files checked (repository-relative) → sha256. */
  weights: Record<string, string>;
  dataset: string;
}

/** sha256 of a file, hex. */
export function fileSha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The data table of the check: rows plus provenance (machine, versions, date, tolerances). */
export function kernelCheckTable(rows: readonly KernelCheckRow[], ctx: KernelCheckContext, tol: KernelCheckTolerance): DataTable {
  const cpu = cpus();
  const fmtLoad = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(" ");
  return {
    columns: rowsToColumns(KERNEL_CHECK_SCHEMA, rows as unknown as Record<string, number | string | boolean>[]),
    provenance: {
      kind: "measured",
      source: "this kit: scripts/accuracy-kernel-check.ts (lib/train/vit-inference.ts with lib/kernels sparseAttention) against the PyTorch engine (python3 -m vitsparse_train logits) on the committed weights data/models/*.bin and the Fashion-MNIST test set",
      license: "Apache-2.0 (kit output); Fashion-MNIST data MIT",
      generator: ctx.generator ?? "npm run accuracy:kernel-check",
      description:
        "Kernel check: each trained windowed ViT run on the test images by PyTorch (masked dense attention, -inf outside the 3x3 + CLS window) and in TypeScript with the windowed blocks' attention computed by the kit's sparse kernels (SDDMM at the mask's kept entries, row softmax, SpMM); prediction agreement, logit difference, accuracies and wall times. Everything but the times is deterministic",
      extra: {
        tolerance: `predictions agree on ≥ ${(100 * tol.agreementRequired).toFixed(1)} % of images and max |Δlogit| ≤ ${tol.logitTolerance}`,
        measuredAt: ctx.measuredAt,
        machine: `${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}`,
        loadAverageBefore: fmtLoad(ctx.loadBefore),
        loadAverageAfter: fmtLoad(ctx.loadAfter),
        runtime: `Node ${process.version}; ${Object.entries(ctx.torch).map(([k, v]) => `${k} ${v}`).join(", ")}; one thread each`,
        weights: Object.entries(ctx.weights).map(([f, h]) => `${f} sha256 ${h}`).join("; "),
        dataset: ctx.dataset,
      },
    },
  };
}

/** Writes the table atomically. */
export function writeKernelCheck(path: string, table: DataTable): void {
  writeArrowTable(path, KERNEL_CHECK_SCHEMA, table);
}

/** Reads the committed kernel-check file (validated against {@link KERNEL_CHECK_SCHEMA}). */
export function readKernelCheck(path: string = dataPath("accuracy-kernel-check.arrow")): { rows: KernelCheckRow[]; table: DataTable } {
  const table = readArrowTable(path, KERNEL_CHECK_SCHEMA);
  return { rows: tableRows(table) as unknown as KernelCheckRow[], table };
}

/** One sentence summarising the check (numbers from the rows). */
export function kernelCheckSentence(rows: readonly KernelCheckRow[]): string {
  if (rows.length === 0) return "The kernel check file holds no rows.";
  const parts = rows.map(
    (r) =>
      `${r.model} (blocks ${r.kernelBlocks} through the kernels): ${r.agreeingImages.toLocaleString("en-US")} of ${r.images.toLocaleString("en-US")} predictions agree (${r.agreementPercent.toFixed(2)} %), ` +
      `max |Δlogit| ${r.maxAbsLogitDiff.toExponential(1)} ≤ ${r.logitTolerance} → ${r.pass ? "pass" : "FAIL"}`,
  );
  const allPass = rows.every((r) => r.pass);
  return `Running the trained windowed models with the kit's sparse kernels in place of PyTorch's masked dense attention ${allPass ? "passes" : "FAILS"} the stated tolerance (agreement ≥ ${rows[0]!.agreementRequiredPercent.toFixed(1)} %, max |Δlogit| ≤ ${rows[0]!.logitTolerance}): ${parts.join("; ")}.`;
}
