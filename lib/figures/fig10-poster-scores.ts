/// <reference lib="dom" />
/**
 * Poster Fig. 10 drawn as the poster draws it: the pre-softmax attention scores of one head over the whole
 * 197×197 windowed map (token 0 = CLS) and four query windows on the 14×14 patch grid (the query marked ×),
 * software (float64) beside the fixed-point datapath — plus their difference, which the poster does not draw.
 * Results file: `fig10-poster-scores.svg`.
 */
import type * as PlotModule from "@observablehq/plot";
import type { ScoreEntry } from "../analysis/kernel-verdicts.ts";
import { colourRampLegend, insertBeforeChart } from "./colour-legend.ts";
import { FIGURE_PART_CLASSES } from "../output/standalone-svg.ts";

/** Options of {@link fig10PosterScoresFigure}. */
export interface Fig10FigureOptions {
  /** Tokens per side of the map (197). */
  n: number;
  /** Patch grid side (14); patch tokens follow `special` CLS tokens in row-major order. */
  grid: number;
  special: number;
  /** Four query patches as [row, col] on the grid. */
  queries: readonly (readonly [number, number])[];
  /** Colour domain of the scores (the poster's colour bar runs about −2…3). */
  scoreDomain: [number, number];
  subtitle: string;
}

interface Cell {
  panel: string;
  view: string;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  fill: string;
}

const PANELS = ["SW (float64)", "HW (fixed point)", "HW − SW"] as const;
const VIEWS = ["197×197 map", "query windows"] as const;

/** Builds the figure. */
export function fig10PosterScoresFigure(Plot: typeof PlotModule, document: Document, entries: readonly ScoreEntry[], o: Fig10FigureOptions): Element {
  const scoreScale: PlotModule.ScaleOptions = { type: "linear", scheme: "viridis", domain: o.scoreDomain, clamp: true };
  const viridis = Plot.scale({ color: scoreScale });
  const maxDiff = Math.max(...entries.map((e) => Math.abs(e.hw - e.sw)), Number.MIN_VALUE);
  const diffScale: PlotModule.ScaleOptions = { type: "linear", scheme: "rdbu", domain: [maxDiff, -maxDiff] };
  const diverging = Plot.scale({ color: diffScale });
  const colour = (panel: (typeof PANELS)[number], e: ScoreEntry): string =>
    String(panel === "HW − SW" ? diverging.apply(e.hw - e.sw) : viridis.apply(panel === "SW (float64)" ? e.sw : e.hw));
  const cells: Cell[] = [];
  const gridLines: { panel: string; view: string; x1: number; x2: number; y1: number; y2: number }[] = [];
  const marks: { panel: string; view: string; x: number; y: number }[] = [];
  const u = 1 / o.n;
  const side = 0.47;
  const s = side / o.grid;
  const origin = (i: number): [number, number] => [(i % 2) * (side + 0.06), Math.floor(i / 2) * (side + 0.06)];
  for (const panel of PANELS) {
    for (const e of entries) cells.push({ panel, view: VIEWS[0], x1: e.key * u, x2: (e.key + 1) * u, y1: e.query * u, y2: (e.query + 1) * u, fill: colour(panel, e) });
    o.queries.forEach(([qr, qc], i) => {
      const [ox, oy] = origin(i);
      const q = o.special + qr * o.grid + qc;
      for (let j = 0; j <= o.grid; j++) {
        gridLines.push({ panel, view: VIEWS[1], x1: ox + j * s, x2: ox + j * s, y1: oy, y2: oy + side });
        gridLines.push({ panel, view: VIEWS[1], x1: ox, x2: ox + side, y1: oy + j * s, y2: oy + j * s });
      }
      for (const e of entries) {
        if (e.query !== q || e.key < o.special) continue;
        const kr = Math.floor((e.key - o.special) / o.grid);
        const kc = (e.key - o.special) % o.grid;
        cells.push({ panel, view: VIEWS[1], x1: ox + kc * s, x2: ox + (kc + 1) * s, y1: oy + kr * s, y2: oy + (kr + 1) * s, fill: colour(panel, e) });
      }
      marks.push({ panel, view: VIEWS[1], x: ox + (qc + 0.5) * s, y: oy + (qr + 0.5) * s });
    });
  }
  const chart = Plot.plot({
    document,
    width: 900,
    height: 640,
    marginLeft: 110,
    title: "Fig. 10 as the poster draws it: pre-softmax attention scores, SW vs HW",
    subtitle: o.subtitle,
    caption:
      `Top: every kept entry of one head's ${o.n}×${o.n} map (query down, key across; row/column 0 = CLS; the three bands are the window's rows). ` +
      `Bottom: four query windows on the ${o.grid}×${o.grid} patch grid (× = the query). SW and HW share the viridis scale ${o.scoreDomain[0]}…${o.scoreDomain[1]} ` +
      `(clamped); HW − SW uses a red–blue scale of ±${maxDiff.toExponential(1)} (blue = HW above SW).`,
    fx: { domain: [...PANELS], label: null },
    fy: { domain: [...VIEWS], label: null },
    x: { domain: [0, 1], axis: null },
    y: { domain: [1, 0], axis: null },
    color: { type: "identity" },
    marks: [
      Plot.link(gridLines, { fx: "panel", fy: "view", x1: "x1", x2: "x2", y1: "y1", y2: "y2", stroke: "#d0d0d0", strokeWidth: 0.5 }),
      Plot.rect(cells, { fx: "panel", fy: "view", x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "fill" }),
      Plot.text(marks, { fx: "panel", fy: "view", x: "x", y: "y", text: () => "×", fill: "black", fontSize: 9, fontWeight: "bold" }),
      Plot.frame({ stroke: "#888" }),
    ],
  });
  // Two colour legends side by side: the scores (SW and HW panels) and their difference.
  const legends = document.createElement("div");
  legends.setAttribute("class", FIGURE_PART_CLASSES.row);
  legends.appendChild(colourRampLegend(Plot, document, scoreScale, { label: `pre-softmax score q·k/√d (SW, HW; clamped to ${o.scoreDomain[0]}…${o.scoreDomain[1]})`, width: 420 }));
  legends.appendChild(
    colourRampLegend(Plot, document, diffScale, { label: "score difference HW − SW (same units)", width: 420, ticks: [-maxDiff, 0, maxDiff], tickFormat: (d: number) => (d === 0 ? "0" : d.toExponential(1)) }),
  );
  return insertBeforeChart(document, chart, legends);
}
