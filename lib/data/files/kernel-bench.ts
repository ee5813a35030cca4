/**
 * `data/kernel-bench.arrow` (kind = measured): windowed vs dense attention forward times, one row per case,
 * written by `npm run bench` (`lib/kernels/bench.ts`). One schema, one typed row, one reader.
 */
import { readArrowTable, writeArrowTable, type ColumnSpec, type DataTable, type Provenance } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";
import { typedRows } from "./typed-rows.ts";

/** Path of the committed benchmark. */
export const KERNEL_BENCH_FILE = dataPath("kernel-bench.arrow");

/** One benchmark case: an n-token layer (gridSide² patches + CLS) with a k×k window. */
export interface BenchCase {
  n: number;
  /** Patch-grid side (n = grid² + 1). */
  grid: number;
  k: number;
  heads: number;
  d: number;
  threads: number;
}

/** Median times (µs per forward over all heads) and derived figures of one case. */
export interface BenchResult extends BenchCase {
  /** Kept entries per head. */
  nnz: number;
  /** nnz / n². */
  density: number;
  /** n² / nnz: the ideal speedup of windowed over dense attention if time ∝ work. */
  idealWorkRatio: number;
  /** Zero-copy plan (inputs written in WASM memory), WASM SIMD. */
  kitWindowedUs: number;
  /** Copying API `sparseAttention` (copies Q, K, V in and O out each call), WASM SIMD. */
  kitWindowedCopyUs: number;
  kitWindowedTsUs: number;
  kitDenseUs: number;
  ortDenseUs: number;
  kitWindowedCpuUs: number;
  kitWindowedCopyCpuUs: number;
  kitWindowedTsCpuUs: number;
  kitDenseCpuUs: number;
  ortDenseCpuUs: number;
  /** ortDenseUs / kitWindowedUs. */
  windowedVsOrt: number;
  /** kitDenseUs / kitWindowedUs. */
  windowedVsKitDense: number;
  /** Achieved GFLOP/s (multiply and add counted, 4·d flops per kept entry and head; softmax not counted). */
  windowedGflops: number;
  windowedTsGflops: number;
  denseGflops: number;
  ortGflops: number;
  /** Rounds (samples per implementation). */
  rounds: number;
}

/** Schema of data/kernel-bench.arrow. */
export const KERNEL_BENCH_SCHEMA = [
  { name: "n", type: "int32", unit: "tokens", description: "tokens (patch grid² + CLS)" },
  { name: "grid", type: "int32", unit: "patches", description: "patch-grid side" },
  { name: "k", type: "int32", unit: "patches", description: "window side (k×k, clipped at the border)" },
  { name: "heads", type: "int32", description: "attention heads" },
  { name: "d", type: "int32", description: "head dimension" },
  { name: "threads", type: "int32", description: "threads of the kit plans (rows split with a worker) and of onnxruntime (intraOpNumThreads); copying-API and TypeScript columns are single-thread only (NaN in 2-thread rows)" },
  { name: "nnz", type: "int32", unit: "entries", description: "kept entries per head (window + CLS row/column)" },
  { name: "density", type: "float64", description: "nnz / n²" },
  { name: "idealWorkRatio", type: "float64", description: "n² / nnz: dense/windowed work ratio" },
  { name: "kitWindowedUs", type: "float64", unit: "µs", description: "kit windowed attention, WASM SIMD zero-copy plan, median wall time per forward (all heads)" },
  { name: "kitWindowedCopyUs", type: "float64", unit: "µs", description: "kit windowed attention, WASM SIMD via sparseAttention() (copies Q/K/V in, O out), median wall time" },
  { name: "kitWindowedTsUs", type: "float64", unit: "µs", description: "kit windowed attention, TypeScript backend, median wall time" },
  { name: "kitDenseUs", type: "float64", unit: "µs", description: "kit dense attention, WASM SIMD zero-copy plan, median wall time" },
  { name: "ortDenseUs", type: "float64", unit: "µs", description: "onnxruntime-node dense MatMul–Softmax–MatMul, median wall time" },
  { name: "kitWindowedCpuUs", type: "float64", unit: "µs", description: "as kitWindowedUs, process CPU time" },
  { name: "kitWindowedCopyCpuUs", type: "float64", unit: "µs", description: "as kitWindowedCopyUs, process CPU time" },
  { name: "kitWindowedTsCpuUs", type: "float64", unit: "µs", description: "as kitWindowedTsUs, process CPU time" },
  { name: "kitDenseCpuUs", type: "float64", unit: "µs", description: "as kitDenseUs, process CPU time" },
  { name: "ortDenseCpuUs", type: "float64", unit: "µs", description: "as ortDenseUs, process CPU time" },
  { name: "windowedVsOrt", type: "float64", description: "ortDenseUs / kitWindowedUs" },
  { name: "windowedVsKitDense", type: "float64", description: "kitDenseUs / kitWindowedUs" },
  { name: "windowedGflops", type: "float64", unit: "GFLOP/s", description: "4·d·nnz·heads / kitWindowedUs" },
  { name: "windowedTsGflops", type: "float64", unit: "GFLOP/s", description: "4·d·nnz·heads / kitWindowedTsUs" },
  { name: "denseGflops", type: "float64", unit: "GFLOP/s", description: "4·d·n²·heads / kitDenseUs" },
  { name: "ortGflops", type: "float64", unit: "GFLOP/s", description: "4·d·n²·heads / ortDenseUs" },
  { name: "rounds", type: "int32", description: "samples (rounds) per implementation" },
] as const satisfies readonly (ColumnSpec & { name: keyof BenchResult })[];

/** The columns of each case that `npm run bench -- --json` prints (a subset of the file's columns, same names). */
export const BENCH_JSON_COLUMNS = ["n", "k", "heads", "threads", "kitWindowedUs", "kitDenseUs", "ortDenseUs", "windowedVsOrt", "windowedVsKitDense"] as const satisfies readonly (keyof BenchResult)[];

/** The committed benchmark (or the file at `path`) with its provenance. */
export function readKernelBench(path: string = KERNEL_BENCH_FILE): { rows: BenchResult[]; provenance: Provenance } {
  const table = readArrowTable(path, KERNEL_BENCH_SCHEMA);
  return { rows: typedRows<BenchResult>(table, KERNEL_BENCH_SCHEMA), provenance: table.provenance };
}

/** Writes a benchmark table (see `benchTable` in `lib/kernels/bench.ts`) to `path` atomically. */
export function writeKernelBench(path: string, table: DataTable): void {
  writeArrowTable(path, KERNEL_BENCH_SCHEMA, table);
}
