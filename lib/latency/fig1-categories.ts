/**
 * The latency categories of poster Fig. 1 (taken from ViTCoD's TX2 profiling), shared by the digitized
 * figure, the TX2 profile and the CPU measurement so that every source uses the same names and colours.
 */

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
