/**
 * `data/latency-breakdown-cpu.arrow` (kind = measured): per model, thread count, block and operator role, the
 * median over timed runs of the summed onnxruntime kernel time of the role's nodes, written by
 * `npm run measure:latency` (grouping in `lib/workload/onnx/cpu-breakdown.ts`). Schema, typed row, writer and
 * reader of the file. onnxruntime's profiler times kernels in whole microseconds and the quartiles interpolate
 * between two of them at a quarter, a half or three quarters, so every time has at most 2 decimals (declared).
 */
import { readArrowTable, writeArrowTable, type ColumnSpec, type DataTable, type Provenance, type TableRules } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";
import { FIG1_CATEGORIES, type Fig1Category } from "../../paper/poster-fig1.ts";
import { isRole, roleCategory, ROLES, type Role } from "../../specs/roles.ts";
import { typedRows } from "./typed-rows.ts";

/** Default location of the committed measurement. */
export const CPU_BREAKDOWN_PATH = dataPath("latency-breakdown-cpu.arrow");

/** Columns of `data/latency-breakdown-cpu.arrow`. */
export const CPU_BREAKDOWN_SCHEMA = [
  { name: "model", type: "utf8", pattern: /^[a-z][a-z0-9-]*$/, description: "model name (vitsparse flops --model)" },
  { name: "threads", type: "int32", range: [1, 256], description: "onnxruntime intra-op threads" },
  { name: "block", type: "int32", range: [-1, 1000], description: "block index (attention + MLP); -1 = embedding/stem or head" },
  { name: "role", type: "utf8", values: ROLES, description: "operator role (lib/specs/roles.ts)" },
  { name: "category", type: "utf8", values: FIG1_CATEGORIES, description: "Fig. 1 category of the role ('unlabelled' = classifier head)" },
  { name: "nodes", type: "int32", range: [1, 1_000_000], description: "executed onnxruntime nodes in this group" },
  { name: "medianUs", type: "float64", unit: "us", range: [0, Infinity], decimals: 2, description: "median over timed runs of the group's summed kernel time" },
  { name: "q1Us", type: "float64", unit: "us", range: [0, Infinity], decimals: 2, description: "first quartile over timed runs" },
  { name: "q3Us", type: "float64", unit: "us", range: [0, Infinity], decimals: 2, description: "third quartile over timed runs" },
  { name: "macs", type: "float64", unit: "MAC", range: [0, Infinity], decimals: 0, description: "multiply-accumulates of the group from the graph's static shapes" },
] as const satisfies readonly (ColumnSpec & { name: keyof CpuBreakdownRow })[];

/** The relations between a row's columns: quartiles ordered, the category the role's. */
export const CPU_BREAKDOWN_RULES: TableRules = {
  rows: [
    { rule: "q1Us ≤ medianUs ≤ q3Us", columns: ["q1Us", "medianUs", "q3Us"], holds: (r) => (r.q1Us as number) <= (r.medianUs as number) && (r.medianUs as number) <= (r.q3Us as number) },
    { rule: "category is the role's Fig. 1 category (lib/specs/roles.ts)", columns: ["role", "category"], holds: (r) => isRole(r.role as string) && roleCategory(r.role as Role) === r.category },
  ],
};

/** One row of the measured breakdown. */
export interface CpuBreakdownRow {
  model: string;
  threads: number;
  block: number;
  role: Role;
  category: Fig1Category;
  nodes: number;
  medianUs: number;
  q1Us: number;
  q3Us: number;
  macs: number;
}

/** Column table of breakdown rows (for `writeArrowTable`). */
export function breakdownTable(rows: readonly CpuBreakdownRow[], provenance: Provenance): DataTable {
  return {
    columns: {
      model: rows.map((r) => r.model),
      threads: Int32Array.from(rows.map((r) => r.threads)),
      block: Int32Array.from(rows.map((r) => r.block)),
      role: rows.map((r) => r.role),
      category: rows.map((r) => r.category),
      nodes: Int32Array.from(rows.map((r) => r.nodes)),
      medianUs: Float64Array.from(rows.map((r) => r.medianUs)),
      q1Us: Float64Array.from(rows.map((r) => r.q1Us)),
      q3Us: Float64Array.from(rows.map((r) => r.q3Us)),
      macs: Float64Array.from(rows.map((r) => r.macs)),
    },
    provenance,
  };
}

/** The measured breakdown with its provenance (machine, threads, versions, runs in `provenance.extra`). */
export interface CpuBreakdown {
  rows: CpuBreakdownRow[];
  provenance: Provenance;
}

/** Writes a breakdown table (see {@link breakdownTable}) to `path` atomically. */
export function writeCpuLatencyBreakdown(path: string, table: DataTable): void {
  writeArrowTable(path, CPU_BREAKDOWN_SCHEMA, table, CPU_BREAKDOWN_RULES);
}

/**
 * Reads `data/latency-breakdown-cpu.arrow` (or `path`), validating its schema and every role/category.
 * Rows are per (model, threads, block, role); `cpuCategoryShares` (lib/workload/onnx/cpu-breakdown.ts) sums them per category.
 */
export function readCpuLatencyBreakdown(path: string = CPU_BREAKDOWN_PATH): CpuBreakdown {
  // Every role and category is checked by the schema and the rules (one line naming file, column, row).
  const table = readArrowTable(path, CPU_BREAKDOWN_SCHEMA, CPU_BREAKDOWN_RULES);
  return { rows: typedRows<CpuBreakdownRow>(table, CPU_BREAKDOWN_SCHEMA), provenance: table.provenance };
}
