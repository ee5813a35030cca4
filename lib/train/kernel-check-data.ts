/**
 * The committed record of the kernel check (issue 7 §4): the trained windowed ViTs run on the Fashion-MNIST
 * test set with their windowed blocks' attention computed by tfjs masked dense attention and by the kit's
 * sparse kernels. Schema, row builder, writer and typed reader of data/accuracy-kernel-check.arrow.
 * No TensorFlow.js here (only a type), so notebooks can read the data cheaply.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import { readArrowTable, rowsToColumns, tableRows, writeArrowTable, type ColumnSpec, type DataTable } from "../data/arrow-table.ts";
import { dataPath } from "../paths.ts";
import type { KernelPathComparison } from "./kernel-inference.ts";

/** Path of the file, relative to the repository root. */
export const KERNEL_CHECK_FILE = "data/accuracy-kernel-check.arrow";

/** Schema of data/accuracy-kernel-check.arrow: one row per checked model. */
export const KERNEL_CHECK_SCHEMA: ColumnSpec[] = [
  { name: "variant", type: "utf8", description: "trained model checked: windowed-lower | windowed-all (weights data/models/vit-fashion-mnist-<variant>-seed<seed>.bin)" },
  { name: "seed", type: "int32", description: "run seed of the weights" },
  { name: "kernelBlocks", type: "utf8", description: "comma-separated blocks whose attention ran through lib/kernels sparseAttention on the kernel path" },
  { name: "images", type: "int32", unit: "images", description: "Fashion-MNIST test images run (the first N)" },
  { name: "agreeingImages", type: "int32", unit: "images", description: "images with the same predicted class on both paths" },
  { name: "agreementPercent", type: "float64", unit: "%", description: "100 · agreeingImages / images" },
  { name: "agreementRequiredPercent", type: "float64", unit: "%", description: "stated tolerance on the agreement (the check fails below it)" },
  { name: "maxAbsLogitDiff", type: "float64", unit: "logit", description: "largest |logit(tfjs path) − logit(kernel path)| over all images and classes" },
  { name: "logitTolerance", type: "float64", unit: "logit", description: "stated tolerance on maxAbsLogitDiff (the check fails above it)" },
  { name: "maxAbsLogit", type: "float64", unit: "logit", description: "largest |logit| of the tfjs path (scale of the difference)" },
  { name: "accuracyTfjsPercent", type: "float64", unit: "%", description: "top-1 test accuracy of the tfjs path (masked dense attention)" },
  { name: "accuracyKernelPercent", type: "float64", unit: "%", description: "top-1 test accuracy of the kernel path" },
  { name: "tfjsSeconds", type: "float64", unit: "s", description: "wall time of the tfjs path's inference (runs first for each model; includes warm-up for the first model)" },
  { name: "kernelPathSeconds", type: "float64", unit: "s", description: "wall time of the kernel path's inference (tfjs for the other layers + kernels for the windowed attention)" },
  { name: "kernelAttentionSeconds", type: "float64", unit: "s", description: "part of kernelPathSeconds spent inside the sparseAttention calls" },
  { name: "kernelCalls", type: "int32", description: "sparseAttention calls on the kernel path (images × kernel blocks; all heads per call)" },
  { name: "kernelBackend", type: "utf8", description: "lib/kernels backend used: wasm (WASM SIMD) or ts" },
  { name: "pass", type: "bool", description: "agreementPercent ≥ agreementRequiredPercent and maxAbsLogitDiff ≤ logitTolerance" },
];

