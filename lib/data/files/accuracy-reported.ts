/**
 * The accuracy numbers the sources report, as data: `data/accuracy-reported.arrow` (kind = reported), written
 * by `npm run data:accuracy-reported` from the poster's Table 1 (`lib/paper/poster-table1.ts`) and the quoted
 * accuracy claims of ViTCoD's project page and HeatViT's abstract (`lib/paper/reported-accuracy.ts`), and its
 * typed reader. Nothing here is measured by the kit.
 */
import { readArrowTable, writeArrowTable, type DataTable, type TableRules } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";
import { POSTER_TABLE1, POSTER_TABLE1_LOCATION } from "../../paper/poster-table1.ts";
import { REPORTED_ACCURACY_CLAIMS, reportedClaimEntry, sourceRecordText } from "../../paper/reported-accuracy.ts";
import { HEATVIT, POSTER, POSTER_PDF_LOCATION, posterCitation, VITCOD_PROJECT_PAGE } from "../../paper/sources.ts";
import { typedRows, type RowSchema } from "./typed-rows.ts";

/** Path of the file. */
export const ACCURACY_REPORTED_FILE = dataPath("accuracy-reported.arrow");

/** One row of data/accuracy-reported.arrow. */
export interface AccuracyReportedRow {
  /** `table1` = a row of the poster's Table 1; `quoted-claim` = an accuracy claim quoted from a source. */
  record: string;
  /** Catalogue id(s) of the claim the row belongs to, separated by `, `. */
  claim: string;
  /** Where the number is printed: the source's name, location and source record. */
  source: string;
  model: string;
  dataset: string;
  quantity: string;
  /** Table 1: top-1 accuracy with full attention (Base), %; NaN for quoted claims. */
  baseAccuracy: number;
  /** Table 1: top-1 accuracy with windowed attention in the lower six blocks (Ours), %; NaN for quoted claims. */
  oursAccuracy: number;
  /** Table 1: the delta printed in parentheses (Ours − Base), percentage points; NaN for quoted claims. */
  printedDelta: number;
  /** Quoted claims: lower end of the quoted range, %; NaN when the claim is a bound. */
  low: number;
  /** Quoted claims: upper end of the quoted range or the bound, %. */
  high: number;
  /** Verbatim text of the source. */
  quote: string;
}

/** Schema of data/accuracy-reported.arrow. */
export const ACCURACY_REPORTED_SCHEMA = [
  { name: "record", type: "utf8", values: ["table1", "quoted-claim"], description: "table1 = a row of the poster's Table 1; quoted-claim = an accuracy claim quoted from a source" },
  { name: "claim", type: "utf8", pattern: /^[a-z0-9]+(-[a-z0-9]+)*(, [a-z0-9]+(-[a-z0-9]+)*)*$/, description: "catalogue id(s) of the claim (lib/paper/claims/), separated by ', '" },
  { name: "source", type: "utf8", text: "where the number is printed", description: "where the number is printed: source, location and source record (repository and commit, or arXiv id)" },
  { name: "model", type: "utf8", text: "the model(s)", description: "model(s) the number refers to" },
  { name: "dataset", type: "utf8", text: "the dataset", description: "dataset the number refers to" },
  { name: "quantity", type: "utf8", text: "what is measured", description: "what low/high (quoted claims) or base/ours (Table 1) measure" },
  { name: "baseAccuracy", type: "float64", nan: "not reported", unit: "%", decimals: 1, description: "Table 1: top-1 accuracy with full attention (Base); NaN for quoted claims" },
  { name: "oursAccuracy", type: "float64", nan: "not reported", unit: "%", decimals: 1, description: "Table 1: top-1 accuracy with windowed attention in the lower six blocks (Ours); NaN for quoted claims" },
  { name: "printedDelta", type: "float64", nan: "not reported", unit: "percentage points", range: [-100, 100], decimals: 1, description: "Table 1: the delta printed in parentheses (Ours − Base); NaN for quoted claims" },
  { name: "low", type: "float64", nan: "not reported", unit: "%", decimals: 1, description: "quoted claims: lower end of the quoted range (NaN when the claim is a bound)" },
  { name: "high", type: "float64", nan: "not reported", unit: "%", decimals: 1, description: "quoted claims: upper end of the quoted range or the bound" },
  { name: "quote", type: "utf8", text: "a verbatim quote", description: "verbatim text of the source" },
] as const satisfies RowSchema<AccuracyReportedRow>;

