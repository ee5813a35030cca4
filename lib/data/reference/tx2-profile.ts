/**
 * ViTCoD's TensorRT per-layer profile of a 12-block ViT (dim 192, 3 heads, MLP 768, 196 tokens) on an
 * NVIDIA Jetson TX2: conversion to `data/external/tx2-profile.arrow` (one row per timed layer, in execution
 * order, exactly as reported) and a typed reader. The kit's op classification lives in `lib/workload/profile/`.
 */
import { readArrowTable, type ColumnSpec, type DataTable } from "../arrow-table.ts";
import { UserError } from "../../errors.ts";
import { externalDataPath } from "../../paths.ts";
import { parseTensorRtProfile, type TensorRtProfile } from "./tensorrt-profile.ts";
import type { ReferenceFile } from "./manifest.ts";
import { referenceProvenance } from "./provenance.ts";

/** File name under `data/external/`. */
export const TX2_PROFILE_FILE = "tx2-profile.arrow";

/** Columns of the profile table. */
export const TX2_PROFILE_SCHEMA: readonly ColumnSpec[] = [
  { name: "index", type: "int32", description: "execution order of the TensorRT layer, 0-based" },
  { name: "name", type: "utf8", description: "TensorRT layer name as reported (fused layers list their ONNX nodes)" },
  { name: "timeMs", type: "float64", unit: "ms", description: "time summed over all timed runs" },
  { name: "averageMs", type: "float64", unit: "ms", description: "mean time per run" },
  { name: "percentage", type: "float64", unit: "%", description: "share of the summed time of all layers, as reported" },
];

/**
 * Converts the raw profile JSON to the Arrow table (kind `reported`).
 * @throws UserError when the JSON is malformed
 */
export function tx2ProfileTable(bytes: Uint8Array, file: ReferenceFile): DataTable {
  const profile = parseTensorRtProfile(Buffer.from(bytes).toString("utf8"), file.name);
  const l = profile.layers;
  return {
    columns: {
      index: l.map((x) => x.index),
      name: l.map((x) => x.name),
      timeMs: l.map((x) => x.timeMs),
      averageMs: l.map((x) => x.averageMs),
      percentage: l.map((x) => x.percentage),
    },
    provenance: referenceProvenance(
      file,
      "reported",
      "TensorRT per-layer profile (trtexec --exportProfile) measured by ViTCoD on an NVIDIA Jetson TX2: 12 transformer blocks, dim 192, 3 heads, MLP 768, 196 tokens (no CLS, no patch embedding, no head); one row per timed layer in execution order",
      { runs: String(profile.runs), device: "NVIDIA Jetson TX2", layers: String(l.length) },
    ),
  };
}

/**
 * Reads `data/external/tx2-profile.arrow` back as a TensorRT profile.
 * @throws DataFileError when the file is missing or does not match the schema
 */
export function readTx2Profile(path: string = externalDataPath(TX2_PROFILE_FILE)): TensorRtProfile {
  const table = readArrowTable(path, TX2_PROFILE_SCHEMA);
  const runs = Number(table.provenance.extra?.runs);
  if (!Number.isInteger(runs) || runs <= 0) throw new UserError(`${path}: metadata "runs" must be a positive integer (re-run npm run data:import)`);
  const c = table.columns;
  const names = c.name as string[];
  return {
    runs,
    layers: names.map((name, i) => ({
      index: (c.index as Int32Array)[i]!,
      name,
      timeMs: (c.timeMs as Float64Array)[i]!,
      averageMs: (c.averageMs as Float64Array)[i]!,
      percentage: (c.percentage as Float64Array)[i]!,
    })),
  };
}
