/// <reference lib="dom" />
/**
 * Figures of notebook 06-accuracy (Observable Plot, headless-safe marks only: no raster, swatch legends).
 */
import type * as PlotModule from "@observablehq/plot";
import type { LocalityRow, StudyRow } from "./study-data.ts";
import type { PairedComparison } from "./study-report.ts";

type PlotApi = typeof PlotModule;

/** Colours of the two variants (colour-blind-safe). */
export const VARIANT_COLOURS: Record<string, string> = { full: "#1b9e77", "windowed-lower": "#d95f02" };

function variantScale(variants: readonly string[]): { domain: string[]; range: string[]; legend: boolean } {
  return { domain: [...variants], range: variants.map((v) => VARIANT_COLOURS[v] ?? "#666"), legend: true };
}

/**
 * Attention of one query patch over the patch grid, per layer (rows) and head (columns): the spatial
 * view of Fig. 7. The query's cell is outlined, its 3×3 window dashed.
 */
export function queryAttentionFigure(
  Plot: PlotApi,
  document: Document,
  cells: readonly { layer: number; head: number; row: number; col: number; weight: number; cls: number }[],
  o: { title: string; caption: string; gridSide: number; queryRow: number; queryCol: number; panel?: number },
): Element {
  const layers = [...new Set(cells.map((c) => c.layer))];
  const heads = [...new Set(cells.map((c) => c.head))];
  const panel = o.panel ?? 110;
  const data = cells.map((c) => ({ ...c, L: `L${c.layer}`, H: `head ${c.head}`, x1: c.col, x2: c.col + 1, y1: c.row, y2: c.row + 1 }));
  const frames = layers.flatMap((l) => heads.map((h) => ({ L: `L${l}`, H: `head ${h}` })));
  const q = { x1: o.queryCol, x2: o.queryCol + 1, y1: o.queryRow, y2: o.queryRow + 1 };
  const w = { x1: Math.max(0, o.queryCol - 1), x2: Math.min(o.gridSide, o.queryCol + 2), y1: Math.max(0, o.queryRow - 1), y2: Math.min(o.gridSide, o.queryRow + 2) };
  return Plot.plot({
    document,
    width: heads.length * panel + 70,
    aspectRatio: 1,
    marginLeft: 10,
    marginRight: 50,
    marginTop: 30,
    marginBottom: 10,
    title: o.title,
    caption: o.caption,
    fx: { domain: heads.map((h) => `head ${h}`), label: null, axis: "top" },
    fy: { domain: layers.map((l) => `L${l}`), label: null, axis: "right" },
    x: { domain: [0, o.gridSide], axis: null },
    y: { domain: [0, o.gridSide], reverse: true, axis: null },
    color: { type: "sqrt", scheme: "viridis", legend: false },
    marks: [
      Plot.rect(data, { fx: "H", fy: "L", x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "weight" }),
      Plot.rect(frames, { fx: "H", fy: "L", x1: () => w.x1, x2: () => w.x2, y1: () => w.y1, y2: () => w.y2, stroke: "white", strokeDasharray: "3 2", fill: "none" }),
      Plot.rect(frames, { fx: "H", fy: "L", x1: () => q.x1, x2: () => q.x2, y1: () => q.y1, y2: () => q.y2, stroke: "red", strokeWidth: 1.5, fill: "none" }),
    ],
  });
}

/** Full n×n mean attention map per layer (heads averaged): query down, key across; token 0 = CLS. */
export function meanMapFigure(Plot: PlotApi, document: Document, maps: readonly Float32Array[][], n: number, o: { title: string; caption: string; panel?: number }): Element {
  const data: { L: string; x1: number; y1: number; weight: number }[] = [];
  maps.forEach((heads, l) => {
    for (let q = 0; q < n; q++) for (let k = 0; k < n; k++) {
      let s = 0;
      for (const h of heads) s += h[q * n + k]!;
      data.push({ L: `L${l}`, x1: k, y1: q, weight: s / heads.length });
    }
  });
  const panel = o.panel ?? 170;
  return Plot.plot({
    document,
    width: maps.length * panel + 40,
    aspectRatio: 1,
    marginTop: 30,
    marginLeft: 10,
    marginRight: 10,
    title: o.title,
    caption: o.caption,
    fx: { domain: maps.map((_, l) => `L${l}`), label: null, axis: "top" },
    x: { domain: [0, n], axis: null },
    y: { domain: [0, n], reverse: true, axis: null },
    color: { type: "sqrt", scheme: "viridis", legend: false },
    marks: [Plot.rect(data, { fx: "L", x1: "x1", x2: (d: { x1: number }) => d.x1 + 1, y1: "y1", y2: (d: { y1: number }) => d.y1 + 1, fill: "weight" })],
  });
}

