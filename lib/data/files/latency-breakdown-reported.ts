/**
 * `data/latency-breakdown-reported.arrow` (kind = digitized): poster Fig. 1's bar labels, one row per model and
 * category, written by `npm run data:digitize` from the reading in `data/digitized/fig1-latency-breakdown.json`
 * (converted in `lib/paper/poster-fig1.ts`).
 */
import { readFileSync } from "node:fs";
import { readArrowTable, writeArrowTable, type ColumnSpec, type TableRules } from "../arrow-table.ts";
import { typedRows } from "./typed-rows.ts";
import { dataPath } from "../../paths.ts";
import { breakdownRowsFromReading, FIG1_CATEGORIES, FIG1_SOURCE, type BreakdownRow, type Fig1Reading } from "../../paper/poster-fig1.ts";
import { POSTER } from "../../paper/sources.ts";
import { verifyDataFile } from "../manifest.ts";

export type { BreakdownRow };

/** Path of the digitized Fig. 1 data file. */
export const REPORTED_BREAKDOWN_FILE = dataPath("latency-breakdown-reported.arrow");

/** Columns of the digitized Fig. 1 file (long format: one row per model and category). */
export const REPORTED_BREAKDOWN_SCHEMA = [
  { name: "model", type: "utf8", text: "the model as Fig. 1 labels it" },
  { name: "category", type: "utf8", values: FIG1_CATEGORIES, description: "Fig. 1 category, or 'unlabelled' for the remainder" },
  { name: "percent", type: "float64", unit: "%", decimals: 0, description: "share of measured latency" },
  { name: "origin", type: "utf8", values: ["bar label", "remainder"], description: "'bar label' (read off the poster) or 'remainder' (100 minus the labels)" },
] as const satisfies readonly (ColumnSpec & { name: keyof BreakdownRow })[];

/** A row's origin matches its category: the unlabelled remainder is computed, every other share read off a bar. */
export const REPORTED_BREAKDOWN_RULES: TableRules = {
  rows: [{ rule: "origin is remainder exactly for the unlabelled category", columns: ["origin", "category"], holds: (r) => (r.origin === "remainder") === (r.category === "unlabelled") }],
};

/** Writes `data/latency-breakdown-reported.arrow` from the JSON reading of the poster figure. */
export function writeReportedBreakdown(readingPath = dataPath("digitized", "fig1-latency-breakdown.json"), out = REPORTED_BREAKDOWN_FILE): void {
  const bytes = readFileSync(readingPath);
  verifyDataFile(readingPath, bytes);
  const reading = JSON.parse(bytes.toString("utf8")) as Fig1Reading;
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
      source: FIG1_SOURCE,
      license: "Apache-2.0 (repository licence of the poster's source)",
      sha256: POSTER.pdfSha256,
      generator: "npm run data:digitize",
      description: `${reading.figure}. ${reading.reading}`,
      extra: { uncertainty: reading.uncertainty },
    },
  }, REPORTED_BREAKDOWN_RULES);
}

/** Reads the digitized Fig. 1 rows. */
export function readReportedBreakdown(path = REPORTED_BREAKDOWN_FILE): BreakdownRow[] {
  return typedRows<BreakdownRow>(readArrowTable(path, REPORTED_BREAKDOWN_SCHEMA, REPORTED_BREAKDOWN_RULES), REPORTED_BREAKDOWN_SCHEMA);
}
