/**
 * ViTCoD's dual-engine accelerator as a whole-model design: per block, every head's mask is polarized
 * (G dense global columns, S sparse entries) and run on the corrected ViTCoD model (`vitcod.ts`: every
 * head, W × PE_height PEs, dense and sparse engines splitting each head's columns), with its Q/K/V loads
 * and, when the auto-encoder is on (r < 1), its decoder. What the simulator leaves out and the kit adds,
 * from ViTCoD's paper: all heads (the released simulator models head 0), and the auto-encoder's effect on
 * data movement — Q and K cross the off-chip interface compressed by r (the simulator's `--ratio`).
 * Projections and MLP run on the same PEs as a dense output-stationary array.
 */
import { polarize } from "../../masks/polarizer.ts";
import { denseMask, type SparseMask } from "../../masks/sparse-mask.ts";
import { VITCOD_AUTOENCODER_RATIO } from "../../paper/vitcod.ts";
import { bandwidthGiBps, type HardwarePreset } from "../../specs/hardware.ts";
import { assembleBreakdown, selectorAndNonlinear, type BlockParts } from "../breakdown.ts";
import { NONLINEAR_PARAM, type BaseMapping, type CycleModel, type Workload } from "../model.ts";
import { linearBlockCosts, type Cost } from "../parts.ts";
import { simulateVitcodCorrected, type VitcodConfig } from "../vitcod.ts";

/** How ViTCoD maps a workload. */
export interface VitcodMapping extends BaseMapping {
  /** Polarizer threshold: a key column with more kept entries is a dense (global) column. */
  threshold: number;
  /** Auto-encoder compression ratio r of Q/K (1 = no auto-encoder). */
  ratio: number;
}

/** ViTCoD's mapping: polarizer threshold 50, r from ViTCoD's simulator. */
export const VITCOD_MAPPING: Readonly<VitcodMapping> = { threshold: 50, ratio: VITCOD_AUTOENCODER_RATIO.value };

/** The ViTCoD configuration of a preset, a model shape and a block's token count. */
export function vitcodConfigFor(arch: HardwarePreset, workload: Workload, tokens: number, ratio: number): VitcodConfig {
  const m = workload.model;
  return {
    heads: m.heads,
    tokens,
    featureDim: m.headDim,
    ratio,
    peWidth: arch.pes.cols,
    peHeight: arch.pes.rows,
    embedding: m.embedding,
    bandwidthGBps: bandwidthGiBps(arch),
    clockHz: arch.clockHz,
    bits: arch.dataBits,
  };
}

const denseMasks = new Map<number, SparseMask>();
/** The all-kept mask of n tokens, built once per n (masks are never mutated). */
function denseOf(n: number): SparseMask {
  let m = denseMasks.get(n);
  if (!m) {
    m = denseMask(n);
    denseMasks.set(n, m);
  }
  return m;
}

const polarized = new WeakMap<SparseMask, Map<number, { G: number; S: number }>>();
/** The polarizer's {G, S} of a mask at a threshold, computed once per mask and threshold (a sweep reuses them). */
function polarizedOf(mask: SparseMask, threshold: number): { G: number; S: number } {
  let byThreshold = polarized.get(mask);
  if (!byThreshold) {
    byThreshold = new Map();
    polarized.set(mask, byThreshold);
  }
  let r = byThreshold.get(threshold);
  if (!r) {
    const p = polarize(mask, threshold);
    r = { G: p.globalTokens, S: p.sparseNnz };
    byThreshold.set(threshold, r);
  }
  return r;
}

