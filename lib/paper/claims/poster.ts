/**
 * Checkable claims of the poster "Data-aware Sparsity for ViT: Efficient Algorithm-HW Co-design with Windowed
 * Attention" (Kyung Hee University; the PDF in github.com/yeonsik0710/custom_vit): text, figures and Table 1.
 * Locations name the poster's section and paragraph or the figure and its panel.
 */
import { POSTER_FIG8_MAP } from "../poster-fig8.ts";
import { DEIT_TINY_TOP1 } from "../deit.ts";
import { POSTER_FIG1_BOX } from "../poster-fig1.ts";
import { POSTER_FIG10_RMS } from "../poster-fig10.ts";
import { POSTER_FIG11 } from "../poster-fig11.ts";
import { FIG12_POWER, FIG12_RESOURCES } from "../poster-fig12.ts";
import { POSTER_TABLE1 } from "../poster-table1.ts";
import { POSTER_FIG1_SENTENCE, POSTER_PRUNING_SENTENCE, POSTER_VIT_PRUNING_SENTENCE } from "../poster-text.ts";
import type { CatalogueEntry, ClaimSetting } from "./types.ts";

const NB1 = "01-latency-breakdown";
const NB2 = "02-attention-maps";
const NB3 = "03-pruning-ratio";
const NB4 = "04-sddmm-kernel";
const NB5 = "05-fpga-speedup";
const NB6 = "06-accuracy";

/** The Introduction's Fig. 1 sentence. */
export const FIG1_SA_QUOTE = POSTER_FIG1_SENTENCE.over.printed;

/** Table 1's printed accuracies (Base, then Ours with its delta), as printed; the Table 1 claims quote it. */
const TABLE1_QUOTE =
  `Base ${POSTER_TABLE1.map((r) => `${r.base.toFixed(2)}%`).join(" ")} / ` +
  `Ours ${POSTER_TABLE1.map((r) => `${r.ours.toFixed(2)}% (${r.delta.toFixed(1)})`).join(" ")}`;

const TABLE1_DROPS = POSTER_TABLE1.map((r) => -r.delta);

/** A printed watt value of Fig. 12's power panel. */
const FIG12_WATTS = (component: string): number => FIG12_POWER.find((p) => p.component === component)!.watts;

