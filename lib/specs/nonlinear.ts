/**
 * Nonlinear-unit presets (softmax, GELU, LayerNorm) as data. Every design runs the same passes over the
 * same elements — softmax three (row max; exponent and running sum; normalise), GELU one, LayerNorm three
 * (mean; variance; normalise) — at one element per lane per cycle. What an approximation changes is how
 * big a lane is, hence how many lanes fit beside the PE array: `lanesPerArrayColumn` lanes per column of
 * the array (at least one lane in all).
 *
 * The lane ratios are stated modelling assumptions, not measurements; the ablation in notebook 05 varies
 * them:
 * - `exact`: floating-point exp / erf / divide / square-root cores — about four fixed-point MAC lanes
 *   each (0.25 lanes per column).
 * - `ibert`: integer-only second-order polynomials for exp and erf and a Newton integer square root
 *   (Kim et al., "I-BERT: Integer-only BERT Quantization", ICML 2021, Sec. 3.3–3.5), 32-bit intermediates
 *   (0.5 lanes per column).
 * - `polynomial`: HeatViT's polynomial approximations on its 8-bit datapath (HeatViT's paper, abstract
 *   and its nonlinear-function section), one lane per column.
 */

/** The presets' ids. */
export type NonlinearPresetId = "exact" | "ibert" | "polynomial";

/** The three nonlinear functions a ViT block evaluates. */
export type NonlinearFunction = "softmax" | "gelu" | "layerNorm";

/** A nonlinear-unit preset. */
export interface NonlinearPreset {
  id: NonlinearPresetId;
  description: string;
  /** Lanes per PE-array column (lanes = max(1, ⌊cols · this⌋)). */
  lanesPerArrayColumn: number;
  /** Passes over each element, per function. */
  passes: Readonly<Record<NonlinearFunction, number>>;
  source: string;
}

const PASSES: Readonly<Record<NonlinearFunction, number>> = { softmax: 3, gelu: 1, layerNorm: 3 };

/** The presets, by id. */
export const NONLINEAR_PRESETS: Readonly<Record<NonlinearPresetId, NonlinearPreset>> = {
  exact: {
    id: "exact",
    description: "floating-point exp / erf / divide / sqrt cores (0.25 lanes per array column)",
    lanesPerArrayColumn: 0.25,
    passes: PASSES,
    source: "stated assumption: an exact core is about four fixed-point MAC lanes",
  },
  ibert: {
    id: "ibert",
    description: "I-BERT-style integer polynomials, 32-bit intermediates (0.5 lanes per array column)",
    lanesPerArrayColumn: 0.5,
    passes: PASSES,
    source: "Kim et al., I-BERT (ICML 2021), Sec. 3.3–3.5 (i-exp, i-GELU, i-sqrt); lane ratio is a stated assumption",
  },
  polynomial: {
    id: "polynomial",
    description: "HeatViT's 8-bit polynomial approximations (1 lane per array column)",
    lanesPerArrayColumn: 1,
    passes: PASSES,
    source: "HeatViT's paper (arXiv 2211.08110), abstract: polynomial approximations of the nonlinear functions; lane ratio is a stated assumption",
  },
};

/** Names accepted for a nonlinear preset. */
export const NONLINEAR_PRESET_IDS: readonly NonlinearPresetId[] = ["exact", "ibert", "polynomial"];
