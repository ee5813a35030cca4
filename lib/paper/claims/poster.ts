/**
 * Checkable claims of the poster "Data-aware Sparsity for ViT: Efficient Algorithm-HW Co-design with Windowed
 * Attention" (Kyung Hee University; the PDF in github.com/yeonsik0710/custom_vit): text, figures and Table 1.
 * Locations name the poster's section and paragraph or the figure and its panel.
 */
import type { CatalogueEntry, ClaimSetting } from "./types.ts";

const NB1 = "01-latency-breakdown";
const NB2 = "02-attention-maps";
const NB3 = "03-pruning-ratio";
const NB4 = "04-sddmm-kernel";
const NB5 = "05-fpga-speedup";
const NB6 = "06-accuracy";

/** The Introduction's Fig. 1 sentence. */
export const FIG1_SA_QUOTE =
  "As shown in Fig. 1, the Self-Attention module accounts for over 50% and up to 69% of latency when executed on edge devices.";

/** Table 1's printed accuracies (Base, then Ours with its delta), as printed; the two Table 1 claims quote it. */
const TABLE1_QUOTE = "Base 86.90% 97.90% 89.30% 82.40% 72.20% / Ours 86.00% (-0.9) 97.30% (-0.6) 88.50% (-0.8) 80.50% (-1.9) 70.10% (-2.1)";

/** The models of Fig. 1, in the poster's order, with the id suffix each gets. */
export const FIG1_MODELS: readonly { model: string; slug: string }[] = [
  { model: "Strided Trans.", slug: "strided-trans" },
  { model: "DeiT-Tiny", slug: "deit-tiny" },
  { model: "DeiT-Small", slug: "deit-small" },
  { model: "DeiT-Base", slug: "deit-base" },
  { model: "LeViT-128", slug: "levit-128" },
  { model: "LeViT-192", slug: "levit-192" },
  { model: "LeViT-256", slug: "levit-256" },
];

/** Id of the Fig. 1 "over 50 %" claim for one model of Fig. 1. */
export function fig1OverId(model: string): string {
  const m = FIG1_MODELS.find((x) => x.model.toLowerCase() === model.toLowerCase());
  if (m === undefined) throw new Error(`fig1OverId: "${model}" is not one of Fig. 1's models (${FIG1_MODELS.map((x) => x.model).join(", ")})`);
  return `poster-fig1-sa-over-50-${m.slug}`;
}

const FIG1_SETTING = (model: string): ClaimSetting => ({
  device: "NVIDIA Jetson TX2 (the poster's \"EdgeGPU\"; profile taken from ViTCoD)",
  model,
  dataset: "ImageNet-size inputs (224×224), inference",
  definition: "SA share = SA-MatMul&Transpose&Reshape&Split + SA-Linear (qkv, proj) + SA-Softmax + SA-Others, as Fig. 1's legend groups it",
});

const fig1Over: CatalogueEntry[] = FIG1_MODELS.map(({ model, slug }) => ({
  id: `poster-fig1-sa-over-50-${slug}`,
  source: "the poster",
  location: `Introduction, ¶1 (\"over 50%\"), judged per model on Fig. 1 (${model} bar)`,
  quote: FIG1_SA_QUOTE,
  paperValue: "> 50 %",
  setting: FIG1_SETTING(model),
  tolerance: "each of the four SA labels is an integer (±0.5), so their sum carries ±2 points",
  toleranceReason: "the bar labels are rounded to integers; the verdict is indeterminate when 50 % lies inside the sum's interval",
  notebook: NB1,
}));

