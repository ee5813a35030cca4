/**
 * The committed data files as a registry: for each `data/*.arrow`, its schema (every column with a declared
 * domain, its rules declared beside it) and its typed reader, which checks the manifest, the schema, every
 * value and every row rule. The one list of what committed data exists (its owners are in `../owners.ts`);
 * {@link verifyCommittedData} reads them all, so a run can check every committed value before any work.
 */
import { join } from "node:path";
import type { ColumnSpec, TableRules } from "../arrow-table.ts";
import { repoRoot } from "../../paths.ts";
import { GEOMETRY_COST_SCHEMA, readGeometryCost } from "./accuracy-geometry-cost.ts";
import { KERNEL_CHECK_SCHEMA, readKernelCheck } from "./accuracy-kernel-check.ts";
import { ACCURACY_PREDICTIONS_SCHEMA, readPredictions } from "./accuracy-predictions.ts";
import { ACCURACY_REPORTED_RULES, ACCURACY_REPORTED_SCHEMA, readAccuracyReported } from "./accuracy-reported.ts";
import { ACCURACY_STUDY_SCHEMA, readStudy } from "./accuracy-study.ts";
import { ATTENTION_LOCALITY_SCHEMA, readLocality } from "./attention-locality.ts";
import { ATTENTION_MAPS_SCHEMA, readAttentionMaps } from "./attention-maps-fashion-mnist.ts";
import { FIG5_RULES, FIG5_SCHEMA, readFig5 } from "./fig5-pruning-vs-accuracy.ts";
import { FIG12_RULES, FIG12_SCHEMA, readFig12 } from "./fpga-resources-reported.ts";
import { KERNEL_BENCH_RULES, KERNEL_BENCH_SCHEMA, readKernelBench } from "./kernel-bench.ts";
import { CPU_BREAKDOWN_RULES, CPU_BREAKDOWN_SCHEMA, readCpuLatencyBreakdown } from "./latency-breakdown-cpu.ts";
import { readReportedBreakdown, REPORTED_BREAKDOWN_RULES, REPORTED_BREAKDOWN_SCHEMA } from "./latency-breakdown-reported.ts";

/** One committed data file. */
export interface CommittedDataFile {
  /** Path under `data/` (the manifest key). */
  key: string;
  schema: readonly ColumnSpec[];
  /** Rules passed to its reader (rules declared with the schema apply as well). */
  rules?: TableRules;
  /** Its typed reader (every check included); throws `DataFileError` naming file, column and row. */
  read: (path: string) => unknown;
}

/** Every committed Arrow data file, in name order. */
export const COMMITTED_DATA_FILES: readonly CommittedDataFile[] = [
  { key: "accuracy-geometry-cost.arrow", schema: GEOMETRY_COST_SCHEMA, read: readGeometryCost },
  { key: "accuracy-kernel-check-poster-geometry.arrow", schema: KERNEL_CHECK_SCHEMA, read: readKernelCheck },
  { key: "accuracy-kernel-check.arrow", schema: KERNEL_CHECK_SCHEMA, read: readKernelCheck },
  { key: "accuracy-predictions-poster-geometry.arrow", schema: ACCURACY_PREDICTIONS_SCHEMA, read: readPredictions },
  { key: "accuracy-predictions.arrow", schema: ACCURACY_PREDICTIONS_SCHEMA, read: readPredictions },
  { key: "accuracy-reported.arrow", schema: ACCURACY_REPORTED_SCHEMA, rules: ACCURACY_REPORTED_RULES, read: readAccuracyReported },
  { key: "accuracy-study-poster-geometry.arrow", schema: ACCURACY_STUDY_SCHEMA, read: readStudy },
  { key: "accuracy-study.arrow", schema: ACCURACY_STUDY_SCHEMA, read: readStudy },
  { key: "attention-locality-poster-geometry.arrow", schema: ATTENTION_LOCALITY_SCHEMA, read: readLocality },
  { key: "attention-locality.arrow", schema: ATTENTION_LOCALITY_SCHEMA, read: readLocality },
  { key: "attention-maps-fashion-mnist.arrow", schema: ATTENTION_MAPS_SCHEMA, read: readAttentionMaps },
  { key: "fig5-pruning-vs-accuracy.arrow", schema: FIG5_SCHEMA, rules: FIG5_RULES, read: readFig5 },
  { key: "fpga-resources-reported.arrow", schema: FIG12_SCHEMA, rules: FIG12_RULES, read: readFig12 },
  { key: "kernel-bench.arrow", schema: KERNEL_BENCH_SCHEMA, rules: KERNEL_BENCH_RULES, read: readKernelBench },
  { key: "latency-breakdown-cpu.arrow", schema: CPU_BREAKDOWN_SCHEMA, rules: CPU_BREAKDOWN_RULES, read: readCpuLatencyBreakdown },
  { key: "latency-breakdown-reported.arrow", schema: REPORTED_BREAKDOWN_SCHEMA, rules: REPORTED_BREAKDOWN_RULES, read: readReportedBreakdown },
];

/**
 * Reads every committed data file of `root` with its reader (manifest, schema, values, rules).
 * @throws DataFileError (or UserError) of one line naming the first bad file, column and row
 */
export function verifyCommittedData(root: string = repoRoot): void {
  for (const f of COMMITTED_DATA_FILES) f.read(join(root, "data", f.key));
}