/** Fig. 12's power panel, as printed (the two power rows quote it). */
const FIG12_POWER_QUOTE = ["Dynamic", "PS7", "Device Static"]
  .map((c) => FIG12_POWER.find((p) => p.component === c)!)
  .map((p) => `${p.component}: ${p.watts.toFixed(3)} W (${p.percent}%)`)
  .join(" … ");

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
  paperValue: `> ${POSTER_FIG1_SENTENCE.over.value} %`,
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
    paperValue: `max ${POSTER_FIG1_SENTENCE.upTo.value} %`,
    setting: FIG1_SETTING("the 7 ViTs of Fig. 1"),
    tolerance: "±2 points (four integer labels)",
    toleranceReason: "the maximum is a sum of four rounded bar labels",
    notebook: NB1,
  },
  {
    id: "poster-fig1-deit-tiny-matmul-box",
    source: "the poster",
    location: "Fig. 1, dashed box over the DeiT-Tiny bars",
    quote: POSTER_FIG1_BOX.printed,
    paperValue: `${POSTER_FIG1_BOX.value} %`,
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
    paperValue: "locality (self + neighbours) in the \"upper layers\" as Fig. 7 draws them",
    setting: { device: "n/a", model: "DeiT-tiny (12 blocks × 3 heads), the blocks Fig. 7 draws in its upper rows", dataset: "ImageNet (ViTCoD's info_0.95 masks; Fig. 7 also shows 4 transfer datasets, judged in poster-fig7-various-datasets)", definition: "share of kept patch→patch entries inside the 3×3 window, per block" },
    tolerance: "as poster-locality-lower-layers, on the blocks the poster's own reasoning names",
    toleranceReason: "\"upper\" is decided by the poster itself: Fig. 7 draws block 0 in its top row, the Conclusion says \"lower layer\" for the same observation, and the poster's code windows blocks idx < 6 — all three name blocks 0–5",
    notebook: NB2,
  },
  {
    id: "poster-fig7-various-datasets",
    source: "the poster",
    location: "Motivation, ¶1 and Fig. 7 (columns CIFAR-100, CIFAR-10, Cars, CUB, ImageNet2012)",
    quote: "Fig. 7 presents the analysis of attention maps across various datasets",
    paperValue: "the locality holds on each of Fig. 7's five datasets",
    setting: { device: "n/a", model: "DeiT-tiny fine-tuned on each dataset", dataset: "CIFAR-100, CIFAR-10, Cars, CUB, ImageNet2012", definition: "attention maps of all heads, per dataset" },
    tolerance: "n/a",
    toleranceReason: "the kit's locality evidence uses ImageNet masks only (ViTCoD's info_0.95); DeiT-tiny fine-tuned on the four transfer datasets is not published, so the other four columns cannot be recomputed",
    notebook: NB2,
  },
  {
    id: "poster-fig8-structure",
    source: "the poster",
    location: POSTER_FIG8_MAP.location,
    quote: `[Fig. 8] Our proposed algorithm, Windowed Attention — attention-map panel: ${POSTER_FIG8_MAP.printed}`,
    paperValue: `${POSTER_FIG8_MAP.bands} diagonal bands (offsets 0 and ±${POSTER_FIG8_MAP.bandOffset}) plus the CLS row and column`,
    setting: { device: "any (mask structure)", model: "DeiT-tiny geometry: 14×14 patches + CLS, 3×3 window clipped at the border (Our Proposal, ¶1)", dataset: "224×224 inputs", definition: "the diagonals (key − query offsets) the kept patch→patch entries lie on, grouped into runs of adjacent offsets, and whether the CLS row and column are kept" },
    tolerance: "exact: the same number of bands at the same centre offsets, and the CLS row and column",
    toleranceReason: "an exact count on the mask the kit builds from the poster's text rule, against the drawing",
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
    quote: POSTER_PRUNING_SENTENCE.printed,
    paperValue: `up to ${POSTER_PRUNING_SENTENCE.value} %`,
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
    paperValue: `not stated (the ${POSTER_PRUNING_SENTENCE.value} % is per windowed block)`,
    setting: { device: "any (mask count)", model: "DeiT-tiny, blocks 0–5 windowed (3×3 + CLS), blocks 6–11 dense", dataset: "224×224 inputs", definition: "pruned entries over all 12 blocks × 3 heads" },
    tolerance: "n/a (exact count)",
    toleranceReason: "a value the poster does not state, computed from its stated schedule",
    notebook: NB3,
  },
  {
    id: "poster-vit-pruning-up-to-90",
    source: "the poster",
    location: "Conclusion, ¶1 (after ViTCoD, Fig. 5)",
    quote: POSTER_VIT_PRUNING_SENTENCE.printed,
    paperValue: `ViTs reach ${POSTER_VIT_PRUNING_SENTENCE.value} % attention sparsity`,
    setting: { device: "n/a (accuracy)", model: "DeiT-Base and DeiT-Small with ViTCoD's fixed masks (InfoPruning)", dataset: "ImageNet (Fig. 5, digitised)", definition: "the ViT curves of Fig. 5 have a marker at ≥ 90 % sparsity" },
    tolerance: "±1 sparsity point (digitising)",
    toleranceReason: "markers read off the poster PDF",
    notebook: NB3,
  },
  {
    id: "poster-fig10-rms-error",
    source: "the poster",
    location: "Fig. 10 (Comparison of Attention map: SW vs HW), top right",
    quote: `Overall RMS Error (%) : ${POSTER_FIG10_RMS.value}`,
    paperValue: POSTER_FIG10_RMS.printed,
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
    setting: { device: "Zybo Z7-20 (Zynq-7020), on board", model: "the poster's accelerator", dataset: "not stated", definition: "on-board computation speed" },
    tolerance: "n/a",
    toleranceReason: "the board and the poster's bitstream are not available here; the poster shows board output (Fig. 10 [HW]) and cycle counts (Fig. 11) without saying how the cycles were counted",
    notebook: NB4,
  },
  {
    id: "poster-output-stationary",
    source: "the poster",
    location: "Motivation, ¶2 (Fig. 6, Fig. 9)",
    quote: "Therefore, we utilized parallel Mac Lines and adopted an output-stationary data flow.",
    paperValue: "parallel MAC lines, output-stationary",
    setting: { device: "the poster's accelerator on the Zybo Z7-20", model: "DeiT-tiny attention (SDDMM)", dataset: "n/a", definition: "the data flow of the MAC lines" },
    tolerance: "n/a",
    toleranceReason: "a design fact of hardware the kit cannot inspect (no RTL is published); the kit's cycle model adopts it as an assumption",
    notebook: NB4,
  },
  {
    id: "poster-sddmm-systolic-inefficient",
    source: "the poster",
    location: "Motivation, ¶2 (Fig. 6; Fig. 11)",
    quote: "The core operation of the proposed algorithm, Fig. 6 Sampled-based Dense Dense Matrix Multiplication (SDDMM), is inefficient when implemented with systolic array structures.",
    paperValue: "systolic array slower than the MAC lines at equal PEs (Fig. 11's two \"Full + Systolic → Full + Ours\" ratios)",
    setting: { device: "the poster's Fig. 11 (equal PEs)", model: "DeiT-tiny attention", dataset: "n/a", definition: "consistency of the sentence with Fig. 11's printed systolic → MAC-line ratios" },
    tolerance: "both printed ratios above 1",
    toleranceReason: "the sentence claims a direction, not a size; the kit's cycle model cannot test it independently (its systolic array cannot skip pruned work), so it is context",
    notebook: NB5,
  },
  ...(
    [
      ["qk-systolic-to-lines", POSTER_FIG11.qkSystolicToLines],
      ["qk-full-to-window", POSTER_FIG11.qkFullToWindow],
      ["sv-systolic-to-lines", POSTER_FIG11.svSystolicToLines],
      ["sv-full-to-window", POSTER_FIG11.svFullToWindow],
    ] as const
  ).map(([slug, r]): CatalogueEntry => ({
    id: `poster-fig11-${slug}`,
    source: "the poster",
    location: `Fig. 11 (Cycle Count: Full Attn vs Windowed Attn), ${slug.startsWith("qk") ? "Q x K" : "S x V"} panel`,
    quote: `${r.printed} (${r.location.replace(/^poster Fig\. 11, /, "").replace(/ × /g, " x ")})`,
    paperValue: `×${r.value}`,
    setting: { device: "cycle model of the poster's MAC lines vs a systolic array with equal PEs (30)", model: "DeiT-tiny attention, 3×3 window + CLS", dataset: "n/a", definition: "cycles ratio" },
    tolerance: "±5 % relative, across the kit's documented assumption ablation",
    toleranceReason: "the poster does not state its cycle model; a verdict states the range over the ablation and is reproduced only if every assumption set lands within ±5 %",
    notebook: NB5,
  })),
  ...FIG12_RESOURCES.map((r) => [r.resource.toLowerCase(), r] as const
  ).map(([slug, r]): CatalogueEntry => ({
    id: `poster-fig12-${slug}`,
    source: "the poster",
    location: "Fig. 12 (FPGA Results), utilisation table",
    quote: `${r.resource} ${r.used} ${r.available} ${r.percent.toFixed(2)}`,
    paperValue: `${r.used.toLocaleString("en-US")} ${r.resource === "BRAM" ? "BRAM36" : r.resource} (${r.percent} %)`,
    setting: { device: "Zybo Z7-20 (xc7z020), Vivado post-implementation", model: "the poster's accelerator (3 MAC lines × 10 PEs)", dataset: "n/a", definition: "Vivado utilisation" },
    tolerance: "first-order estimate: ±10 % relative",
    toleranceReason: "the kit estimates resources from the buffers and PEs it can infer; synthesis details are not public",
    notebook: NB5,
  })),
  {
    id: "poster-fig12-power",
    source: "the poster",
    location: "Fig. 12 (FPGA Results), On-Chip Power panel",
    quote: FIG12_POWER_QUOTE,
    paperValue: `programmable logic ≈ Dynamic − PS7 = ${(1000 * (FIG12_WATTS("Dynamic") - FIG12_WATTS("PS7"))).toFixed(0)} mW of ${FIG12_WATTS("Dynamic")} W dynamic (clocks, signals, logic, BRAM, DSP)`,
    setting: { device: "Zybo Z7-20 (xc7z020), Vivado power estimate", model: "the poster's accelerator", dataset: "n/a", definition: "dynamic power of the programmable logic" },
    tolerance: "the kit's on-chip estimate within a factor 2 of Dynamic − PS7, swept over the PL clock and the energy per operation",
    toleranceReason: "Vivado's estimate depends on the clock and toggle rates the poster does not give, and the kit's per-operation energies are an ASIC table: a first-order estimate, decided only when every value of those assumptions agrees",
    notebook: NB5,
  },
  {
    id: "poster-fig12-power-arithmetic",
    source: "the poster",
    location: "Fig. 12 (FPGA Results), On-Chip Power panel",
    quote: FIG12_POWER_QUOTE,
    paperValue: `Dynamic ${FIG12_WATTS("Dynamic")} W + Device Static ${FIG12_WATTS("Device Static")} W with their printed shares; components and their printed shares of Dynamic`,
    setting: { device: "any (arithmetic)", model: "the poster's accelerator", dataset: "n/a", definition: "the printed watts and percentages of the power panel against each other" },
    tolerance: "each printed watt ±0.5 mW (\"<0.001 W\" as 0–1 mW), each printed percent ±0.5 points",
    toleranceReason: "an arithmetic check of printed numbers up to their printed rounding",
    notebook: NB5,
  },
  {
    id: "poster-table1-deltas",
    source: "the poster",
    location: "Table 1 (Accuracy on Various Transfer Learning Tasks), printed deltas",
    quote: TABLE1_QUOTE,
    paperValue: POSTER_TABLE1.map((r) => r.delta.toFixed(1)).join(", "),
    setting: { device: "any (arithmetic)", model: "DeiT-tiny", dataset: "CIFAR-100, CIFAR-10, Cars, CUB, ImageNet2012", definition: "Ours − Base of the printed accuracies" },
    tolerance: "±0.05 points (half of the printed decimal)",
    toleranceReason: "a consistency check of printed numbers: each printed delta must equal Ours − Base of the printed accuracies up to the delta's own rounding",
    notebook: NB6,
  },
  {
    id: "poster-table1-base-imagenet",
    source: "the poster",
    location: "Table 1 (Accuracy on Various Transfer Learning Tasks), Base row, ImageNet2012 column",
    quote: TABLE1_QUOTE,
    paperValue: `Base on ImageNet2012 = DeiT-tiny's published top-1 (${DEIT_TINY_TOP1.location})`,
    setting: { device: "any (arithmetic)", model: "DeiT-tiny, full attention, pretrained", dataset: "ImageNet2012 (ImageNet-1k validation)", definition: "the printed Base accuracy against the published top-1 of the checkpoint it starts from" },
    tolerance: "±0.05 points (half of the printed decimal)",
    toleranceReason: "two printed numbers compared up to their rounding: a consistency check, not a measurement",
    notebook: NB6,
  },
  {
    id: "poster-table1-accuracy-drop",
    source: "the poster",
    location: "Table 1 (Accuracy on Various Transfer Learning Tasks): Ours = the lower six blocks windowed (Our Proposal, ¶1), so its deltas are the accuracy cost of the window",
    quote: TABLE1_QUOTE,
    paperValue: `drop ${Math.min(...TABLE1_DROPS).toFixed(1)}–${Math.max(...TABLE1_DROPS).toFixed(1)} points`,
    setting: { device: "GPU training (not stated)", model: "DeiT-tiny, pretrained, lower 6 blocks windowed, fine-tuned", dataset: "CIFAR-100, CIFAR-10, Cars, CUB, ImageNet2012", definition: "top-1 accuracy, windowed − full" },
    tolerance: "n/a",
    toleranceReason: "the DeiT-tiny fine-tunes cannot be rerun here; a small-scale analogue is context, never compared numerically",
    notebook: NB6,
  },
];
