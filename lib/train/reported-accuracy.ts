/**
 * The accuracy numbers the sources report (never measured here): the windowed-attention poster's
 * Table 1 (DeiT-tiny, base vs windowed, fine-tuned on five datasets) and the accuracy claims of the
 * ViTCoD and HeatViT abstracts, each with its verbatim quote. Written to data/accuracy-reported.arrow.
 */
import type { ColumnSpec, DataTable } from "../data/arrow-table.ts";
import { POSTER_TABLE1 } from "../paper/poster-table1.ts";
import { POSTER, POSTER_PDF_LOCATION } from "../paper/sources.ts";

/** Path of the file, relative to the repository root. */
export const ACCURACY_REPORTED_FILE = "data/accuracy-reported.arrow";

/** Schema of data/accuracy-reported.arrow. */
export const ACCURACY_REPORTED_SCHEMA: ColumnSpec[] = [
  { name: "record", type: "utf8", description: "table1 = a row of the poster's Table 1; quoted-claim = an accuracy claim quoted from a source" },
  { name: "source", type: "utf8", description: "where the number is printed" },
  { name: "model", type: "utf8", description: "model(s) the number refers to" },
  { name: "dataset", type: "utf8", description: "dataset the number refers to" },
  { name: "quantity", type: "utf8", description: "what low/high (quoted claims) or base/ours (Table 1) measure" },
  { name: "baseAccuracy", type: "float64", nan: "not reported", unit: "%", description: "Table 1: top-1 accuracy with full attention (Base); NaN for quoted claims" },
  { name: "oursAccuracy", type: "float64", nan: "not reported", unit: "%", description: "Table 1: top-1 accuracy with windowed attention in the lower six blocks (Ours); NaN for quoted claims" },
  { name: "printedDelta", type: "float64", nan: "not reported", unit: "percentage points", description: "Table 1: the delta printed in parentheses (Ours − Base); NaN for quoted claims" },
  { name: "low", type: "float64", nan: "not reported", unit: "%", description: "quoted claims: lower end of the quoted range (NaN when the claim is a bound)" },
  { name: "high", type: "float64", nan: "not reported", unit: "%", description: "quoted claims: upper end of the quoted range or the bound" },
  { name: "quote", type: "utf8", description: "verbatim text of the source" },
];

const POSTER_SOURCE = "Windowed-attention poster (Park, An, Lee, Kim; Kyung Hee Univ.), Table 1: Accuracy on Various Transfer Learning Tasks";
/** Where the ViTCoD quote is printed (the README's "Why We Consider ViTCoD" section; text checked at this commit). */
const VITCOD_SOURCE = "ViTCoD (You et al., HPCA 2023; arXiv:2210.09573), README.md of github.com/GATECH-EIC/ViTCoD (commit 06f9c2a61ec85ac50ffa5a20b9594b876742b25b)";
/** Where the HeatViT quotes are printed. */
const HEATVIT_SOURCE = "HeatViT (Dong et al., HPCA 2023), abstract, arXiv:2211.08110";
const POSTER_QUOTE = "In our algorithm, we applied sparsity to the lower six blocks, while only the upper six blocks perform full attention computation.";

interface QuotedClaim {
  source: string;
  model: string;
  dataset: string;
  quantity: string;
  low: number;
  high: number;
  quote: string;
}

/** Accuracy claims of the other two seed papers, quoted verbatim. */
export const QUOTED_ACCURACY_CLAIMS: readonly QuotedClaim[] = [
  {
    source: VITCOD_SOURCE,
    model: "ViTs (DeiT family)",
    dataset: "ImageNet",
    quantity: "accuracy drop at 90 % attention-map pruning ratio (upper bound)",
    low: Number.NaN,
    high: 1.5,
    quote: "attention maps can be pruned by up to 90% even with fixed sparse patterns, without severely hurting the model accuracy (e.g., <=1.5% under 90% pruning ratio)",
  },
  {
    source: HEATVIT_SOURCE,
    model: "DeiT-T, DeiT-S, DeiT-B, LV-ViT-S, LV-ViT-M",
    dataset: "ImageNet",
    quantity: "accuracy gain over existing ViT pruning at similar computation",
    low: 0.7,
    high: 8.9,
    quote: "under the similar computation cost, HeatViT can achieve 0.7%$\\sim$8.9% higher accuracy",
  },
  {
    source: HEATVIT_SOURCE,
    model: "DeiT-T, DeiT-S, DeiT-B, LV-ViT-S, LV-ViT-M",
    dataset: "ImageNet",
    quantity: "computation reduction over existing ViT pruning at similar accuracy",
    low: 28.4,
    high: 65.3,
    quote: "while under the similar model accuracy, HeatViT can achieve more than 28.4%$\\sim$65.3% computation reduction",
  },
];

/** The full table of reported accuracy numbers with its provenance. */
export function accuracyReportedTable(): DataTable {
  const rows = [
    ...POSTER_TABLE1.map((r) => ({
      record: "table1", source: POSTER_SOURCE, model: "DeiT-tiny", dataset: r.dataset, quantity: "top-1 accuracy, Base vs Ours (windowed 3x3 + CLS in blocks 0-5)",
      baseAccuracy: r.base, oursAccuracy: r.ours, printedDelta: r.delta, low: Number.NaN, high: Number.NaN, quote: POSTER_QUOTE,
    })),
    ...QUOTED_ACCURACY_CLAIMS.map((c) => ({
      record: "quoted-claim", source: c.source, model: c.model, dataset: c.dataset, quantity: c.quantity,
      baseAccuracy: Number.NaN, oursAccuracy: Number.NaN, printedDelta: Number.NaN, low: c.low, high: c.high, quote: c.quote,
    })),
  ];
  const columns: DataTable["columns"] = {};
  for (const spec of ACCURACY_REPORTED_SCHEMA) {
    columns[spec.name] = rows.map((r) => (r as Record<string, string | number>)[spec.name]!) as string[] | number[];
  }
  return {
    columns,
    provenance: {
      kind: "reported",
      source: `${POSTER_SOURCE}; ${POSTER_PDF_LOCATION}. ${VITCOD_SOURCE}. ${HEATVIT_SOURCE}`,
      license: "Apache-2.0 (poster repository and ViTCoD repository); quoted numbers and short verbatim quotes (HeatViT: arXiv abstract), no figures copied",
      sha256: POSTER.pdfSha256,
      generator: "npm run data:accuracy-reported",
      description: "Accuracy numbers as reported by the poster (Table 1) and the ViTCoD / HeatViT sources; nothing here is measured by the kit. The sha256 is that of the poster PDF",
    },
  };
}
