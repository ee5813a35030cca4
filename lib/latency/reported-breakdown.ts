/**
 * Poster Fig. 1 as digitized data: `data/latency-breakdown-reported.arrow` (kind = digitized), written from
 * the reading in `data/digitized/fig1-latency-breakdown.json` by `npm run data:digitize`.
 */
import { readFileSync } from "node:fs";
import { readArrowTable, tableRows, writeArrowTable, type ColumnSpec } from "../data/arrow-table.ts";
import { dataPath } from "../paths.ts";
import { FIG1_CATEGORIES, SA_CATEGORIES, type Fig1Category } from "./fig1-categories.ts";

/** Path of the digitized Fig. 1 data file. */
export const REPORTED_BREAKDOWN_FILE = dataPath("latency-breakdown-reported.arrow");

/** Columns of the digitized Fig. 1 file (long format: one row per model and category). */
export const REPORTED_BREAKDOWN_SCHEMA: ColumnSpec[] = [
  { name: "model", type: "utf8" },
  { name: "category", type: "utf8", description: "Fig. 1 category, or 'unlabelled' for the remainder" },
  { name: "percent", type: "float64", unit: "%", description: "share of measured latency" },
  { name: "origin", type: "utf8", description: "'bar label' (read off the poster) or 'remainder' (100 minus the labels)" },
];

/** One row of the digitized breakdown. */
export interface BreakdownRow {
  model: string;
  category: Fig1Category;
  percent: number;
  origin: "bar label" | "remainder";
}

interface Fig1Reading {
  figure: string;
  reading: string;
  uncertainty: string;
  categories: string[];
  models: Record<string, number[]>;
}

const POSTER_SOURCE =
  "poster \"Data-aware Sparsity for ViT: Efficient Algorithm-HW Co-design with Windowed Attention\" (Kyung Hee University), Fig. 1; " +
  "github.com/yeonsik0710/custom_vit commit fa4db9ba04c434118a7d6a880cc1cb8f451e733e, img/졸업프로젝트-반도체전공트랙 발표 포스터_final.pdf";

/** sha256 of the poster PDF the figure was read from (see ../shared/reference/README.md). */
export const POSTER_SHA256 = "3e7dcdc94027f3c9c288e8fa2ed7391ec77f72bcefe1492bb89ef1a2567e8774";

/**
 * Converts the JSON reading of Fig. 1 into rows, adding the unlabelled remainder (100 − Σ labels) per model.
 * @throws Error when the reading's categories differ from {@link FIG1_CATEGORIES} or a model's values are malformed.
 */
export function breakdownRowsFromReading(reading: Fig1Reading): BreakdownRow[] {
  const labelled = FIG1_CATEGORIES.slice(0, -1);
  if (JSON.stringify(reading.categories) !== JSON.stringify(labelled)) {
    throw new Error(`Fig. 1 reading: categories ${JSON.stringify(reading.categories)} differ from ${JSON.stringify(labelled)}`);
  }
  const rows: BreakdownRow[] = [];
  for (const [model, values] of Object.entries(reading.models)) {
    if (values.length !== labelled.length || values.some((v) => !Number.isFinite(v) || v < 0)) {
      throw new Error(`Fig. 1 reading: model "${model}" needs ${labelled.length} non-negative numbers, got ${JSON.stringify(values)}`);
    }
    labelled.forEach((category, i) => rows.push({ model, category, percent: values[i]!, origin: "bar label" }));
    const sum = values.reduce((a, b) => a + b, 0);
    rows.push({ model, category: "unlabelled", percent: 100 - sum, origin: "remainder" });
  }
  return rows;
}

/** Writes `data/latency-breakdown-reported.arrow` from the JSON reading of the poster figure. */
export function writeReportedBreakdown(readingPath = dataPath("digitized", "fig1-latency-breakdown.json"), out = REPORTED_BREAKDOWN_FILE): void {
  const reading = JSON.parse(readFileSync(readingPath, "utf8")) as Fig1Reading;
  const rows = breakdownRowsFromReading(reading);
  writeArrowTable(out, REPORTED_BREAKDOWN_SCHEMA, {
    columns: {
      model: rows.map((r) => r.model),
      category: rows.map((r) => r.category),
      percent: rows.map((r) => r.percent),
      origin: rows.map((r) => r.origin),
    },
    provenance: {
      kind: "digitized",
      source: POSTER_SOURCE,
      license: "Apache-2.0 (repository licence of the poster's source)",
      sha256: POSTER_SHA256,
      generator: "npm run data:digitize",
      description: `${reading.figure}. ${reading.reading}`,
      extra: { uncertainty: reading.uncertainty },
    },
  });
}

/** Reads the digitized Fig. 1 rows. */
export function readReportedBreakdown(path = REPORTED_BREAKDOWN_FILE): BreakdownRow[] {
  return tableRows(readArrowTable(path, REPORTED_BREAKDOWN_SCHEMA)) as unknown as BreakdownRow[];
}

/** Self-attention share per model: the sum of the SA-* categories (the poster's "Self-Attention module"). */
export function selfAttentionShares(rows: readonly BreakdownRow[]): { model: string; saPercent: number }[] {
  const models = [...new Set(rows.map((r) => r.model))];
  return models.map((model) => ({
    model,
    saPercent: rows.filter((r) => r.model === model && SA_CATEGORIES.includes(r.category)).reduce((a, r) => a + r.percent, 0),
  }));
}

/** One model per row, one column per category plus the SA total: the table under Fig. 1. */
export function breakdownByModel(rows: readonly BreakdownRow[]): Record<string, string | number>[] {
  const models = [...new Set(rows.map((r) => r.model))];
  const sa = new Map(selfAttentionShares(rows).map((s) => [s.model, s.saPercent]));
  return models.map((model) => {
    const out: Record<string, string | number> = { model };
    for (const r of rows) if (r.model === model) out[r.category] = r.percent;
    out["SA total"] = sa.get(model)!;
    return out;
  });
}
