/// <reference lib="dom" />
/**
 * Figure `gflops-vs-density`: achieved GFLOP/s vs attention density.
 */
import type * as PlotModule from "@observablehq/plot";
import type { BenchResult } from "../data/files/kernel-bench.ts";

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
  const sizes = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b).map((n) => {
    const side = Math.round(Math.sqrt(n - 1));
    return side * side + 1 === n ? `${side}×${side}+CLS (N=${n})` : `N=${n}`;
  }).join(" and ");
  return Plot.plot({
    document,
    width: 820,
    height: 400,
    title: "Achieved arithmetic rate vs attention density",
    subtitle: "4·d flops per kept entry and head (SDDMM + SpMM; softmax not counted), 1 thread (measured)",
    caption: `Density = nnz / n² of the ${sizes} windowed masks; dense attention at density 1.`,
    x: { type: "log", label: "density (nnz / n²)", grid: true, tickFormat: "~g" },
    y: { type: "log", label: "GFLOP/s", grid: true, tickFormat: "~g" },
    color: { legend: true },
    marks: [
      Plot.dot(points, { x: "density", y: "gflops", fill: "impl", r: 4, tip: true }),
      Plot.text(points.filter((p) => p.impl === "kit windowed, WASM SIMD"), { x: "density", y: "gflops", text: "label", dy: -10, fontSize: 9 }),
    ],
  });
}
