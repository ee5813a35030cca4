/**
 * ViTCoD evidence of the accelerator notebook computed from the cycle models: ViTCoD's attention utilisation
 * against mask density on the kit's ViTCoD model, and what ViTCoD's paper adds beyond its released simulator
 * (every head; the auto-encoder's effect on data movement).
 */
import type { SparseMask } from "../masks/sparse-mask.ts";
import { windowMask } from "../masks/window.ts";
import { VITCOD_AUTOENCODER_RATIO } from "../paper/vitcod.ts";
import { VITCOD_ASIC, type HardwarePreset } from "../specs/hardware.ts";
import type { CycleBreakdown } from "../cycles/model.ts";
import { simulateVitcodDesign } from "../cycles/models/vitcod.ts";
import type { VitShape } from "../specs/models.ts";
import { simulateVitcodAttention, simulateVitcodCorrected, vitcodHeadWorkloadsFromMasks, vitcodWorkloadFromMasks } from "../cycles/vitcod.ts";
import { denseWorkload, gridSide, maskWorkload } from "../cycles/workloads.ts";

/** One point of ViTCoD's utilisation-vs-density evidence. */
export interface UtilisationPoint {
  workload: string;
  /** The mask family: the dense map, k×k windows, or learned masks (e.g. ViTCoD's). */
  family: "dense" | "window" | "learned";
  /** Kept attention entries / (heads · tokens²), mean over blocks. */
  density: number;
  attentionCycles: number;
  /** Useful attention MACs / (attention cycles · PEs). */
  attentionUtilisation: number;
  /** Cycles the Q/K/V loads and decoding add beyond the attention compute. */
  exposedDataMovement: number;
}

/** Mean attention density of a breakdown's workload masks. */
function density(masks: readonly (readonly SparseMask[])[]): number {
  let kept = 0;
  let all = 0;
  for (const layer of masks) for (const m of layer) {
    kept += m.rowPtr[m.n]!;
    all += m.n * m.n;
  }
  return kept / all;
}

/**
 * ViTCoD's attention utilisation on its own accelerator (the kit's ViTCoD model, all heads) across masks
 * of several densities: dense, k×k windows in every block, and the learned masks when given.
 */
export function vitcodUtilisationVsDensity(model: VitShape, windows: readonly number[], learned?: { label: string; masks: readonly (readonly SparseMask[])[] }, arch: HardwarePreset = VITCOD_ASIC): UtilisationPoint[] {
  const g = gridSide(model);
  const sets: { label: string; family: UtilisationPoint["family"]; masks: SparseMask[][] | readonly (readonly SparseMask[])[] }[] = [];
  for (const k of windows) {
    const w = windowMask({ gridH: g, gridW: g, kh: k, border: "clip", special: model.special });
    sets.push({ label: `${k}×${k} window, all blocks`, family: "window", masks: Array.from({ length: model.depth }, () => new Array<SparseMask>(model.heads).fill(w)) });
  }
  if (learned) sets.push({ ...learned, family: "learned" });
  const point = (label: string, family: UtilisationPoint["family"], b: CycleBreakdown, d: number): UtilisationPoint => ({
    workload: label, family, density: d, attentionCycles: b.attentionMatmuls, attentionUtilisation: b.attentionUtilisation, exposedDataMovement: b.exposedDataMovement,
  });
  const out = [point("dense", "dense", simulateVitcodDesign(arch, denseWorkload(model)), 1)];
  for (const s of sets) out.push(point(s.label, s.family, simulateVitcodDesign(arch, maskWorkload(s.label, s.label, model, s.masks)), density(s.masks)));
  return out.sort((a, b) => b.density - a.density);
}

/** What the paper's design adds beyond the released simulator, on one set of masks. */
export interface VitcodBeyondSimulator {
  /** The released simulator (head 0 only, reference semantics): computation cycles. */
  referenceHead0Computation: number;
  /** Every head (corrected model, W × PE_height): computation cycles. */
  allHeadsComputation: number;
  /** Off-chip bytes of Q/K/V per inference with the auto-encoder (r) and without (r = 1). */
  qkvBytesWithEncoder: number;
  qkvBytesWithoutEncoder: number;
  ratio: number;
  /** Whole-inference cycles with and without the auto-encoder (decoder cost included with it). */
  totalWithEncoder: number;
  totalWithoutEncoder: number;
}

/** Reference vs all heads, and the auto-encoder's effect on data movement at ViTCoD's ratio. */
export function vitcodBeyondSimulator(model: VitShape, masks: readonly (readonly SparseMask[])[], arch: HardwarePreset = VITCOD_ASIC): VitcodBeyondSimulator {
  const reference = simulateVitcodAttention(vitcodWorkloadFromMasks(masks));
  const all = simulateVitcodCorrected(vitcodHeadWorkloadsFromMasks(masks));
  const w = maskWorkload("learned", "learned masks", model, masks);
  const r = VITCOD_AUTOENCODER_RATIO.value;
  const withEnc = simulateVitcodDesign(arch, w, { ratio: r });
  const without = simulateVitcodDesign(arch, w, { ratio: 1 });
  const weights = (b: CycleBreakdown): number => b.traffic.dramBytes;
  const weightBytes = model.depth * (4 * model.embedding ** 2 + 2 * model.embedding * Math.round(model.mlpRatio * model.embedding)) * (arch.dataBits / 8);
  return {
    referenceHead0Computation: reference.computation,
    allHeadsComputation: all.computation,
    qkvBytesWithEncoder: weights(withEnc) - weightBytes,
    qkvBytesWithoutEncoder: weights(without) - weightBytes,
    ratio: r,
    totalWithEncoder: withEnc.total,
    totalWithoutEncoder: without.total,
  };
}
