/**
 * Checkable claims of ViTCoD (H. You et al., HPCA 2023): its project page (the repository README,
 * github.com/GATECH-EIC/ViTCoD), its paper (arXiv 2210.09573) and its repository's simulator logs.
 */
import type { CatalogueEntry } from "./types.ts";

const VITCOD_90_QUOTE =
  "ViTs have a relatively fixed number of input tokens, whose attention maps can be pruned by up to 90% even with fixed sparse patterns, without severely hurting the model accuracy (e.g., <=1.5% under 90% pruning ratio)";

const FIG5_VIT = (model: string) => ({
  device: "n/a (accuracy)",
  model: `${model} with ViTCoD's fixed masks (InfoPruning)`,
  dataset: "ImageNet top-1 (ViTCoD's curve, redrawn as the poster's Fig. 5, digitised)",
  definition: "unpruned accuracy (dashed line) − accuracy at the marker nearest 90 % sparsity",
});

const SPEEDUPS: readonly [string, string, string][] = [
  ["cpu", "CPUs", "235.3×"],
  ["edgegpu", "EdgeGPUs", "142.9×"],
  ["gpu", "GPUs", "86.0×"],
  ["spatten", "SpAtten", "10.1×"],
  ["sanger", "Sanger", "6.8×"],
];