/** One block's attention on ViTCoD's engines, its exposed loads/decoding and its Q/K/V off-chip bytes. */
export function vitcodBlockAttention(workload: Workload, i: number, arch: HardwarePreset, m: VitcodMapping): { attention: Cost; exposed: number; dramBytes: number } {
  const model = workload.model;
  const block = workload.blocks[i]!;
  const n = block.tokens;
  const masks: SparseMask[] = [];
  for (let h = 0; h < model.heads; h++) masks.push(block.masks?.[h] ?? denseOf(n));
  const heads = masks.map((mask) => polarizedOf(mask, m.threshold));
  const cfg = vitcodConfigFor(arch, workload, n, m.ratio);
  const r = simulateVitcodCorrected([heads], cfg);
  const processing = m.ratio < 1 ? r.processing : 0;
  const phase = Math.max(r.preload, processing + r.computation);
  let macs = 0;
  for (const mask of masks) macs += 2 * mask.rowPtr[mask.n]! * model.headDim;
  // Q/K cross the interface compressed by r, V uncompressed (per head: tokens loaded for the dense and
  // sparse phases, as the corrected model streams them).
  let qk = 0;
  let v = 0;
  for (const { G } of heads) {
    qk += ((G > 0 ? G + n : 0) + (n - G)) * m.ratio * model.headDim;
    v += n * model.headDim;
  }
  const rowsPerHead = arch.pes.rows / model.heads;
  const sram = Math.round(macs * (1 / arch.pes.cols + 1 / Math.max(1, rowsPerHead)));
  return {
    attention: { cycles: r.computation, macs, sramElements: sram, weightElements: 0 },
    exposed: phase - r.computation,
    dramBytes: ((qk + v) * arch.dataBits) / 8,
  };
}

/** Simulates a workload on ViTCoD's accelerator. */
export function simulateVitcodDesign(arch: HardwarePreset, workload: Workload, mapping: Partial<VitcodMapping> = {}): ReturnType<typeof assembleBreakdown> {
  const m: VitcodMapping = { ...VITCOD_MAPPING, ...mapping };
  const nl = m.nonlinear ?? arch.nonlinear;
  const blocks: BlockParts[] = workload.blocks.map((block, i) => {
    const { projections, mlp } = linearBlockCosts(workload.model, block.tokens, arch);
    const s = selectorAndNonlinear(workload, i, arch, nl);
    const a = vitcodBlockAttention(workload, i, arch, m);
    return { attention: a.attention, projections, mlp, selector: s.selector, nonlinear: s.nonlinear, nonlinearElements: s.nonlinearElements, exposed: a.exposed, extraDramBytes: a.dramBytes };
  });
  return assembleBreakdown("vitcod", arch, workload, blocks);
}

/** ViTCoD as a registered model. */
export const vitcodModel: CycleModel<VitcodMapping> = {
  id: "vitcod",
  label: "ViTCoD dual engine",
  description: "ViTCoD's accelerator: polarized masks on dense + sparse engines, every head (corrected model), auto-encoder-compressed Q/K loads",
  nativePreset: "vitcod",
  exploits: "learned-masks",
  mappingParams: {
    threshold: { meaning: "polarizer: a key column with more kept entries than this is a dense (global) column", unit: "entries", domain: { integer: true, min: 0 } },
    ratio: { meaning: "r, auto-encoder compression ratio of Q and K (1 = no auto-encoder)", unit: "fraction 0..1", domain: { min: 0, minExclusive: true, max: 1 } },
    nonlinear: NONLINEAR_PARAM,
  },
  defaultMapping: VITCOD_MAPPING,
  evaluate: simulateVitcodDesign,
  sweep: [
    { key: "hardware.pes.cols", values: [8, 16, 24, 32, 48, 64, 96, 128] },
    { key: "hardware.pes.rows", values: [2, 4, 8, 16, 32] },
    { key: "hardware.offChipBytesPerSecond", values: [4.8 * 1024 ** 3, 9.6 * 1024 ** 3, 19.2 * 1024 ** 3, 38.4 * 1024 ** 3, 76.8 * 1024 ** 3] },
    { key: "mapping.vitcod.ratio", values: [0.333, 0.5, 0.667, 0.833, 1] },
  ],
};