/** One row of data/accuracy-kernel-check.arrow. */
export interface KernelCheckRow {
  variant: string;
  seed: number;
  kernelBlocks: string;
  images: number;
  agreeingImages: number;
  agreementPercent: number;
  agreementRequiredPercent: number;
  maxAbsLogitDiff: number;
  logitTolerance: number;
  maxAbsLogit: number;
  accuracyTfjsPercent: number;
  accuracyKernelPercent: number;
  tfjsSeconds: number;
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

/**
 * The row of one checked model. Agreement and accuracies are rounded back to whole image counts, so the
 * row holds the exact counts the comparison measured.
 */
export function kernelCheckRow(variant: string, seed: number, r: KernelPathComparison, tol: KernelCheckTolerance): KernelCheckRow {
  const agreeing = Math.round(r.predictionAgreement * r.images);
  const agreementPercent = (100 * agreeing) / r.images;
  return {
    variant,
    seed,
    kernelBlocks: r.kernelBlocks.join(","),
    images: r.images,
    agreeingImages: agreeing,
    agreementPercent,
    agreementRequiredPercent: 100 * tol.agreementRequired,
    maxAbsLogitDiff: r.maxAbsLogitDiff,
    logitTolerance: tol.logitTolerance,
    maxAbsLogit: r.maxAbsLogit,
    accuracyTfjsPercent: (100 * Math.round(r.accuracyTfjs * r.images)) / r.images,
    accuracyKernelPercent: (100 * Math.round(r.accuracyKernel * r.images)) / r.images,
    tfjsSeconds: r.tfjsSeconds,
    kernelPathSeconds: r.kernelSeconds,
    kernelAttentionSeconds: r.kernelAttentionSeconds,
    kernelCalls: r.kernelCalls,
    kernelBackend: r.backend,
    pass: r.predictionAgreement >= tol.agreementRequired && r.maxAbsLogitDiff <= tol.logitTolerance,
  };
}

/** What the run knows about itself, stored in the file's metadata. */
export interface KernelCheckContext {
  /** ISO time the measurement started. */
  measuredAt: string;
  /** Load averages (1, 5, 15 min) before and after the run. */
  loadBefore: readonly number[];
  loadAfter: readonly number[];
  /** tfjs package versions (`tfjsVersions()` of lib/train/backend.ts). */
  tfjs: Record<string, string>;
  /** Weight files checked (repository-relative) → sha256. */
  weights: Record<string, string>;
  /** Fashion-MNIST test images source, e.g. the Debian package name. */
  dataset: string;
}

/** sha256 of a file, hex. */
export function fileSha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The data table of the check: rows plus provenance (machine, Node and tfjs versions, date, tolerances). */
export function kernelCheckTable(rows: readonly KernelCheckRow[], ctx: KernelCheckContext, tol: KernelCheckTolerance): DataTable {
  const cpu = cpus();
  const fmtLoad = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(" ");
  return {
    columns: rowsToColumns(KERNEL_CHECK_SCHEMA, rows as unknown as Record<string, number | string | boolean>[]),
    provenance: {
      kind: "measured",
      source: "this kit: scripts/accuracy-kernel-check.ts (lib/train/kernel-inference.ts with lib/kernels sparseAttention) on the committed trained weights data/models/vit-fashion-mnist-<variant>-seed<seed>.bin and the Fashion-MNIST test set",
      license: "Apache-2.0 (kit output); Fashion-MNIST data MIT",
      generator: "npm run accuracy:kernel-check",
      description:
        "Kernel check of issue 7 §4: each trained windowed ViT run twice on the test images, windowed blocks by tfjs masked dense attention (additive −1e9 mask) and by the kit's sparse kernels (SDDMM at the mask's kept entries, row softmax, SpMM); prediction agreement, logit difference, accuracies and the wall time of both paths. Everything but the times is deterministic",
      extra: {
        tolerance: `predictions agree on ≥ ${(100 * tol.agreementRequired).toFixed(1)} % of images and max |Δlogit| ≤ ${tol.logitTolerance} (float32 reassociation only)`,
        measuredAt: ctx.measuredAt,
        machine: `${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}`,
        loadAverageBefore: fmtLoad(ctx.loadBefore),
        loadAverageAfter: fmtLoad(ctx.loadAfter),
        runtime: `Node ${process.version}, ${Object.entries(ctx.tfjs).map(([k, v]) => `${k} ${v}`).join(", ")}, tfjs backend wasm, 1 thread`,
        timing: "one process, one thread; per model the tfjs path runs first, then the kernel path, 250 images per batch; times are wall-clock (performance.now)",
        weights: Object.entries(ctx.weights).map(([f, h]) => `${f} sha256 ${h}`).join("; "),
        dataset: ctx.dataset,
      },
    },
  };
}

/** Writes the table atomically (byte-deterministic for equal inputs). */
export function writeKernelCheck(path: string, table: DataTable): void {
  writeArrowTable(path, KERNEL_CHECK_SCHEMA, table);
}

/** Reads the committed kernel-check file (validated against {@link KERNEL_CHECK_SCHEMA}). */
export function readKernelCheck(path: string = dataPath("accuracy-kernel-check.arrow")): { rows: KernelCheckRow[]; table: DataTable } {
  const table = readArrowTable(path, KERNEL_CHECK_SCHEMA);
  return { rows: tableRows(table) as unknown as KernelCheckRow[], table };
}

/** One sentence summarising the check for a notebook or report (numbers from the rows). */
export function kernelCheckSentence(rows: readonly KernelCheckRow[]): string {
  if (rows.length === 0) return "The kernel check file holds no rows.";
  const parts = rows.map(
    (r) =>
      `${r.variant} (blocks ${r.kernelBlocks} through the kernels): ${r.agreeingImages.toLocaleString("en-US")} of ${r.images.toLocaleString("en-US")} predictions agree (${r.agreementPercent.toFixed(2)} %), ` +
      `max |Δlogit| ${r.maxAbsLogitDiff.toExponential(1)} ≤ ${r.logitTolerance}, tfjs path ${r.tfjsSeconds.toFixed(1)} s vs kernel path ${r.kernelPathSeconds.toFixed(1)} s ` +
      `(${r.kernelAttentionSeconds.toFixed(1)} s inside the kernels) → ${r.pass ? "pass" : "FAIL"}`,
  );
  const allPass = rows.every((r) => r.pass);
  return `Running the trained windowed models with the kit's sparse kernels in place of tfjs masked attention ${allPass ? "passes" : "FAILS"} the stated tolerance (agreement ≥ ${rows[0]!.agreementRequiredPercent.toFixed(1)} %, max |Δlogit| ≤ ${rows[0]!.logitTolerance}): ${parts.join("; ")}.`;
}
