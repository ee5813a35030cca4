/**
 * Poster Fig. 5 (from ViTCoD) as digitized data: `data/fig5-pruning-vs-accuracy.arrow` (kind = digitized),
 * written from the marker readings in `data/digitized/fig5-pruning-vs-accuracy.json`. The JSON keeps the
 * raw pixel positions and the axis calibration, so the conversion to data values happens here, in code,
 * where it can be checked.
 */
import { readFileSync } from "node:fs";
import { readArrowTable, tableRows, writeArrowTable, type ColumnSpec } from "../data/arrow-table.ts";
import { UserError } from "../errors.ts";
import { dataPath } from "../paths.ts";

/** Output file. */
export const FIG5_FILE = dataPath("fig5-pruning-vs-accuracy.arrow");
/** The marker reading. */
export const FIG5_READING = dataPath("digitized", "fig5-pruning-vs-accuracy.json");

/** sha256 of the poster PDF read (see ../shared/reference/README.md). */
export const POSTER_PDF_SHA256 = "3e7dcdc94027f3c9c288e8fa2ed7391ec77f72bcefe1492bb89ef1a2567e8774";

const SOURCE =
  "poster \"Data-aware Sparsity for ViT: Efficient Algorithm-HW Co-design with Windowed Attention\" (Kyung Hee University), Fig. 5, " +
  "itself taken from ViTCoD (H. You et al., HPCA 2023); github.com/yeonsik0710/custom_vit commit fa4db9ba04c434118a7d6a880cc1cb8f451e733e, " +
  "img/졸업프로젝트-반도체전공트랙 발표 포스터_final.pdf";

/** Series colours as in the original chart (matplotlib named colours). */
export const FIG5_COLOURS: Record<string, string> = {
  BigBird: "#a52a2a",
  "Sinkhorn k-means": "#4169e1",
  Reformer: "#d2b48c",
  "Sinkhorn quant": "#ffa500",
  Routing: "#008000",
  Longformer: "#800080",
  "DeiT-Base (InfoPruning)": "#ff0000",
  "DeiT-Small (InfoPruning)": "#4169e1",
};

/** Columns of the digitized table (one row per marker). */
export const FIG5_SCHEMA: ColumnSpec[] = [
  { name: "series", type: "utf8", description: "curve name as in the legend" },
  { name: "family", type: "utf8", description: "NLP transformer (dynamic sparsity) or ViT (fixed masks)" },
  { name: "metric", type: "utf8", description: "BLEU (left axis) or top-1 accuracy (right axis)" },
  { name: "sparsity", type: "float64", unit: "%", description: "sparsity ratio of the attention maps" },
  { name: "value", type: "float64", unit: "BLEU or %", description: "BLEU score or top-1 accuracy" },
  { name: "sparsityUncertainty", type: "float64", unit: "%", description: "± reading uncertainty of sparsity" },
  { name: "valueUncertainty", type: "float64", unit: "BLEU or %", description: "± reading uncertainty of value" },
  { name: "visibility", type: "utf8", description: "clear (marker visible) or partial (largely hidden behind other markers)" },
  { name: "pixelX", type: "float64", unit: "px", description: "marker centre in the 300-dpi crop" },
  { name: "pixelY", type: "float64", unit: "px", description: "marker centre in the 300-dpi crop" },
];

/** One digitized marker. */
export interface Fig5Point {
  series: string;
  family: string;
  metric: string;
  sparsity: number;
  value: number;
  sparsityUncertainty: number;
  valueUncertainty: number;
  visibility: string;
  pixelX: number;
  pixelY: number;
}

type Ticks = [number, number][];
interface Tolerance {
  px: number;
  sparsityPoints: number;
  bleu: number;
  accuracy: number;
}
/** Shape of the JSON reading. */
export interface Fig5Reading {
  figure: string;
  rendering: string;
  reading: string;
  calibration: { x: { note: string; ticks: Ticks }; bleu: { note: string; ticks: Ticks }; accuracy: { note: string; ticks: Ticks } };
  uncertainty: { clear: Tolerance; partial: Tolerance; note: string };
  series: { name: string; family: string; metric: "BLEU" | "top-1 accuracy"; points: [number, number, "clear" | "partial"][] }[];
  baselines: { name: string; metric: string; y: number; note: string }[];
}

/**
 * Piecewise-linear map through calibration ticks `[pixel, value]` (sorted by pixel); outside the ticks the
 * first/last segment is extended.
 */
export function piecewiseLinear(ticks: Ticks, px: number): number {
  if (ticks.length < 2) throw new UserError("axis calibration needs at least two ticks");
  let i = 0;
  while (i < ticks.length - 2 && px > ticks[i + 1]![0]) i++;
  const [p0, v0] = ticks[i]!;
  const [p1, v1] = ticks[i + 1]!;
  return v0 + ((px - p0) * (v1 - v0)) / (p1 - p0);
}

