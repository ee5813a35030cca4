/**
 * `data/kernel-bench.arrow` (kind = measured): windowed vs dense attention forward times, one row per case,
 * written by `npm run bench` (`lib/kernels/bench.ts`). One schema, one typed row, one reader.
 */
import { near, readArrowTable, writeArrowTable, type ColumnSpec, type DataTable, type Provenance, type TableRules } from "../arrow-table.ts";
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

/** What NaN means in the single-thread-only columns. */
const SINGLE_THREAD = "not measured: single-thread only (2-thread rows)";
const US = [0, Infinity] as const;

/** Schema of data/kernel-bench.arrow; every column with its domain (times and ratios non-negative, density in [0, 1]). */
export const KERNEL_BENCH_SCHEMA = [
  { name: "n", type: "int32", unit: "tokens", range: [2, 1_000_000], description: "tokens (patch grid² + CLS)" },
  { name: "grid", type: "int32", unit: "patches", range: [1, 1000], description: "patch-grid side" },
  { name: "k", type: "int32", unit: "patches", range: [1, 1000], description: "window side (k×k, clipped at the border)" },
  { name: "heads", type: "int32", range: [1, 1024], description: "attention heads" },
  { name: "d", type: "int32", range: [1, 65536], description: "head dimension" },
  { name: "threads", type: "int32", range: [1, 2], description: "threads of the kit plans (rows split with a worker) and of onnxruntime (intraOpNumThreads); copying-API and TypeScript columns are single-thread only (NaN in 2-thread rows)" },
  { name: "nnz", type: "int32", unit: "entries", range: [1, 2147483647], description: "kept entries per head (window + CLS row/column)" },
  { name: "density", type: "float64", range: [0, 1], description: "nnz / n²" },
  { name: "idealWorkRatio", type: "float64", range: [1, Infinity], description: "n² / nnz: dense/windowed work ratio" },
  { name: "kitWindowedUs", type: "float64", unit: "µs", range: US, description: "kit windowed attention, WASM SIMD zero-copy plan, median wall time per forward (all heads)" },
  { name: "kitWindowedCopyUs", type: "float64", unit: "µs", range: US, nan: SINGLE_THREAD, description: "kit windowed attention, WASM SIMD via sparseAttention() (copies Q/K/V in, O out), median wall time" },
  { name: "kitWindowedTsUs", type: "float64", unit: "µs", range: US, nan: SINGLE_THREAD, description: "kit windowed attention, TypeScript backend, median wall time" },
  { name: "kitDenseUs", type: "float64", unit: "µs", range: US, description: "kit dense attention, WASM SIMD zero-copy plan, median wall time" },
  { name: "ortDenseUs", type: "float64", unit: "µs", range: US, description: "onnxruntime-node dense MatMul–Softmax–MatMul, median wall time" },
  { name: "kitWindowedCpuUs", type: "float64", unit: "µs", range: US, description: "as kitWindowedUs, process CPU time" },
  { name: "kitWindowedCopyCpuUs", type: "float64", unit: "µs", range: US, nan: SINGLE_THREAD, description: "as kitWindowedCopyUs, process CPU time" },
  { name: "kitWindowedTsCpuUs", type: "float64", unit: "µs", range: US, nan: SINGLE_THREAD, description: "as kitWindowedTsUs, process CPU time" },
  { name: "kitDenseCpuUs", type: "float64", unit: "µs", range: US, description: "as kitDenseUs, process CPU time" },
  { name: "ortDenseCpuUs", type: "float64", unit: "µs", range: US, description: "as ortDenseUs, process CPU time" },
  { name: "windowedVsOrt", type: "float64", range: [0, Infinity], description: "ortDenseUs / kitWindowedUs" },
  { name: "windowedVsKitDense", type: "float64", range: [0, Infinity], description: "kitDenseUs / kitWindowedUs" },
  { name: "windowedGflops", type: "float64", unit: "GFLOP/s", range: [0, Infinity], description: "4·d·nnz·heads / kitWindowedUs" },
  { name: "windowedTsGflops", type: "float64", unit: "GFLOP/s", range: [0, Infinity], nan: SINGLE_THREAD, description: "4·d·nnz·heads / kitWindowedTsUs" },
  { name: "denseGflops", type: "float64", unit: "GFLOP/s", range: [0, Infinity], description: "4·d·n²·heads / kitDenseUs" },
  { name: "ortGflops", type: "float64", unit: "GFLOP/s", range: [0, Infinity], description: "4·d·n²·heads / ortDenseUs" },
  { name: "rounds", type: "int32", range: [1, 1_000_000], description: "samples (rounds) per implementation" },
] as const satisfies readonly (ColumnSpec & { name: keyof BenchResult })[];

type Row = Readonly<Record<string, number | string | boolean>>;
const num = (r: Row, k: string): number => r[k] as number;
/** GFLOP/s of `flops` in `us` microseconds. */
const gflops = (flops: number, us: number): number => flops / (us * 1e3);

