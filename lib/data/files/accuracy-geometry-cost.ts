/**
 * `data/accuracy-geometry-cost.arrow` (kind = measured), written by `npm run accuracy:geometry-cost`: seconds
 * per training step of the study's model at the study's 7×7 + CLS geometry (4×4 patches) and at the poster's
 * 14×14 + CLS geometry (2×2 patches on the same 28×28 images), timed interleaved in one process with one torch
 * thread, and what one epoch of all 60,000 training images costs at each.
 */
import { declareTableRules, readArrowTable, rowsToColumns, tableRows, writeArrowTable, type ColumnSpec, type DataTable, type Provenance } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";

/** Path of the file, relative to the repository root. */
export const GEOMETRY_COST_FILE = "data/accuracy-geometry-cost.arrow";
/** Training images of Fashion-MNIST (one epoch). */
export const TRAIN_IMAGES = 60_000;

/** Schema: one row per geometry. */
export const GEOMETRY_COST_SCHEMA: ColumnSpec[] = declareTableRules([
  { name: "patchSize", type: "int32", unit: "px", range: [1, 28], description: "patch side on the 28x28 images" },
  { name: "grid", type: "int32", unit: "patches", range: [1, 28], description: "patch grid side (28 / patchSize)" },
  { name: "tokens", type: "int32", unit: "tokens", range: [2, 785], description: "tokens per image: grid² patches + CLS" },
  { name: "batch", type: "int32", unit: "images", range: [1, 4096], description: "images per training step" },
  { name: "steps", type: "int32", unit: "steps", range: [1, 10_000], description: "timed steps (after a warm-up step per round)" },
  { name: "medianStepSeconds", type: "float64", unit: "s", range: [0, 1e6], description: "median wall time of one training step (forward, backward, AdamW; lower half windowed)" },
  { name: "minStepSeconds", type: "float64", unit: "s", range: [0, 1e6], description: "fastest timed step" },
  { name: "maxStepSeconds", type: "float64", unit: "s", range: [0, 1e6], description: "slowest timed step" },
  { name: "epochMinutes", type: "float64", unit: "min", range: [0, 1e9], description: "one epoch of the 60,000 training images at the median step time" },
  { name: "ratioToFirst", type: "float64", unit: "x", range: [0, 1e6], description: "median step time relative to the first row's (the study's 7x7 geometry), same process and load" },
], {
  rows: [
    { rule: "grid = 28 / patchSize and tokens = grid² + 1", columns: ["patchSize", "grid", "tokens"], holds: (r) => (r.grid as number) * (r.patchSize as number) === 28 && r.tokens === (r.grid as number) ** 2 + 1 },
    { rule: "minStepSeconds ≤ medianStepSeconds ≤ maxStepSeconds", columns: ["minStepSeconds", "medianStepSeconds", "maxStepSeconds"], holds: (r) => (r.minStepSeconds as number) <= (r.medianStepSeconds as number) && (r.medianStepSeconds as number) <= (r.maxStepSeconds as number) },
  ],
});

/** One row. */
export interface GeometryCostRow {
  patchSize: number;
  grid: number;
  tokens: number;
  batch: number;
  steps: number;
  medianStepSeconds: number;
  minStepSeconds: number;
  maxStepSeconds: number;
  epochMinutes: number;
  ratioToFirst: number;
}

/** Rows from the engine's step-cost measurement (first row = reference geometry). */
export function geometryCostRows(measured: readonly Omit<GeometryCostRow, "epochMinutes" | "ratioToFirst">[]): GeometryCostRow[] {
  const ref = measured[0]?.medianStepSeconds ?? Number.NaN;
  return measured.map((r) => ({
    ...r,
    epochMinutes: (Math.floor(TRAIN_IMAGES / r.batch) * r.medianStepSeconds) / 60,
    ratioToFirst: r.medianStepSeconds / ref,
  }));
}

/** Writes the file (and records it in data/manifest.json). */
export function writeGeometryCost(path: string, rows: readonly GeometryCostRow[], provenance: Provenance): void {
  writeArrowTable(path, GEOMETRY_COST_SCHEMA, { columns: rowsToColumns(GEOMETRY_COST_SCHEMA, rows as never) as never, provenance });
}

/** Reads data/accuracy-geometry-cost.arrow. */
export function readGeometryCost(path: string = dataPath("accuracy-geometry-cost.arrow")): { rows: GeometryCostRow[]; table: DataTable } {
  const table = readArrowTable(path, GEOMETRY_COST_SCHEMA);
  return { rows: tableRows(table) as unknown as GeometryCostRow[], table };
}
