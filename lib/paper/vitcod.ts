/**
 * What ViTCoD's paper and project page report (You et al., "ViTCoD: Vision Transformer Acceleration via
 * Dedicated Algorithm and Accelerator Co-Design", HPCA 2023, arXiv 2210.09573; github.com/GATECH-EIC/ViTCoD),
 * with locations. Quoted only: the kit models ViTCoD's simulator, not the paper's evaluation platform.
 */
import type { ReportedValue } from "./reported-value.ts";

/** The paper, as the kit cites it. */
export const VITCOD_PAPER = "ViTCoD's paper (You et al., HPCA 2023, arXiv 2210.09573)";

/** Headline speedups (abstract). */
export const VITCOD_SPEEDUPS = {
  overCpu: { value: 235.3, location: `${VITCOD_PAPER}, abstract`, printed: "up to 235.3×" },
  overEdgeGpu: { value: 142.9, location: `${VITCOD_PAPER}, abstract`, printed: "142.9×" },
  overGpu: { value: 86.0, location: `${VITCOD_PAPER}, abstract`, printed: "86.0×" },
  overSpAtten: { value: 10.1, location: `${VITCOD_PAPER}, abstract (90 % sparsity)`, printed: "10.1×" },
  overSanger: { value: 6.8, location: `${VITCOD_PAPER}, abstract (90 % sparsity)`, printed: "6.8×" },
} as const satisfies Record<string, ReportedValue>;

/**
 * The auto-encoder's compression ratio r of the Q/K heads: the ratio ViTCoD's released simulator uses
 * (`--ratio 0.667`, Hardware/Simulator README @ b2f7fb5). The encoder halves-to-thirds the Q/K data the
 * accelerator loads; the kit applies r to the Q/K bytes moved off chip.
 */
export const VITCOD_AUTOENCODER_RATIO: ReportedValue = {
  value: 0.667,
  location: "ViTCoD repository, Hardware/Simulator README and ViTCoD.py defaults @ b2f7fb5 (--ratio 0.667)",
  printed: "--ratio 0.667",
};
