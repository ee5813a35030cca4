/**
 * `data/fig5-pruning-vs-accuracy.arrow` (kind = digitized): poster Fig. 5's markers, one row per marker,
 * written by `npm run data:digitize:fig5` from the reading converted in `lib/paper/poster-fig5.ts`.
 */
import { readArrowTable, writeArrowTable, type ColumnSpec, type TableRules } from "../arrow-table.ts";
import { typedRows } from "./typed-rows.ts";
import { dataPath } from "../../paths.ts";
import { FIG5_READING, FIG5_SOURCE, fig5Baselines, fig5Points, readFig5Reading, type Fig5Point } from "../../paper/poster-fig5.ts";
import { POSTER } from "../../paper/sources.ts";

export type { Fig5Point };

/** Output file. */
export const FIG5_FILE = dataPath("fig5-pruning-vs-accuracy.arrow");

/** Columns of the digitized table (one row per marker). */
export const FIG5_SCHEMA = [
  { name: "series", type: "utf8", text: "curve name as in the legend", description: "curve name as in the legend" },
  { name: "family", type: "utf8", values: ["NLP transformer", "ViT"], description: "NLP transformer (dynamic sparsity) or ViT (fixed masks)" },
  { name: "metric", type: "utf8", values: ["BLEU", "top-1 accuracy"], description: "BLEU (left axis) or top-1 accuracy (right axis)" },
  { name: "sparsity", type: "float64", unit: "%", decimals: 3, description: "sparsity ratio of the attention maps" },
  { name: "value", type: "float64", unit: "BLEU or %", range: [0, 100], decimals: 3, description: "BLEU score or top-1 accuracy" },
  { name: "sparsityUncertainty", type: "float64", unit: "%", description: "± reading uncertainty of sparsity" },
  { name: "valueUncertainty", type: "float64", unit: "BLEU or %", range: [0, 100], description: "± reading uncertainty of value" },
  { name: "visibility", type: "utf8", values: ["clear", "partial"], description: "clear (marker visible) or partial (largely hidden behind other markers)" },
  { name: "pixelX", type: "float64", unit: "px", range: [0, 100_000], decimals: 1, description: "marker centre in the 300-dpi crop" },
  { name: "pixelY", type: "float64", unit: "px", range: [0, 100_000], decimals: 1, description: "marker centre in the 300-dpi crop" },
] as const satisfies readonly (ColumnSpec & { name: keyof Fig5Point })[];

/** NLP transformers are read on the BLEU axis, ViTs on the accuracy axis. */
export const FIG5_RULES: TableRules = {
  rows: [{ rule: "metric is BLEU exactly for the NLP transformer family", columns: ["family", "metric"], holds: (r) => (r.metric === "BLEU") === (r.family === "NLP transformer") }],
};

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
      source: FIG5_SOURCE,
      license: "Apache-2.0 (repository licence of the poster's source)",
      sha256: POSTER.pdfSha256,
      generator: "npm run data:digitize:fig5",
      description: `${reading.figure}. Rendering: ${reading.rendering}. ${reading.reading}`,
      extra: {
        uncertainty: `clear markers: ±${reading.uncertainty.clear.sparsityPoints} sparsity points, ±${reading.uncertainty.clear.bleu} BLEU, ±${reading.uncertainty.clear.accuracy} accuracy points; partial markers: ±${reading.uncertainty.partial.sparsityPoints}, ±${reading.uncertainty.partial.bleu}, ±${reading.uncertainty.partial.accuracy}. ${reading.uncertainty.note}`,
        xAxis: reading.calibration.x.note,
        baselines: fig5Baselines(reading).map((b) => `${b.name}: ${b.value}`).join("; "),
      },
    },
  }, FIG5_RULES);
  return pts.length;
}

/** Reads the digitized Fig. 5 markers. */
export function readFig5(path = FIG5_FILE): Fig5Point[] {
  return typedRows<Fig5Point>(readArrowTable(path, FIG5_SCHEMA, FIG5_RULES), FIG5_SCHEMA);
}
