/**
 * Poster Fig. 1 (latency breakdown of ViTs on an edge GPU, taken from ViTCoD's TX2 profiling): its categories,
 * shared by the digitized figure, the TX2 profile and the CPU measurement so that every source uses the same
 * names and colours, and the conversion of the bar-label reading in `data/digitized/fig1-latency-breakdown.json`
 * into rows (stored in `data/latency-breakdown-reported.arrow`, `lib/data/files/latency-breakdown-reported.ts`).
 */
import { POSTER_PDF_LOCATION, posterCitation } from "./sources.ts";

/** Fig. 1's labelled categories, in legend order, then the remainder the labels do not cover. */
export const FIG1_CATEGORIES = [
  "MLP",
  "Conv/Embedding",
  "SA-MatMul & Transpose & Reshape & Split",
  "SA-Linear (qkv, proj)",
  "SA-Softmax",
  "SA-Others",
  "unlabelled",
] as const;

/** One of {@link FIG1_CATEGORIES}. */
export type Fig1Category = (typeof FIG1_CATEGORIES)[number];

/** The self-attention categories of Fig. 1 (their sum is the poster's "Self-Attention module" share). */
export const SA_CATEGORIES: readonly Fig1Category[] = [
  "SA-MatMul & Transpose & Reshape & Split",
  "SA-Linear (qkv, proj)",
  "SA-Softmax",
  "SA-Others",
];

/** Colours per category (the poster's legend colours), used by every latency figure. */
export const FIG1_COLOURS: Record<Fig1Category, string> = {
  MLP: "#4a86e8",
  "Conv/Embedding": "#46bdc6",
  "SA-MatMul & Transpose & Reshape & Split": "#ea4335",
  "SA-Linear (qkv, proj)": "#fbbc04",
  "SA-Softmax": "#34a853",
  "SA-Others": "#ff6d01",
  unlabelled: "#cccccc",
};

/** One row of the digitized breakdown. */
export interface BreakdownRow {
  model: string;
  category: Fig1Category;
  percent: number;
  origin: "bar label" | "remainder";
}

export interface Fig1Reading {
  figure: string;
  reading: string;
  uncertainty: string;
  categories: string[];
  models: Record<string, number[]>;
}

/** The figure as the kit cites it (digitized data files record it as their source). */
export const FIG1_SOURCE = `${posterCitation("Fig. 1")}; ${POSTER_PDF_LOCATION}`;

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

/** The dashed box over Fig. 1's DeiT-Tiny bars: the attention core's share of its SA stack, as printed. */
export const POSTER_FIG1_BOX = {
  value: 53,
  location: "poster Fig. 1, dashed box over the DeiT-Tiny bars",
  printed: "30 / (30+15+8+3) = 53%",
} as const;