/** The relations between a row's columns (the derived columns are recomputed and compared). */
export const KERNEL_BENCH_RULES: TableRules = {
  rows: [
    { rule: "n = grid² + 1", columns: ["n", "grid"], holds: (r) => num(r, "n") === num(r, "grid") ** 2 + 1 },
    { rule: "k is odd and at most the grid side", columns: ["k", "grid"], holds: (r) => num(r, "k") % 2 === 1 && num(r, "k") <= num(r, "grid") },
    { rule: "nnz ≤ n²", columns: ["nnz", "n"], holds: (r) => num(r, "nnz") <= num(r, "n") ** 2 },
    { rule: "density = nnz / n²", columns: ["density", "nnz", "n"], holds: (r) => near(num(r, "density"), num(r, "nnz") / num(r, "n") ** 2) },
    { rule: "idealWorkRatio = n² / nnz", columns: ["idealWorkRatio", "nnz", "n"], holds: (r) => near(num(r, "idealWorkRatio"), num(r, "n") ** 2 / num(r, "nnz")) },
    { rule: "windowedVsOrt = ortDenseUs / kitWindowedUs", columns: ["windowedVsOrt", "ortDenseUs", "kitWindowedUs"], holds: (r) => near(num(r, "windowedVsOrt"), num(r, "ortDenseUs") / num(r, "kitWindowedUs")) },
    { rule: "windowedVsKitDense = kitDenseUs / kitWindowedUs", columns: ["windowedVsKitDense", "kitDenseUs", "kitWindowedUs"], holds: (r) => near(num(r, "windowedVsKitDense"), num(r, "kitDenseUs") / num(r, "kitWindowedUs")) },
    { rule: "windowedGflops = 4·d·nnz·heads / kitWindowedUs", columns: ["windowedGflops", "d", "nnz", "heads", "kitWindowedUs"], holds: (r) => near(num(r, "windowedGflops"), gflops(4 * num(r, "d") * num(r, "nnz") * num(r, "heads"), num(r, "kitWindowedUs"))) },
    { rule: "denseGflops = 4·d·n²·heads / kitDenseUs", columns: ["denseGflops", "d", "n", "heads", "kitDenseUs"], holds: (r) => near(num(r, "denseGflops"), gflops(4 * num(r, "d") * num(r, "n") ** 2 * num(r, "heads"), num(r, "kitDenseUs"))) },
    { rule: "ortGflops = 4·d·n²·heads / ortDenseUs", columns: ["ortGflops", "d", "n", "heads", "ortDenseUs"], holds: (r) => near(num(r, "ortGflops"), gflops(4 * num(r, "d") * num(r, "n") ** 2 * num(r, "heads"), num(r, "ortDenseUs"))) },
    {
      rule: "windowedTsGflops = 4·d·nnz·heads / kitWindowedTsUs (NaN together)",
      columns: ["windowedTsGflops", "kitWindowedTsUs"],
      holds: (r) => (Number.isNaN(num(r, "kitWindowedTsUs")) ? Number.isNaN(num(r, "windowedTsGflops")) : near(num(r, "windowedTsGflops"), gflops(4 * num(r, "d") * num(r, "nnz") * num(r, "heads"), num(r, "kitWindowedTsUs")))),
    },
    {
      rule: "the single-thread-only columns are NaN exactly in 2-thread rows",
      columns: ["threads", "kitWindowedCopyUs", "kitWindowedTsUs"],
      holds: (r) => ["kitWindowedCopyUs", "kitWindowedTsUs", "kitWindowedCopyCpuUs", "kitWindowedTsCpuUs"].every((k) => Number.isNaN(num(r, k)) === (num(r, "threads") === 2)),
    },
  ],
};

/** The columns of each case that `npm run bench -- --json` prints (a subset of the file's columns, same names). */
export const BENCH_JSON_COLUMNS = ["n", "k", "heads", "threads", "kitWindowedUs", "kitDenseUs", "ortDenseUs", "windowedVsOrt", "windowedVsKitDense"] as const satisfies readonly (keyof BenchResult)[];

/** The committed benchmark (or the file at `path`) with its provenance. */
export function readKernelBench(path: string = KERNEL_BENCH_FILE): { rows: BenchResult[]; provenance: Provenance } {
  const table = readArrowTable(path, KERNEL_BENCH_SCHEMA, KERNEL_BENCH_RULES);
  return { rows: typedRows<BenchResult>(table, KERNEL_BENCH_SCHEMA), provenance: table.provenance };
}

/** Writes a benchmark table (see `benchTable` in `lib/kernels/bench.ts`) to `path` atomically. */
export function writeKernelBench(path: string, table: DataTable): void {
  writeArrowTable(path, KERNEL_BENCH_SCHEMA, table, KERNEL_BENCH_RULES);
}
