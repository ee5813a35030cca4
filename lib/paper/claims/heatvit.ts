/**
 * Checkable claims of HeatViT (P. Dong et al., HPCA 2023; arXiv 2211.08110): its abstract and paper.
 */
import { HEATVIT_ABSTRACT_SENTENCES as Q, HEATVIT_ALGORITHM as A, HEATVIT_DATAPATH_BITS, HEATVIT_OVERHEADS as O, HEATVIT_SPEEDUP as S } from "../heatvit.ts";
import { HEATVIT } from "../sources.ts";
import type { CatalogueEntry } from "./types.ts";

const ABSTRACT = `arXiv ${HEATVIT.arxiv}, Abstract`;
const MODELS = "DeiT-T, DeiT-S, DeiT-B, LV-ViT-S, LV-ViT-M";

/** HeatViT's claims. */
export const HEATVIT_CLAIMS: readonly CatalogueEntry[] = [
  {
    id: "heatvit-accuracy-gain",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: Q.accuracyGain,
    paperValue: `+${A.accuracyGainMin.value} to +${A.accuracyGainMax.value} points top-1`,
    setting: { device: "n/a (accuracy)", model: MODELS, dataset: "ImageNet", definition: "top-1 accuracy vs other token-pruning methods at similar GMACs" },
    tolerance: "n/a",
    toleranceReason: "ImageNet training of five models cannot be rerun here; quoted",
    notebook: "03-pruning-ratio",
  },
  {
    id: "heatvit-computation-reduction",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: Q.computationReduction,
    paperValue: `${A.computationReductionMin.value}–${A.computationReductionMax.value} % fewer MACs across the five models (per-model values not in the abstract)`,
    setting: { device: "n/a (operation count)", model: "DeiT-T with token selectors at DynamicViT's positions (¼, ½, ¾ of the depth), one package token", dataset: "224×224 inputs", definition: "MACs of the token-pruned model (selectors included) vs the unpruned model" },
    tolerance: "n/a (a per-model value the abstract does not state)",
    toleranceReason: "derived: the learned per-image keep rates are not public, so the kit computes DeiT-T's reduction under a stated keep schedule and the keep ratios at which the abstract's two ends would be reached",
    notebook: "03-pruning-ratio",
  },
  {
    id: "heatvit-zcu102-speedup",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: Q.speedup,
    paperValue: `×${S.min.value}–×${S.max.value}`,
    setting: { device: "Xilinx ZCU102, HeatViT's accelerator vs its baseline accelerator", model: MODELS, dataset: "ImageNet", definition: "end-to-end speedup" },
    tolerance: "each end within 25 %",
    toleranceReason: "the kit models HeatViT's accelerator from the paper's description; constants not given are assumptions",
    notebook: "05-fpga-speedup",
  },
  {
    id: "heatvit-dsp-overhead",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: Q.dspOverhead,
    paperValue: `+${O.dspMin.value} to +${O.dspMax.value} % DSPs`,
    setting: { device: "Xilinx ZCU102", model: MODELS, dataset: "n/a", definition: "DSPs of HeatViT's accelerator vs the baseline accelerator" },
    tolerance: "n/a",
    toleranceReason: "synthesis results cannot be rerun here; quoted",
    notebook: "05-fpga-speedup",
  },
  {
    id: "heatvit-lut-overhead",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: Q.lutOverhead,
    paperValue: `+${O.lutMin.value} to +${O.lutMax.value} % LUTs`,
    setting: { device: "Xilinx ZCU102", model: MODELS, dataset: "n/a", definition: "LUTs of HeatViT's accelerator vs the baseline accelerator" },
    tolerance: "n/a",
    toleranceReason: "synthesis results cannot be rerun here; quoted",
    notebook: "05-fpga-speedup",
  },
  {
    id: "heatvit-8bit-quantization",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: Q.quantization,
    paperValue: `${HEATVIT_DATAPATH_BITS.value}-bit fixed point`,
    setting: { device: "Xilinx ZCU102", model: MODELS, dataset: "ImageNet", definition: "the datapath's number format" },
    tolerance: "n/a",
    toleranceReason: "a design fact of an accelerator that is not public; the kit's model adopts it as an assumption",
    notebook: "05-fpga-speedup",
  },
  {
    id: "heatvit-polynomial-nonlinear",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: "and propose polynomial approximations with regularization effect on quantization error for the frequently used nonlinear functions in ViTs",
    paperValue: "polynomial approximations of the nonlinear functions",
    setting: { device: "Xilinx ZCU102", model: MODELS, dataset: "ImageNet", definition: "how softmax, GELU and LayerNorm are computed" },
    tolerance: "n/a",
    toleranceReason: "the polynomials and their regularisation are in the paper's body, not available to the kit; quoted",
    notebook: "05-fpga-speedup",
  },
  {
    id: "heatvit-selector-reuse",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: "we implement the token selector on hardware by adding miniature control logic to heavily reuse existing hardware components built for the backbone ViT",
    paperValue: "token selector on the backbone's hardware plus miniature control logic",
    setting: { device: "Xilinx ZCU102", model: MODELS, dataset: "n/a", definition: "the hardware the token selector uses" },
    tolerance: "n/a",
    toleranceReason: "a design fact of hardware the kit cannot inspect; the kit's model maps the selectors onto the GEMM engine as an assumption",
    notebook: "05-fpga-speedup",
  },
];
