/// <reference lib="dom" />
/**
 * Figures of notebook 04 (Observable Plot builders for `saveFigure`): speedup vs window and token
 * count with the ideal work ratio, GFLOP/s vs density, the fixed-point RMS curve (poster Fig. 10) and
 * an SW-vs-HW attention map.
 */
import type * as PlotModule from "@observablehq/plot";
import type { BenchResult } from "./bench.ts";
import type { FixedPointSweepRow, MapCell } from "./report.ts";

/** Speedup of windowed attention (kit WASM) over dense attention vs window side, one panel per N. */
export function speedupFigure(Plot: typeof PlotModule, document: Document, rows: readonly BenchResult[]): Element {
  const series = rows.flatMap((r) => [
    { n: `N = ${r.n}`, k: r.k, speedup: r.windowedVsOrt, series: "vs onnxruntime dense" },
    { n: `N = ${r.n}`, k: r.k, speedup: r.windowedVsKitDense, series: "vs kit dense (WASM)" },
    { n: `N = ${r.n}`, k: r.k, speedup: r.idealWorkRatio, series: "ideal: n² / nnz (work ratio)" },
  ]);
  return Plot.plot({
    document,
    width: 820,
    height: 380,
    title: "Windowed attention speedup over dense attention",
    subtitle: "kit WASM SIMD windowed kernel, 3 heads, d = 64, 1 thread (data/kernel-bench.arrow, measured)",
    caption: "Speedup = dense time / windowed time, medians of interleaved rounds in one run. Dashed: the work ratio n²/nnz a time ∝ work kernel would reach.",
    marginRight: 50,
    fx: { label: null },
    x: { label: "window side k", ticks: [...new Set(rows.map((r) => r.k))], tickFormat: "d", inset: 20 },
    y: { type: "log", label: "speedup (×)", grid: true, tickFormat: "~g" },
    color: { legend: true, domain: ["vs onnxruntime dense", "vs kit dense (WASM)", "ideal: n² / nnz (work ratio)"], range: ["#d62728", "#1f77b4", "#7f7f7f"] },
    marks: [
      Plot.ruleY([1]),
      Plot.lineY(series.filter((d) => !d.series.startsWith("ideal")), { fx: "n", x: "k", y: "speedup", stroke: "series" }),
      Plot.lineY(series.filter((d) => d.series.startsWith("ideal")), { fx: "n", x: "k", y: "speedup", stroke: "series", strokeDasharray: "4 3" }),
      Plot.dot(series, { fx: "n", x: "k", y: "speedup", fill: "series", r: 3.5 }),
      Plot.text(series.filter((d) => !d.series.startsWith("ideal")), { fx: "n", x: "k", y: "speedup", text: (d: { speedup: number }) => `${d.speedup.toFixed(1)}×`, dx: 7, textAnchor: "start", fontSize: 10 }),
    ],
  });
}

/** Achieved GFLOP/s vs density (nnz / n²) for every implementation. */
export function gflopsFigure(Plot: typeof PlotModule, document: Document, rows: readonly BenchResult[]): Element {
  const points = [
    ...rows.map((r) => ({ density: r.density, gflops: r.windowedGflops, impl: "kit windowed, WASM SIMD", label: `N=${r.n} k=${r.k}` })),
    ...rows.map((r) => ({ density: r.density, gflops: r.windowedTsGflops, impl: "kit windowed, TypeScript", label: `N=${r.n} k=${r.k}` })),
    ...[...new Map(rows.map((r) => [r.n, r])).values()].flatMap((r) => [
      { density: 1, gflops: r.denseGflops, impl: "kit dense, WASM SIMD", label: `N=${r.n}` },
      { density: 1, gflops: r.ortGflops, impl: "onnxruntime dense", label: `N=${r.n}` },
    ]),
  ];
  return Plot.plot({
    document,
    width: 820,
    height: 400,
    title: "Achieved arithmetic rate vs attention density",
    subtitle: "4·d flops per kept entry and head (SDDMM + SpMM; softmax not counted), 1 thread (measured)",
    caption: "Density = nnz / n² of the 14×14+CLS (N=197) and 56×56+CLS (N=3137) windowed masks; dense attention at density 1.",
    x: { type: "log", label: "density (nnz / n²)", grid: true, tickFormat: "~g" },
    y: { type: "log", label: "GFLOP/s", grid: true, tickFormat: "~g" },
    color: { legend: true },
    marks: [
      Plot.dot(points, { x: "density", y: "gflops", fill: "impl", r: 4, tip: true }),
      Plot.text(points.filter((p) => p.impl === "kit windowed, WASM SIMD"), { x: "density", y: "gflops", text: "label", dy: -10, fontSize: 9 }),
    ],
  });
}

/** RMS error vs bit width of the fixed-point SDDMM, with poster Fig. 10's value as a reference line. */
export function rmsCurveFigure(Plot: typeof PlotModule, document: Document, sweep: readonly FixedPointSweepRow[], posterPercent: number): Element {
  const series = sweep.flatMap((r) => [
    { bits: r.bits, rms: r.rmsDatapathPercent, series: "scores, every stage at B bits" },
    { bits: r.bits, rms: r.rmsExactProductsPercent, series: "scores, B-bit Q/K/output, exact products" },
    { bits: r.bits, rms: r.rmsProbabilitiesPercent, series: "probabilities (float softmax of B-bit scores)" },
  ]);
  return Plot.plot({
    document,
    width: 820,
    height: 400,
    title: "Fixed-point attention map error vs bit width (poster Fig. 10: SW vs HW)",
    subtitle: "RMS error (%) = 100·RMS(HW − SW)/RMS(SW) over every kept entry; 14×14+CLS, k = 3, 3 heads, d = 64, Q, K ~ N(0, 1)",
    caption: `Dashed: poster Fig. 10's overall RMS error, ${posterPercent} % (quoted; the poster states neither its definition nor its formats).`,
    x: { label: "bit width B", ticks: sweep.map((r) => r.bits) },
    y: { type: "log", label: "RMS error (%)", grid: true, tickFormat: "~g" },
    color: { legend: true },
    marks: [
      Plot.ruleY([posterPercent], { stroke: "#444", strokeDasharray: "5 4" }),
      Plot.text([posterPercent], { x: sweep[0]?.bits ?? 0, y: (d: number) => d, text: () => "poster Fig. 10", dy: -8, textAnchor: "start", fontSize: 10 }),
      Plot.lineY(series, { x: "bits", y: "rms", stroke: "series" }),
      Plot.dot(series, { x: "bits", y: "rms", fill: "series", r: 3 }),
    ],
  });
}

/** The attention probabilities of one head, SW and HW side by side (first tokens). */
export function mapsFigure(Plot: typeof PlotModule, document: Document, cells: readonly MapCell[], title: string): Element {
  return Plot.plot({
    document,
    width: 820,
    height: 440,
    title,
    subtitle: "Attention probabilities of the first tokens (CLS = 0, then patches row-major); blank = masked (exactly 0)",
    fx: { label: null, domain: ["SW (float64)", "HW (fixed point)"] },
    x: { label: "key token", axis: "top", ticks: [0, 10, 20, 30, 40] },
    y: { label: "query token", ticks: [0, 10, 20, 30, 40] },
    color: { scheme: "blues", type: "sqrt", legend: false },
    marks: [Plot.cell(cells, { fx: "map", x: "key", y: "query", fill: "value", inset: 0 })],
  });
}