/** Converts the pixel reading into data points (sparsity in %, value in BLEU or %). */
export function fig5Points(reading: Fig5Reading): Fig5Point[] {
  const out: Fig5Point[] = [];
  const sortByPixel = (t: Ticks): Ticks => [...t].sort((a, b) => a[0] - b[0]);
  const xTicks = sortByPixel(reading.calibration.x.ticks);
  for (const s of reading.series) {
    const yTicks = sortByPixel(s.metric === "BLEU" ? reading.calibration.bleu.ticks : reading.calibration.accuracy.ticks);
    for (const [px, py, vis] of s.points) {
      const tol = reading.uncertainty[vis];
      if (!tol) throw new UserError(`fig5 reading: visibility "${vis}" of ${s.name} is neither clear nor partial`);
      out.push({
        series: s.name,
        family: s.family,
        metric: s.metric,
        sparsity: round3(piecewiseLinear(xTicks, px)),
        value: round3(piecewiseLinear(yTicks, py)),
        sparsityUncertainty: tol.sparsityPoints,
        valueUncertainty: s.metric === "BLEU" ? tol.bleu : tol.accuracy,
        visibility: vis,
        pixelX: px,
        pixelY: py,
      });
    }
  }
  return out;
}

/** Unpruned accuracies (the dashed lines) as read, by series name. */
export function fig5Baselines(reading: Fig5Reading): { name: string; value: number }[] {
  const yTicks = [...reading.calibration.accuracy.ticks].sort((a, b) => a[0] - b[0]);
  return reading.baselines.map((b) => ({ name: b.name, value: round3(piecewiseLinear(yTicks, b.y)) }));
}

/** Reads the JSON marker reading. */
export function readFig5Reading(path = FIG5_READING): Fig5Reading {
  return JSON.parse(readFileSync(path, "utf8")) as Fig5Reading;
}

/** Writes `data/fig5-pruning-vs-accuracy.arrow` from the JSON reading (deterministic bytes). */
export function writeFig5(readingPath = FIG5_READING, out = FIG5_FILE): number {
  const reading = readFig5Reading(readingPath);
  const pts = fig5Points(reading);
  const col = <K extends keyof Fig5Point>(k: K): Fig5Point[K][] => pts.map((p) => p[k]);
  writeArrowTable(out, FIG5_SCHEMA, {
    columns: {
      series: col("series"),
      family: col("family"),
      metric: col("metric"),
      sparsity: col("sparsity"),
      value: col("value"),
      sparsityUncertainty: col("sparsityUncertainty"),
      valueUncertainty: col("valueUncertainty"),
      visibility: col("visibility"),
      pixelX: col("pixelX"),
      pixelY: col("pixelY"),
    },
    provenance: {
      kind: "digitized",
      source: SOURCE,
      license: "Apache-2.0 (repository licence of the poster's source)",
      sha256: POSTER_PDF_SHA256,
      generator: "npm run data:digitize:fig5",
      description: `${reading.figure}. Rendering: ${reading.rendering}. ${reading.reading}`,
      extra: {
        uncertainty: `clear markers: ±${reading.uncertainty.clear.sparsityPoints} sparsity points, ±${reading.uncertainty.clear.bleu} BLEU, ±${reading.uncertainty.clear.accuracy} accuracy points; partial markers: ±${reading.uncertainty.partial.sparsityPoints}, ±${reading.uncertainty.partial.bleu}, ±${reading.uncertainty.partial.accuracy}. ${reading.uncertainty.note}`,
        xAxis: reading.calibration.x.note,
        baselines: fig5Baselines(reading).map((b) => `${b.name}: ${b.value}`).join("; "),
      },
    },
  });
  return pts.length;
}

/** Reads the digitized Fig. 5 markers. */
export function readFig5(path = FIG5_FILE): Fig5Point[] {
  return tableRows(readArrowTable(path, FIG5_SCHEMA)) as unknown as Fig5Point[];
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Per-series summary of the digitized curves: sparsity range and the value change from first to last marker. */
export interface Fig5SeriesSummary {
  series: string;
  family: string;
  metric: string;
  markers: number;
  minSparsity: number;
  maxSparsity: number;
  firstValue: number;
  lastValue: number;
  change: number;
}

/** Summarises each digitized series (markers sorted by sparsity). */
export function fig5SeriesSummary(points: readonly Fig5Point[]): Fig5SeriesSummary[] {
  const names = [...new Set(points.map((p) => p.series))];
  return names.map((name) => {
    const pts = points.filter((p) => p.series === name).sort((a, b) => a.sparsity - b.sparsity);
    const first = pts[0]!;
    const last = pts[pts.length - 1]!;
    return {
      series: name,
      family: first.family,
      metric: first.metric,
      markers: pts.length,
      minSparsity: first.sparsity,
      maxSparsity: last.sparsity,
      firstValue: first.value,
      lastValue: last.value,
      change: round3(last.value - first.value),
    };
  });
}

/**
 * Accuracy drop (baseline − value, in points) of each DeiT series at its marker nearest to `sparsity`,
 * using the dashed unpruned baselines read from the figure. Returns `{series: {sparsity, drop}}`.
 */
export function fig5DropNear(points: readonly Fig5Point[], baselines: readonly { name: string; value: number }[], sparsity: number): Record<string, { sparsity: number; drop: number }> {
  const out: Record<string, { sparsity: number; drop: number }> = {};
  for (const b of baselines) {
    const pts = points.filter((p) => p.series === b.name);
    if (pts.length === 0) continue;
    const nearest = pts.reduce((a, p) => (Math.abs(p.sparsity - sparsity) < Math.abs(a.sparsity - sparsity) ? p : a));
    out[b.name] = { sparsity: nearest.sparsity, drop: round3(b.value - nearest.value) };
  }
  return out;
}