/** The poster's claims. */
export const POSTER_CLAIMS: readonly CatalogueEntry[] = [
  ...fig1Over,
  {
    id: "poster-fig1-sa-up-to-69",
    source: "the poster",
    location: "Introduction, ¶1 (\"up to 69%\"), Fig. 1 (largest SA stack, LeViT-128)",
    quote: FIG1_SA_QUOTE,
    paperValue: "max 69 %",
    setting: FIG1_SETTING("the 7 ViTs of Fig. 1"),
    tolerance: "±2 points (four integer labels)",
    toleranceReason: "the maximum is a sum of four rounded bar labels",
    notebook: NB1,
  },
  {
    id: "poster-fig1-deit-tiny-matmul-box",
    source: "the poster",
    location: "Fig. 1, dashed box over the DeiT-Tiny bars",
    quote: "30 / (30+15+8+3) = 53%",
    paperValue: "53 %",
    setting: { ...FIG1_SETTING("DeiT-Tiny"), definition: "SA-MatMul&Transpose&Reshape&Split as a share of the SA stack (arithmetic on the printed labels)" },
    tolerance: "the printed integer: 53 % holds if the exact quotient lies in [52.5, 54) (rounded or truncated)",
    toleranceReason: "the box prints an integer percent without saying how it rounds",
    notebook: NB1,
  },
  {
    id: "poster-attention-quadratic",
    source: "the poster",
    location: "Introduction, ¶1",
    quote: "the computational complexity of the core operation of Transformers, Attention, increases quadratically with the number of input tokens",
    paperValue: "∝ N² (N tokens)",
    setting: { device: "any (operation count)", model: "DeiT-Tiny (dim 192, 3 heads, 12 blocks)", dataset: "N = 50 … 3137 tokens", definition: "MACs of Q·Kᵀ and S·V per block" },
    tolerance: "fitted exponent 2 ± 0.01",
    toleranceReason: "an exact operation count; the tolerance only absorbs the fit's rounding",
    notebook: NB1,
  },
  {
    id: "poster-windowed-schedule-macs",
    source: "the poster",
    location: "Our Proposal, ¶1 (Fig. 8)",
    quote: "In our algorithm, we applied sparsity to the lower six blocks, while only the upper six blocks perform full attention computation.",
    paperValue: "no end-to-end speedup stated",
    setting: { device: "any (operation count)", model: "DeiT-Tiny, 3×3 window + CLS in blocks 0–5", dataset: "224×224 inputs (14×14 patches + CLS)", definition: "end-to-end MACs dense / windowed (Amdahl)" },
    tolerance: "n/a (a value the poster does not state)",
    toleranceReason: "derived from stated inputs; other windows, block sets and the CPU-composed estimate are context",
    notebook: NB1,
  },
  {
    id: "poster-fig5-cv-prunes-more-than-nlp",
    source: "the poster",
    location: "Motivation, ¶1 (Fig. 5, taken from ViTCoD)",
    quote: "As shown in Fig. 5, CV tasks exhibit higher pruning ratios compared to NLP tasks",
    paperValue: "ViT curves hold their accuracy to higher sparsity than the NLP curves hold their BLEU",
    setting: { device: "n/a (accuracy)", model: "Fig. 5's series: 6 NLP Transformers (dynamic sparsity) and DeiT-Base/Small (InfoPruning, fixed masks)", dataset: "Fig. 5 as drawn (digitised)", definition: "highest sparsity at which a series stays within 1.5 points of its least-sparse marker (BLEU for NLP, top-1 % for ViTs)" },
    tolerance: "±1 sparsity point per marker (digitising)",
    toleranceReason: "markers were read off the poster PDF; the sparsity axis is not linear",
    notebook: NB3,
  },
  {
    id: "poster-fig7-locality-upper-layers",
    source: "the poster",
    location: "Motivation, ¶1 (Fig. 7)",
    quote: "Fig. 7 presents the analysis of attention maps across various datasets, showing that in the upper layers, attention scores are higher for self-connections and neighboring components",
    paperValue: "locality (self + neighbours) in the \"upper layers\"",
    setting: { device: "n/a", model: "DeiT-tiny (12 blocks × 3 heads)", dataset: "ImageNet (ViTCoD's info_0.95 masks; Fig. 7 also shows 4 transfer datasets)", definition: "share of kept patch→patch entries inside the 3×3 window, per block" },
    tolerance: "the wording: Fig. 7 draws block 0 at the top, so \"upper\" can mean the first blocks (as drawn) or the last (as counted)",
    toleranceReason: "the two readings give opposite answers; the Conclusion says \"lower layer\" and the code windows blocks idx < 6",
    notebook: NB2,
  },
  {
    id: "poster-locality-lower-layers",
    source: "the poster",
    location: "Conclusion, ¶1 (Fig. 7)",
    quote: "tokens in the lower layer tend to exhibit high attention scores with themselves and their neighboring patches in 2D image dimensions",
    paperValue: "locality (self + 2-D neighbours) in the lower layers",
    setting: { device: "n/a", model: "DeiT-tiny (12 blocks × 3 heads), lower blocks 0–5", dataset: "ImageNet (ViTCoD's info_0.95 masks keep the highest-attention entries of DeiT-tiny on ImageNet, one of Fig. 7's datasets)", definition: "share of kept patch→patch entries inside the 3×3 window, per block, vs a uniform spread" },
    tolerance: "a block is local iff ≥ 50 % of its kept patch→patch entries lie in the 3×3 window; the claim holds iff most lower blocks are local and their pooled share beats the upper blocks'",
    toleranceReason: "\"tend to\" is a majority statement; the uniform spread (4.2 %) is the no-locality baseline",
    notebook: NB2,
  },
  {
    id: "poster-window-pruning-95",
    source: "the poster",
    location: "Our Proposal, ¶1 (Fig. 8)",
    quote: "Our algorithm enables up to 95% pruning of the attention map",
    paperValue: "up to 95 %",
    setting: { device: "any (mask count)", model: "DeiT-tiny geometry: 14×14 patches + CLS, 3×3 window clipped at the border, CLS row and column kept", dataset: "224×224 inputs", definition: "pruned entries / 197² in a windowed block" },
    tolerance: "±0.5 percentage points",
    toleranceReason: "the poster prints an integer percent",
    notebook: NB3,
  },
  {
    id: "poster-whole-model-pruning",
    source: "the poster",
    location: "Our Proposal, ¶1 (Fig. 8): 95 % applies to the windowed blocks only",
    quote: "we applied sparsity to the lower six blocks, while only the upper six blocks perform full attention computation",
    paperValue: "not stated (the 95 % is per windowed block)",
    setting: { device: "any (mask count)", model: "DeiT-tiny, blocks 0–5 windowed (3×3 + CLS), blocks 6–11 dense", dataset: "224×224 inputs", definition: "pruned entries over all 12 blocks × 3 heads" },
    tolerance: "n/a (exact count)",
    toleranceReason: "a value the poster does not state, computed from its stated schedule",
    notebook: NB3,
  },
  {
    id: "poster-vit-pruning-up-to-90",
    source: "the poster",
    location: "Conclusion, ¶1 (after ViTCoD, Fig. 5)",
    quote: "ViT offers opportunities for acceleration thanks to their fixed input token sizes and pruning ratios of up to 90%",
    paperValue: "ViTs reach 90 % attention sparsity",
    setting: { device: "n/a (accuracy)", model: "DeiT-Base and DeiT-Small with ViTCoD's fixed masks (InfoPruning)", dataset: "ImageNet (Fig. 5, digitised)", definition: "the ViT curves of Fig. 5 have a marker at ≥ 90 % sparsity" },
    tolerance: "±1 sparsity point (digitising)",
    toleranceReason: "markers read off the poster PDF",
    notebook: NB3,
  },
  {
    id: "poster-fig10-rms-error",
    source: "the poster",
    location: "Fig. 10 (Comparison of Attention map: SW vs HW), top right",
    quote: "Overall RMS Error (%) : 0.00525",
    paperValue: "0.00525 %",
    setting: { device: "the poster's accelerator on the Zybo Z7-20 vs software", model: "DeiT-tiny attention scores (pre-softmax, colour bar −2…3)", dataset: "not stated", definition: "not stated (RMS definition and fixed-point formats not given)" },
    tolerance: "within a factor √10 (same order of magnitude)",
    toleranceReason: "the formats are unknown: the kit's bit-accurate model spans the value across 17–20-bit datapaths",
    notebook: NB4,
  },
  {
    id: "poster-real-hardware-speed",
    source: "the poster",
    location: "Conclusion, ¶1",
    quote: "we implemented our accelerator on the Zybo Z7 FPGA and conducted experiments in a real hardware environment, achieving significant improvements in computation speed",
    paperValue: "significant speed improvement measured on the Zybo Z7",
    setting: { device: "Zybo Z7-20 (Zynq-7020), on board", model: "the poster's accelerator", dataset: "not stated", definition: "measured on-board time" },
    tolerance: "n/a",
    toleranceReason: "the poster shows cycle counts (Fig. 11) and Vivado utilisation/power (Fig. 12) but no on-board timing",
    notebook: NB4,
  },
  {
    id: "poster-sddmm-systolic-inefficient",
    source: "the poster",
    location: "Motivation, ¶2 (Fig. 6)",
    quote: "The core operation of the proposed algorithm, Fig. 6 Sampled-based Dense Dense Matrix Multiplication (SDDMM), is inefficient when implemented with systolic array structures.",
    paperValue: "SDDMM on a systolic array < on MAC lines (Fig. 11: ×1.21 for Q×K at equal PEs)",
    setting: { device: "cycle model, equal PEs (30)", model: "DeiT-tiny attention", dataset: "n/a", definition: "cycles, systolic vs MAC lines" },
    tolerance: "ratio > 1 (the systolic array slower) under every assumption set of the kit's documented Fig. 11 ablation; the ×1.21 magnitude is judged in poster-fig11-qk-systolic-to-lines",
    toleranceReason: "the sentence claims a direction, not a size; the poster does not state its cycle model, so the direction must hold under every assumption set",
    notebook: NB5,
  },
  ...(
    [
      ["qk-systolic-to-lines", "x 1.21 Speed Up (Q x K: Full + Systolic → Full + Ours)", "×1.21"],
      ["qk-full-to-window", "x 17.4 Speed Up (Q x K: Full + Ours → Window + Ours)", "×17.4"],
      ["sv-systolic-to-lines", "x 1.03 Speed Up (S x V: Full + Systolic → Full + Ours)", "×1.03"],
      ["sv-full-to-window", "x 14.97 Speed Up (S x V: Full + Ours → Window + Ours)", "×14.97"],
    ] as const
  ).map(([slug, quote, value]): CatalogueEntry => ({
    id: `poster-fig11-${slug}`,
    source: "the poster",
    location: `Fig. 11 (Cycle Count: Full Attn vs Windowed Attn), ${slug.startsWith("qk") ? "Q x K" : "S x V"} panel`,
    quote,
    paperValue: value,
    setting: { device: "cycle model of the poster's MAC lines vs a systolic array with equal PEs (30)", model: "DeiT-tiny attention, 3×3 window + CLS", dataset: "n/a", definition: "cycles ratio" },
    tolerance: "±5 % relative, across the kit's documented assumption ablation",
    toleranceReason: "the poster does not state its cycle model; a verdict states the range over the ablation and is reproduced only if every assumption set lands within ±5 %",
    notebook: NB5,
  })),
  ...(
    [
      ["lut", "LUT 20879 53200 39.25", "20,879 LUT (39.25 %)"],
      ["lutram", "LUTRAM 172 17400 0.99", "172 LUTRAM (0.99 %)"],
      ["ff", "FF 5181 106400 4.87", "5,181 FF (4.87 %)"],
      ["bram", "BRAM 131 140 93.57", "131 BRAM36 (93.57 %)"],
      ["dsp", "DSP 20 220 9.09", "20 DSP (9.09 %)"],
    ] as const
  ).map(([slug, quote, value]): CatalogueEntry => ({
    id: `poster-fig12-${slug}`,
    source: "the poster",
    location: "Fig. 12 (FPGA Results), utilisation table",
    quote,
    paperValue: value,
    setting: { device: "Zybo Z7-20 (xc7z020), Vivado post-implementation", model: "the poster's accelerator (3 MAC lines × 10 PEs)", dataset: "n/a", definition: "Vivado utilisation" },
    tolerance: "first-order estimate: ±10 % relative",
    toleranceReason: "the kit estimates resources from the buffers and PEs it can infer; synthesis details are not public",
    notebook: NB5,
  })),
  {
    id: "poster-fig12-power",
    source: "the poster",
    location: "Fig. 12 (FPGA Results), On-Chip Power panel",
    quote: "Dynamic: 1.402 W (90%) … PS7: 1.398 W (95%) … Device Static: 0.150 W (10%)",
    paperValue: "1.552 W on chip; programmable logic ≈ 5 mW of 1.402 W dynamic (clocks < 1, signals 1, logic 2, BRAM 1, DSP < 1 mW)",
    setting: { device: "Zybo Z7-20 (xc7z020), Vivado power estimate", model: "the poster's accelerator", dataset: "n/a", definition: "Vivado on-chip power report" },
    tolerance: "order of magnitude: the kit's on-chip power estimate within a factor 10 of the programmable logic's dynamic power (Dynamic − PS7 of the printed watts, each ±0.5 mW)",
    toleranceReason: "Vivado's estimate depends on toggle rates the poster does not give, and the kit's per-operation energies are an ASIC table, not the FPGA's",
    notebook: NB5,
  },
  {
    id: "poster-table1-deltas",
    source: "the poster",
    location: "Table 1 (Accuracy on Various Transfer Learning Tasks), printed deltas",
    quote: TABLE1_QUOTE,
    paperValue: "-0.9, -0.6, -0.8, -1.9, -2.1",
    setting: { device: "any (arithmetic)", model: "DeiT-tiny", dataset: "CIFAR-100, CIFAR-10, Cars, CUB, ImageNet2012", definition: "Ours − Base of the printed accuracies" },
    tolerance: "±0.05 points (half of the printed decimal)",
    toleranceReason: "an arithmetic check of printed numbers: each printed delta must equal Ours − Base of the printed accuracies up to the delta's own rounding",
    notebook: NB6,
  },
  {
    id: "poster-table1-accuracy-drop",
    source: "the poster",
    location: "Table 1 (Accuracy on Various Transfer Learning Tasks): Ours = the lower six blocks windowed (Our Proposal, ¶1), so its deltas are the accuracy cost of the window",
    quote: TABLE1_QUOTE,
    paperValue: "drop 0.6–2.1 points",
    setting: { device: "GPU training (not stated)", model: "DeiT-tiny, pretrained, lower 6 blocks windowed, fine-tuned", dataset: "CIFAR-100, CIFAR-10, Cars, CUB, ImageNet2012", definition: "top-1 accuracy, windowed − full" },
    tolerance: "n/a",
    toleranceReason: "the DeiT-tiny fine-tunes cannot be rerun here; a small-scale analogue is context, never compared numerically",
    notebook: NB6,
  },
];
