/**
 * What ViTCoD's paper and project page report (You et al., "ViTCoD: Vision Transformer Acceleration via
 * Dedicated Algorithm and Accelerator Co-Design", HPCA 2023, arXiv 2210.09573; github.com/GATECH-EIC/ViTCoD),
 * with locations. Quoted only: the kit models ViTCoD's simulator, not the paper's evaluation platform.
 */
import { VITCOD } from "./sources.ts";
import type { ReportedValue } from "./reported-value.ts";

/** The paper, as the kit cites it. */
export const VITCOD_PAPER = `ViTCoD's paper (${VITCOD.paper}, arXiv ${VITCOD.arxiv})`;

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
 * (`--ratio 0.667`, Hardware/Simulator README at the commit in `sources.ts`). The encoder compresses the Q/K data the
 * accelerator loads; the kit applies r to the Q/K bytes moved off chip.
 */
export const VITCOD_AUTOENCODER_RATIO: ReportedValue = {
  value: 0.667,
  location: `${VITCOD.repository}, Hardware/Simulator README and ViTCoD.py defaults @ ${VITCOD.commit.slice(0, 7)} (--ratio 0.667)`,
  printed: "--ratio 0.667",
};

const PAGE = "ViTCoD's project page (README.md)";
const WHY = `${PAGE}, "Why We Consider ViTCoD Given NLP Transformer Accelerators?", ¶1`;

/** The project page's sentences that print a number (quoted). */
export const VITCOD_PAGE_NUMBERS = {
  /** "<=1.5% under 90% pruning ratio": the accuracy drop bound… */
  accuracyDrop: {
    value: 1.5,
    location: WHY,
    printed:
      "ViTs have a relatively fixed number of input tokens, whose attention maps can be pruned by up to 90% even with fixed sparse patterns, without severely hurting the model accuracy (e.g., <=1.5% under 90% pruning ratio)",
  },
  /** … at this pruning ratio. */
  pruningRatio: {
    value: 90,
    location: WHY,
    printed:
      "ViTs have a relatively fixed number of input tokens, whose attention maps can be pruned by up to 90% even with fixed sparse patterns, without severely hurting the model accuracy (e.g., <=1.5% under 90% pruning ratio)",
  },
  /** "a decent sparsity (e.g., >=50%)" of NLP Transformers with dynamic patterns. */
  nlpSparsity: {
    value: 50,
    location: WHY,
    printed:
      "NLP Transformers need to handle input sequences of varying numbers of tokens and rely on on-the-fly predictions of dynamic sparse attention patterns for each input to achieve a decent sparsity (e.g., >=50%)",
  },
} as const satisfies Record<string, ReportedValue>;

/** The abstract's speedup sentence, as printed. */
export const VITCOD_SPEEDUP_SENTENCE =
  "achieving speedups of up to 235.3x, 142.9x, 86.0x, 10.1x, and 6.8x over general computing platforms CPUs, EdgeGPUs, GPUs, and prior-art Transformer accelerators SpAtten and Sanger under an attention sparsity of 90%, respectively";

/** The totals ViTCoD's simulator logs print (the logs' last runs, at the commit in `sources.ts`). */
export const VITCOD_SIM_LOG_TOTALS = {
  attention: {
    value: 9492,
    location: `${VITCOD.repository} Hardware/Simulator/masks/deit_tiny_lowrank/vitcod_atten_0.95_wo.txt (last run) @ ${VITCOD.commit.slice(0, 7)}`,
    printed: "Total cycles: 9492",
  },
  ffn: {
    value: 2043156,
    location: `${VITCOD.repository} Hardware/Simulator/masks/deit_tiny_lowrank/vitcod_atten_ffn.txt @ ${VITCOD.commit.slice(0, 7)}`,
    printed: "total cycles: 2043156",
  },
} as const satisfies Record<string, ReportedValue>;
