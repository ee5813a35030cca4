/**
 * What DeiT's paper reports for the model the poster fine-tunes (Touvron et al., "Training data-efficient image
 * transformers & distillation through attention", ICML 2021, arXiv 2012.12877), quoted: the published
 * ImageNet top-1 of DeiT-tiny, the checkpoint Table 1's "Base" row starts from.
 */
import type { ReportedValue } from "./reported-value.ts";

/** DeiT's paper as the kit cites it. */
export const DEIT_PAPER = "DeiT's paper (Touvron et al., ICML 2021, arXiv 2012.12877)";

/** DeiT-tiny (DeiT-Ti, 5M parameters, 224×224) ImageNet-1k top-1, %, without distillation. */
export const DEIT_TINY_TOP1: ReportedValue = {
  value: 72.2,
  location: `${DEIT_PAPER}, Table 1 (DeiT-Ti, ImageNet top-1 at 224×224)`,
  printed: "DeiT-Ti … 72.2",
};
