/**
 * What HeatViT's paper reports (Dong et al., "HeatViT: Hardware-Efficient Adaptive Token Pruning for
 * Vision Transformers", HPCA 2023, arXiv 2211.08110), with the location of each number.
 *
 * The kit could read the abstract (ar5iv's rendering of arXiv 2211.08110 and the HPCA abstract) but not
 * the body of the paper offline. Numbers from the body are therefore marked `secondary`: they come from a
 * third-party reading of the paper that names the table, and are used only as context, never as a verdict.
 */
import type { ReportedValue } from "./reported-value.ts";
import { HEATVIT } from "./sources.ts";

/** The paper, as the kit cites it. */
export const HEATVIT_PAPER = `HeatViT's paper (${HEATVIT.paper.replace(/^HeatViT \(|\)$/g, "")}, arXiv ${HEATVIT.arxiv})`;

/** Reported speedup range over the baseline accelerator on the ZCU102 (abstract). */
export const HEATVIT_SPEEDUP = {
  min: { value: 3.46, location: `${HEATVIT_PAPER}, abstract`, printed: "3.46×∼4.89× speedup" },
  max: { value: 4.89, location: `${HEATVIT_PAPER}, abstract`, printed: "3.46×∼4.89× speedup" },
} as const satisfies Record<string, ReportedValue>;

/** Reported resource overheads of the token selectors (abstract). */
export const HEATVIT_OVERHEADS = {
  dspMin: { value: 8, location: `${HEATVIT_PAPER}, abstract`, printed: "8%∼11% more DSPs" },
  dspMax: { value: 11, location: `${HEATVIT_PAPER}, abstract`, printed: "8%∼11% more DSPs" },
  lutMin: { value: 5, location: `${HEATVIT_PAPER}, abstract`, printed: "5%∼8% more LUTs" },
  lutMax: { value: 8, location: `${HEATVIT_PAPER}, abstract`, printed: "5%∼8% more LUTs" },
} as const satisfies Record<string, ReportedValue>;

/** Reported accuracy and computation claims (abstract), percent. */
export const HEATVIT_ALGORITHM = {
  accuracyGainMin: { value: 0.7, location: `${HEATVIT_PAPER}, abstract`, printed: "0.7%∼8.9% higher accuracy" },
  accuracyGainMax: { value: 8.9, location: `${HEATVIT_PAPER}, abstract`, printed: "0.7%∼8.9% higher accuracy" },
  computationReductionMin: { value: 28.4, location: `${HEATVIT_PAPER}, abstract`, printed: "28.4%∼65.3% computation reduction" },
  computationReductionMax: { value: 65.3, location: `${HEATVIT_PAPER}, abstract`, printed: "28.4%∼65.3% computation reduction" },
} as const satisfies Record<string, ReportedValue>;

/**
 * Secondary (not read by the kit in the paper itself): token pruning alone raises FPS 1.82–2.58× and
 * 8-bit quantization brings the total to 3.46–4.89× (a third-party note locating it in Sec. VII-B,
 * Table VII). Context only.
 */
export const HEATVIT_PRUNING_ONLY_SECONDARY = {
  min: { value: 1.82, location: `${HEATVIT_PAPER}, Sec. VII-B / Table VII (secondary reading)`, printed: "1.82×–2.58×" },
  max: { value: 2.58, location: `${HEATVIT_PAPER}, Sec. VII-B / Table VII (secondary reading)`, printed: "1.82×–2.58×" },
} as const satisfies Record<string, ReportedValue>;

/** The five models of the paper, by the kit's model ids. */
export const HEATVIT_MODELS = ["deit-tiny", "deit-small", "deit-base", "lvvit-s", "lvvit-m"] as const;

/**
 * Per-model reported speedup, where the kit has the paper's number; `null` = not available to the kit
 * (the per-model hardware table is in the paper's body, which the kit could not read offline).
 */
export const HEATVIT_SPEEDUP_BY_MODEL: Readonly<Record<(typeof HEATVIT_MODELS)[number], ReportedValue | null>> = {
  "deit-tiny": null,
  "deit-small": null,
  "deit-base": null,
  "lvvit-s": null,
  "lvvit-m": null,
};

/** The abstract's sentences that print a number (quoted), each with the values above it carries. */
export const HEATVIT_ABSTRACT_SENTENCES = {
  accuracyGain: "Compared to existing ViT pruning studies, under the similar computation cost, HeatViT can achieve 0.7%∼8.9% higher accuracy",
  computationReduction: "while under the similar model accuracy, HeatViT can achieve more than 28.4%∼65.3% computation reduction",
  speedup: "Compared to the baseline hardware accelerator, our implementations of HeatViT on the Xilinx ZCU102 FPGA achieve 3.46×∼4.89× speedup",
  dspOverhead: "with a trivial resource utilization overhead of 8%∼11% more DSPs",
  lutOverhead: "and 5%∼8% more LUTs",
  quantization: "To improve the hardware efficiency, we further employ 8-bit fixed-point quantization",
} as const;

/** The datapath width the abstract states. */
export const HEATVIT_DATAPATH_BITS: ReportedValue = { value: 8, location: `${HEATVIT_PAPER}, abstract`, printed: "8-bit fixed-point quantization" };
