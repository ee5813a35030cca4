/**
 * Poster Fig. 5 (taken from ViTCoD's paper), digitized: the marker reading in
 * `data/digitized/fig5-pruning-vs-accuracy.json` keeps the raw pixel positions and the axis calibration, and
 * the conversion to data values happens here, in code, where it can be checked. The converted markers are
 * stored in `data/fig5-pruning-vs-accuracy.arrow` (`lib/data/files/fig5-pruning-vs-accuracy.ts`).
 */
import { readFileSync } from "node:fs";
import { UserError } from "../errors.ts";
import { dataPath } from "../paths.ts";
import { POSTER_PDF_LOCATION, posterCitation } from "./sources.ts";
import { verifyDataFile } from "../data/manifest.ts";

/** The marker reading. */
export const FIG5_READING = dataPath("digitized", "fig5-pruning-vs-accuracy.json");

/** The figure as the kit cites it (digitized data files record it as their source). */
export const FIG5_SOURCE = `${posterCitation("Fig. 5")}, itself taken from ViTCoD (H. You et al., HPCA 2023); ${POSTER_PDF_LOCATION}`;

/** Series colours as in the original chart (matplotlib named colours). */
export const FIG5_COLOURS: Record<string, string> = {
  BigBird: "#a52a2a",
  "Sinkhorn k-means": "#4169e1",
  Reformer: "#d2b48c",
  "Sinkhorn quant": "#ffa500",
  Routing: "#008000",
  Longformer: "#800080",
  "DeiT-Base (InfoPruning)": "#ff0000",
  // The poster draws DeiT-Small in the same blue as Sinkhorn k-means; the kit uses teal so the two can be told apart.
  "DeiT-Small (InfoPruning)": "#17a2b8",
};

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

/** Reads the JSON marker reading (checked against data/manifest.json when it is the committed one). */
export function readFig5Reading(path = FIG5_READING): Fig5Reading {
  const bytes = readFileSync(path);
  verifyDataFile(path, bytes);
  return JSON.parse(bytes.toString("utf8")) as Fig5Reading;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