/** Test accuracy after each epoch against training images seen, one line per run, one panel per phase. */
export function learningCurvesFigure(Plot: PlotApi, document: Document, rows: readonly StudyRow[], o: { caption: string }): Element {
  const data = rows.map((r) => ({ ...r, run: `${r.phase} ${r.variant} seed ${r.seed}`, millions: r.imagesSeen / 1e6 }));
  const variants = [...new Set(rows.map((r) => r.variant))];
  return Plot.plot({
    document,
    width: 760,
    height: 300,
    marginBottom: 40,
    title: "Fashion-MNIST test accuracy (all 10,000 test images) after each epoch",
    caption: o.caption,
    fx: { domain: ["pretrain", "finetune", "scratch"].filter((p) => rows.some((r) => r.phase === p)), label: null },
    x: { label: "training images seen (millions) →" },
    y: { label: "↑ test accuracy (%)", grid: true },
    color: variantScale(variants),
    marks: [
      Plot.line(data, { fx: "phase", x: "millions", y: "testAccuracy", z: "run", stroke: "variant", strokeOpacity: 0.8 }),
      Plot.dot(data, { fx: "phase", x: "millions", y: "testAccuracy", fill: "variant", r: 2.5 }),
    ],
  });
}

/** Paired differences windowed − full per fine-tune seed (dots), their mean and 95 % interval (rule). */
export function pairedDifferenceFigure(Plot: PlotApi, document: Document, paired: PairedComparison, o: { caption: string }): Element {
  const d = paired.difference;
  return Plot.plot({
    document,
    width: 640,
    height: 160,
    marginLeft: 120,
    title: "Fine-tuned windowed-lower − full, final test accuracy (percentage points)",
    caption: o.caption,
    y: { label: null, domain: ["per seed", "mean, 95 % CI"] },
    x: { label: "windowed − full (pp) →", grid: true },
    marks: [
      Plot.ruleX([0], { stroke: "#999" }),
      Plot.dot(paired.seeds, { x: "difference", y: () => "per seed", fill: "#d95f02", r: 5, title: (s: { seed: number }) => `seed ${s.seed}` }),
      Plot.ruleY([{ low: d.low, high: d.high }], { x1: "low", x2: "high", y: () => "mean, 95 % CI", stroke: "black", strokeWidth: 2 }),
      Plot.dot([{ mean: d.mean }], { x: "mean", y: () => "mean, 95 % CI", fill: "black", r: 5 }),
    ],
  });
}

/** Per layer and head: a locality metric (dots per head, heads' mean as a bar) against its uniform baseline. */
export function localityFigure(
  Plot: PlotApi,
  document: Document,
  rows: readonly LocalityRow[],
  o: { metric: "windowShare" | "selfShare" | "meanAttentionDistance"; title: string; caption: string; label: string },
): Element {
  const uniformKey = { windowShare: "uniformWindowShare", selfShare: "uniformSelfShare", meanAttentionDistance: "uniformMeanAttentionDistance" }[o.metric] as keyof LocalityRow;
  const scale = o.metric === "meanAttentionDistance" ? 1 : 100;
  const data = rows.map((r) => ({ L: `L${r.layer}`, head: r.head, value: scale * (r[o.metric] as number), uniform: scale * (r[uniformKey] as number), windowed: r.windowed }));
  const layers = [...new Set(data.map((d) => d.L))];
  const means = layers.map((L) => {
    const g = data.filter((d) => d.L === L);
    return { L, value: g.reduce((a, d) => a + d.value, 0) / g.length, uniform: g[0]!.uniform, windowed: g[0]!.windowed };
  });
  return Plot.plot({
    document,
    width: 640,
    height: 260,
    title: o.title,
    caption: o.caption,
    x: { label: "layer (block)", domain: layers },
    y: { label: o.label, grid: true, zero: true },
    marks: [
      Plot.barY(means, { x: "L", y: "value", fill: (d: { windowed: boolean }) => (d.windowed ? "#fdd0a2" : "#9ecae1"), insetLeft: 8, insetRight: 8 }),
      Plot.dot(data, { x: "L", y: "value", fill: "black", r: 2.5 }),
      Plot.tickY(means, { x: "L", y: "uniform", stroke: "#d62728", strokeWidth: 2, strokeDasharray: "4 2" }),
      Plot.ruleY([0]),
    ],
  });
}