/** ViTCoD's claims. */
export const VITCOD_CLAIMS: readonly CatalogueEntry[] = [
  {
    id: "vitcod-page-90-drop-deit-base",
    source: "ViTCoD's project page",
    location: "\"Why We Consider ViTCoD Given NLP Transformer Accelerators?\", ¶1 (also the paper's Abstract and Fig. 1)",
    quote: VITCOD_90_QUOTE,
    paperValue: "≤ 1.5 points at 90 %",
    setting: FIG5_VIT("DeiT-Base"),
    tolerance: "the drop's reading interval (marker and baseline uncertainty) against 1.5 points",
    toleranceReason: "digitised values carry their reading uncertainty; a straddling interval is indeterminate",
    notebook: "03-pruning-ratio",
  },
  {
    id: "vitcod-page-90-drop-deit-small",
    source: "ViTCoD's project page",
    location: "\"Why We Consider ViTCoD Given NLP Transformer Accelerators?\", ¶1 (also the paper's Abstract and Fig. 1)",
    quote: VITCOD_90_QUOTE,
    paperValue: "≤ 1.5 points at 90 %",
    setting: FIG5_VIT("DeiT-Small"),
    tolerance: "the drop's reading interval (marker and baseline uncertainty) against 1.5 points",
    toleranceReason: "digitised values carry their reading uncertainty; a straddling interval is indeterminate",
    notebook: "03-pruning-ratio",
  },
  {
    id: "vitcod-page-nlp-dynamic-50",
    source: "ViTCoD's project page",
    location: "\"Why We Consider ViTCoD Given NLP Transformer Accelerators?\", ¶1",
    quote:
      "NLP Transformers need to handle input sequences of varying numbers of tokens and rely on on-the-fly predictions of dynamic sparse attention patterns for each input to achieve a decent sparsity (e.g., >=50%)",
    paperValue: "NLP Transformers with dynamic sparsity reach ≥ 50 % sparsity",
    setting: { device: "n/a (accuracy)", model: "the six NLP Transformers of Fig. 5 (BigBird, Sinkhorn k-means, Reformer, Sinkhorn quant., Routing, Longformer)", dataset: "Fig. 5's BLEU curves (digitised)", definition: "highest sparsity at which a series stays within 1.5 BLEU of its least-sparse marker; the claim holds if most series reach ≥ 50 %" },
    tolerance: "±1 sparsity point per marker (digitising)",
    toleranceReason: "markers read off the poster PDF; \"decent\" is read as within 1.5 BLEU, ViTCoD's own accuracy bound",
    notebook: "03-pruning-ratio",
  },
  {
    id: "vitcod-page-diagonal-concentration",
    source: "ViTCoD's project page",
    location: "\"New Challenge\", ¶1",
    quote: "the non-zero elements in sparse attention maps of ViTs mostly concentrate along the diagonal lines",
    paperValue: "most kept entries lie along the diagonals",
    setting: { device: "n/a", model: "DeiT-tiny trained with ViTCoD's fixed masks (info_0.95, 12 layers × 3 heads)", dataset: "ImageNet", definition: "share of kept patch→patch entries within the diagonal band |q − k| ≤ 15 (one patch row ± 1 on the 14×14 grid) vs a uniform spread over the same entries" },
    tolerance: "\"mostly\": > 50 % of kept patch→patch entries in the band, and above the uniform share",
    toleranceReason: "an exact count on the released masks; the band width is stated, not fitted",
    notebook: "02-attention-maps",
  },
  {
    id: "vitcod-page-polarized-patterns",
    source: "ViTCoD's project page",
    location: "\"Overview of Our ViT Co-Design Framework\", ¶1",
    quote: "ViTCoD prunes and polarizes the attention maps to have either denser or sparser fixed patterns",
    paperValue: "each head splits into a denser and a sparser part",
    setting: { device: "n/a", model: "DeiT-tiny, ViTCoD's info_0.95 masks", dataset: "ImageNet", definition: "kit polarizer (global columns kept by > 50 queries) against ViTCoD's global_token_info table, and the density of the two parts" },
    tolerance: "exact: the global-token count G of all 36 heads equals ViTCoD's table; denser part denser than the sparser part in every head",
    toleranceReason: "integer counts",
    notebook: "02-attention-maps",
  },
  {
    id: "vitcod-page-underutilisation",
    source: "ViTCoD's project page",
    location: "\"New Challenge\", ¶1",
    quote:
      "the high sparsity can cause undesired under-utilization when processing highly sparse attention regions, where efficiency is largely bounded by memory/bandwidth due to decreased computational density",
    paperValue: "utilisation falls as attention sparsity rises",
    setting: { device: "ViTCoD's accelerator (the kit's ViTCoD cycle model, 64×8 PEs, 500 MHz, 76.8 GB/s)", model: "DeiT-tiny attention", dataset: "masks of several sparsities", definition: "PE utilisation vs mask density" },
    tolerance: "per mask family (k×k windows; ViTCoD's learned masks at the sparsities available), with the dense map as its densest point: utilisation rises with density (Spearman > 0) and the sparsest mask runs below 0.8 of dense; families that disagree → indeterminate",
    toleranceReason: "qualitative claim; the thresholds are stated, not fitted; the quote does not say which sparse patterns it means, so each family is judged on its own",
    notebook: "05-fpga-speedup",
  },
  {
    id: "vitcod-sim-attention-total",
    source: "ViTCoD's repository",
    location: "Hardware/Simulator/masks/deit_tiny_lowrank/vitcod_atten_0.95_wo.txt (last run) @ b2f7fb5",
    quote: "Total cycles: 9492",
    paperValue: "9492",
    setting: { device: "ViTCoD's cycle simulator (64×8 PEs, README defaults)", model: "DeiT-tiny, info_0.95 masks, head 0", dataset: "n/a", definition: "attention cycles" },
    tolerance: "exact",
    toleranceReason: "the kit reimplements the simulator's arithmetic",
    notebook: "05-fpga-speedup",
  },
  {
    id: "vitcod-sim-ffn-total",
    source: "ViTCoD's repository",
    location: "Hardware/Simulator/masks/deit_tiny_lowrank/vitcod_atten_ffn.txt @ b2f7fb5",
    quote: "total cycles: 2043156",
    paperValue: "2043156",
    setting: { device: "ViTCoD's cycle simulator (64×8 PEs, README defaults)", model: "DeiT-tiny linear layers and FFN, 12 layers", dataset: "n/a", definition: "cycles" },
    tolerance: "exact",
    toleranceReason: "the kit reimplements the simulator's arithmetic",
    notebook: "05-fpga-speedup",
  },
  ...SPEEDUPS.map(([slug, platform, value]): CatalogueEntry => ({
    id: `vitcod-paper-speedup-${slug}`,
    source: "ViTCoD's paper",
    location: "arXiv 2210.09573, Abstract (the evaluation section's speedup figures)",
    quote: `achieving speedups of up to 235.3x, 142.9x, 86.0x, 10.1x, and 6.8x over general computing platforms CPUs, EdgeGPUs, GPUs, and prior-art Transformer accelerators SpAtten and Sanger under an attention sparsity of 90%, respectively`,
    paperValue: `up to ${value} over ${platform}`,
    setting: { device: `ViTCoD's accelerator (simulated) vs ${platform}`, model: "DeiT/LeViT models of the paper", dataset: "ImageNet, attention sparsity 90 %", definition: "end-to-end speedup as the paper measures it" },
    tolerance: "n/a",
    toleranceReason: "the baselines' measurements and the paper's full accelerator configuration are not public; quoted",
    notebook: "03-pruning-ratio",
  })),
];