/** Table 1 rows carry base/ours/delta (delta as printed, to its 0.1 rounding), quoted claims low/high. */
export const ACCURACY_REPORTED_RULES: TableRules = {
  rows: [
    {
      rule: "a table1 row has baseAccuracy, oursAccuracy and printedDelta and no low/high; a quoted-claim row the opposite",
      columns: ["record", "baseAccuracy", "oursAccuracy", "printedDelta", "high"],
      holds: (r) => {
        const table1 = r.record === "table1";
        return ["baseAccuracy", "oursAccuracy", "printedDelta"].every((k) => Number.isNaN(r[k] as number) !== table1) && Number.isNaN(r.high as number) === table1 && (!table1 || Number.isNaN(r.low as number));
      },
    },
    {
      rule: "printedDelta = oursAccuracy − baseAccuracy (±0.05, the printed rounding)",
      columns: ["printedDelta", "oursAccuracy", "baseAccuracy"],
      holds: (r) => r.record !== "table1" || Math.abs((r.printedDelta as number) - ((r.oursAccuracy as number) - (r.baseAccuracy as number))) <= 0.05 + 1e-9,
    },
    { rule: "low ≤ high", columns: ["low", "high"], holds: (r) => Number.isNaN(r.low as number) || (r.low as number) <= (r.high as number) },
  ],
};

/** The catalogue entries Table 1's rows belong to. */
const TABLE1_CLAIMS = "poster-table1-deltas, poster-table1-accuracy-drop";
/** The sentence of the poster that defines "Ours". */
const POSTER_QUOTE = "In our algorithm, we applied sparsity to the lower six blocks, while only the upper six blocks perform full attention computation.";

/** The table of reported accuracy numbers with its provenance. */
export function accuracyReportedTable(): DataTable {
  const rows: AccuracyReportedRow[] = [
    ...POSTER_TABLE1.map((r) => ({
      record: "table1", claim: TABLE1_CLAIMS, source: `${posterCitation(POSTER_TABLE1_LOCATION.replace(/^poster /, ""))}; ${POSTER_PDF_LOCATION}`,
      model: "DeiT-tiny", dataset: r.dataset, quantity: "top-1 accuracy, Base vs Ours (windowed 3x3 + CLS in blocks 0-5)",
      baseAccuracy: r.base, oursAccuracy: r.ours, printedDelta: r.delta, low: Number.NaN, high: Number.NaN, quote: POSTER_QUOTE,
    })),
    ...REPORTED_ACCURACY_CLAIMS.map((c) => {
      const entry = reportedClaimEntry(c);
      return {
        record: "quoted-claim", claim: c.claimIds.join(", "), source: `${entry.source}, ${entry.location}; ${sourceRecordText(entry)}`,
        model: c.model, dataset: c.dataset, quantity: c.quantity,
        baseAccuracy: Number.NaN, oursAccuracy: Number.NaN, printedDelta: Number.NaN, low: c.low, high: c.high, quote: entry.quote,
      };
    }),
  ];
  const columns: DataTable["columns"] = {};
  for (const spec of ACCURACY_REPORTED_SCHEMA) {
    const values = rows.map((r) => r[spec.name]);
    columns[spec.name] = spec.type === "float64" ? Float64Array.from(values as number[]) : (values as string[]);
  }
  return {
    columns,
    provenance: {
      kind: "reported",
      source: `${posterCitation(POSTER_TABLE1_LOCATION.replace(/^poster /, ""))}; ${POSTER_PDF_LOCATION}. ViTCoD's project page: ${VITCOD_PROJECT_PAGE}. ${HEATVIT.paper}, arXiv ${HEATVIT.arxiv}, abstract`,
      license: "Apache-2.0 (poster repository and ViTCoD repository); quoted numbers and short verbatim quotes (HeatViT: arXiv abstract), no figures copied",
      sha256: POSTER.pdfSha256,
      generator: "npm run data:accuracy-reported",
      description: "Accuracy numbers as reported by the poster (Table 1) and the ViTCoD / HeatViT sources; nothing here is measured by the kit. The sha256 is that of the poster PDF",
    },
  };
}

/** Writes `data/accuracy-reported.arrow` (atomic, byte-identical on rerun). */
export function writeAccuracyReported(path: string = ACCURACY_REPORTED_FILE): void {
  writeArrowTable(path, ACCURACY_REPORTED_SCHEMA, accuracyReportedTable(), ACCURACY_REPORTED_RULES);
}

/** Reads `data/accuracy-reported.arrow` as typed rows (with the table, for its provenance). */
export function readAccuracyReported(path: string = ACCURACY_REPORTED_FILE): { table: DataTable; rows: AccuracyReportedRow[] } {
  const table = readArrowTable(path, ACCURACY_REPORTED_SCHEMA, ACCURACY_REPORTED_RULES);
  return { table, rows: typedRows<AccuracyReportedRow>(table, ACCURACY_REPORTED_SCHEMA) };
}
