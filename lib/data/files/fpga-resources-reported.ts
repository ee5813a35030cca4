/**
 * Poster Fig. 12 as reported data: `data/fpga-resources-reported.arrow` (kind = reported), written by
 * `npm run data:fig12` from the quoted tables in `lib/paper/poster-fig12.ts`, and its typed reader.
 * Long format: one row per item (a utilisation resource or a power component).
 */
import { readArrowTable, tableRows, writeArrowTable, type ColumnSpec, type DataTable, type TableRules } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";
import { FIG12_POWER, FIG12_RESOURCES } from "../../paper/poster-fig12.ts";
import { POSTER_PDF_LOCATION, posterCitation } from "../../paper/sources.ts";

/** Path of the Fig. 12 data file. */
export const FIG12_FILE = dataPath("fpga-resources-reported.arrow");

/** Columns of the Fig. 12 file. */
export const FIG12_SCHEMA: ColumnSpec[] = [
  { name: "section", type: "utf8", values: ["utilization", "power"], description: "'utilization' (resource table) or 'power' (on-chip power panel)" },
  { name: "item", type: "utf8", text: "a resource or power component as printed", description: "resource (LUT, LUTRAM, FF, BRAM, DSP) or power component as printed" },
  { name: "value", type: "float64", unit: "count | W", range: [0, Infinity], decimals: 3, description: "used count (utilization) or watts (power)" },
  { name: "valueBound", type: "utf8", values: ["", "<"], description: "'<' where the figure prints an upper bound (e.g. <0.001 W), else ''" },
  { name: "available", type: "float64", nan: "not reported", unit: "count", range: [1, Infinity], decimals: 0, description: "available on the XC7Z020 (utilization rows; NaN for power)" },
  { name: "percent", type: "float64", unit: "%", decimals: 2, description: "printed utilisation % or power share %" },
  { name: "percentBound", type: "utf8", values: ["", "<"], description: "'<' where the share is printed as '<1%', else ''" },
];

/** Utilisation rows state what is available and print used/available as their percent; power rows do not. */
export const FIG12_RULES: TableRules = {
  rows: [
    { rule: "available is given exactly for utilization rows", columns: ["section", "available"], holds: (r) => Number.isNaN(r.available as number) === (r.section === "power") },
    {
      rule: "a utilization row's percent is 100·value/available (to the printed rounding, ±0.5)",
      columns: ["value", "available", "percent"],
      holds: (r) => r.section !== "utilization" || Math.abs((r.percent as number) - (100 * (r.value as number)) / (r.available as number)) <= 0.5,
    },
  ],
};

const POSTER_SOURCE = `${posterCitation("Fig. 12 (Vivado utilization and on-chip power of the Zybo Z7-20 implementation)")}; ${POSTER_PDF_LOCATION}`;

/** The Fig. 12 table with provenance (kind reported: numbers printed in the figure, typed in). */
export function fig12Table(): DataTable {
  const rows = [
    ...FIG12_RESOURCES.map((r) => ({ section: "utilization", item: r.resource, value: r.used, valueBound: "", available: r.available, percent: r.percent, percentBound: "" })),
    ...FIG12_POWER.map((p) => ({ section: "power", item: p.component, value: p.watts, valueBound: p.bound, available: Number.NaN, percent: p.percent, percentBound: p.percentBound })),
  ];
  return {
    columns: {
      section: rows.map((r) => r.section),
      item: rows.map((r) => r.item),
      value: Float64Array.from(rows.map((r) => r.value)),
      valueBound: rows.map((r) => r.valueBound),
      available: Float64Array.from(rows.map((r) => r.available)),
      percent: Float64Array.from(rows.map((r) => r.percent)),
      percentBound: rows.map((r) => r.percentBound),
    },
    provenance: {
      kind: "reported",
      source: POSTER_SOURCE,
      license: "Apache-2.0",
      generator: "npm run data:fig12",
      description:
        "Poster Fig. 12: FPGA resource utilisation (LUT 20,879 / 53,200; LUTRAM 172 / 17,400; FF 5,181 / 106,400; BRAM 131 / 140; " +
        "DSP 20 / 220) and on-chip power (dynamic 1.402 W of which PS7 1.398 W, device static 0.150 W) of the windowed-attention " +
        "accelerator on a Zybo Z7-20, typed in from the figure.",
    },
  };
}

/** Writes `data/fpga-resources-reported.arrow` (atomic, byte-identical on rerun). */
export function writeFig12(path: string = FIG12_FILE): void {
  writeArrowTable(path, FIG12_SCHEMA, fig12Table(), FIG12_RULES);
}

/** Reads the Fig. 12 file as rows. */
export function readFig12(path: string = FIG12_FILE): Record<string, number | string | boolean>[] {
  return tableRows(readArrowTable(path, FIG12_SCHEMA, FIG12_RULES));
}
