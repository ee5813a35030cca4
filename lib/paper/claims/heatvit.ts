/**
 * Checkable claims of HeatViT (P. Dong et al., HPCA 2023; arXiv 2211.08110): its abstract and paper.
 */
import type { CatalogueEntry } from "./types.ts";

const ABSTRACT = "arXiv 2211.08110, Abstract";
const MODELS = "DeiT-T, DeiT-S, DeiT-B, LV-ViT-S, LV-ViT-M";

/** HeatViT's claims. */
export const HEATVIT_CLAIMS: readonly CatalogueEntry[] = [
  {
    id: "heatvit-accuracy-gain",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: "Compared to existing ViT pruning studies, under the similar computation cost, HeatViT can achieve 0.7%∼8.9% higher accuracy",
    paperValue: "+0.7 to +8.9 points top-1",
    setting: { device: "n/a (accuracy)", model: MODELS, dataset: "ImageNet", definition: "top-1 accuracy vs other token-pruning methods at similar GMACs" },
    tolerance: "n/a",
    toleranceReason: "ImageNet training of five models cannot be rerun here; quoted",
    notebook: "03-pruning-ratio",
  },
  {
    id: "heatvit-computation-reduction",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: "while under the similar model accuracy, HeatViT can achieve more than 28.4%∼65.3% computation reduction",
    paperValue: "28.4–65.3 % fewer MACs",
    setting: { device: "n/a (operation count)", model: MODELS, dataset: "ImageNet", definition: "GMACs reduction at similar accuracy, with learned keep rates" },
    tolerance: "n/a",
    toleranceReason: "the learned per-image keep rates are not public; quoted",
    notebook: "03-pruning-ratio",
  },
  {
    id: "heatvit-zcu102-speedup",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: "Compared to the baseline hardware accelerator, our implementations of HeatViT on the Xilinx ZCU102 FPGA achieve 3.46×∼4.89× speedup",
    paperValue: "×3.46–×4.89",
    setting: { device: "Xilinx ZCU102, HeatViT's accelerator vs its baseline accelerator", model: MODELS, dataset: "ImageNet", definition: "end-to-end speedup" },
    tolerance: "each end within 25 %",
    toleranceReason: "the kit models HeatViT's accelerator from the paper's description; constants not given are assumptions",
    notebook: "05-fpga-speedup",
  },
  {
    id: "heatvit-dsp-overhead",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: "with a trivial resource utilization overhead of 8%∼11% more DSPs",
    paperValue: "+8 to +11 % DSPs",
    setting: { device: "Xilinx ZCU102", model: MODELS, dataset: "n/a", definition: "DSPs of HeatViT's accelerator vs the baseline accelerator" },
    tolerance: "n/a",
    toleranceReason: "synthesis results cannot be rerun here; quoted",
    notebook: "05-fpga-speedup",
  },
  {
    id: "heatvit-lut-overhead",
    source: "HeatViT's paper",
    location: ABSTRACT,
    quote: "and 5%∼8% more LUTs",
    paperValue: "+5 to +8 % LUTs",
    setting: { device: "Xilinx ZCU102", model: MODELS, dataset: "n/a", definition: "LUTs of HeatViT's accelerator vs the baseline accelerator" },
    tolerance: "n/a",
    toleranceReason: "synthesis results cannot be rerun here; quoted",
    notebook: "05-fpga-speedup",
  },
];
