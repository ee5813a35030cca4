/// <reference lib="dom" />
/**
 * Figure `speedup-vs-window`: windowed attention speedup over dense attention vs window side.
 */
import type * as PlotModule from "@observablehq/plot";
import type { BenchResult } from "../data/files/kernel-bench.ts";

/** Speedup of windowed attention (kit WASM) over dense attention vs window side, one panel per N. */
export function speedupFigure(Plot: typeof PlotModule, document: Document, rows: readonly BenchResult[]): Element {
  const series = rows.flatMap((r) => [
    { n: `N = ${r.n}`, k: r.k, speedup: r.windowedVsOrt, series: "vs onnxruntime dense" },
    { n: `N = ${r.n}`, k: r.k, speedup: r.windowedVsKitDense, series: "vs kit dense (WASM)" },
    { n: `N = ${r.n}`, k: r.k, speedup: r.idealWorkRatio, series: "ideal: n² / nnz (work ratio)" },
  ]);
  const label = (d: { speedup: number }): string => `${d.speedup.toFixed(1)}×`;
  const idealOf = (d: { n: string; k: number }): number => series.find((e) => e.series.startsWith("ideal") && e.n === d.n && e.k === d.k)?.speedup ?? Infinity;
  const kit = series.filter((d) => d.series === "vs kit dense (WASM)");
  const kitBelow = kit.filter((d) => idealOf(d) >= d.speedup);
  const kitAbove = kit.filter((d) => idealOf(d) < d.speedup);
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
      // Labels off the lines: onnxruntime's above-right of its point; the kit's below its point, or above where
      // the ideal (dashed) line runs below it.
      Plot.text(series.filter((d) => d.series === "vs onnxruntime dense"), { fx: "n", x: "k", y: "speedup", text: label, dx: 4, dy: -10, textAnchor: "start", fontSize: 10 }),
      Plot.text(kitBelow, { fx: "n", x: "k", y: "speedup", text: label, dy: 13, fontSize: 10 }),
      Plot.text(kitAbove, { fx: "n", x: "k", y: "speedup", text: label, dy: -11, fontSize: 10 }),
    ],
  });
}
