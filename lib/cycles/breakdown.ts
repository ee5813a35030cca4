/**
 * Assembles a {@link CycleBreakdown} from per-block parts, so every model sums, counts traffic and
 * computes utilisation the same way.
 */
import { peCount, type HardwarePreset } from "../specs/hardware.ts";
import type { NonlinearPresetId } from "../specs/nonlinear.ts";
import type { CycleBreakdown, NonlinearCycles, Workload } from "./model.ts";
import { NO_COST, nonlinearCosts, selectorCost, selectorSoftmaxEntries, type Cost } from "./parts.ts";

/** One block's parts, as a model computed them. */
export interface BlockParts {
  attention: Cost;
  projections: Cost;
  mlp: Cost;
  selector: Cost;
  nonlinear: NonlinearCycles;
  nonlinearElements: number;
  /** Data movement (and decoding) not hidden under compute, cycles. */
  exposed: number;
  /** Off-chip bytes beyond the weights (e.g. ViTCoD's Q/K/V loads). */
  extraDramBytes: number;
}

/** Tokens entering block `i` (before its selector). */
export function tokensEntering(workload: Workload, i: number): number {
  return i === 0 ? workload.model.tokens : workload.blocks[i - 1]!.tokens;
}

/**
 * The token selector before block `i` (when the workload has one there) on the GEMM engine, and the
 * nonlinear work of block `i` including the selector's keep/prune softmax.
 */
export function selectorAndNonlinear(workload: Workload, i: number, arch: HardwarePreset, nonlinear: NonlinearPresetId): { selector: Cost; nonlinear: NonlinearCycles; nonlinearElements: number } {
  const block = workload.blocks[i]!;
  const model = workload.model;
  const nIn = tokensEntering(workload, i);
  const selector = block.selector ? selectorCost(model, nIn, Math.max(0, nIn - block.tokens), arch) : NO_COST;
  const nl = nonlinearCosts(model, block, arch, nonlinear, block.selector ? selectorSoftmaxEntries(model, nIn) : 0);
  return { selector, nonlinear: nl.cycles, nonlinearElements: nl.elements };
}

/** Sums the blocks into the breakdown every model returns. */
export function assembleBreakdown(modelId: string, arch: HardwarePreset, workload: Workload, blocks: readonly BlockParts[]): CycleBreakdown {
  let attentionMatmuls = 0;
  let projections = 0;
  let mlp = 0;
  let selector = 0;
  let exposed = 0;
  let macs = 0;
  let attentionMacs = 0;
  let sram = 0;
  let weights = 0;
  let extraDram = 0;
  let nlElements = 0;
  const nonlinear: NonlinearCycles = { softmax: 0, gelu: 0, layerNorm: 0 };
  for (const b of blocks) {
    attentionMatmuls += b.attention.cycles;
    projections += b.projections.cycles;
    mlp += b.mlp.cycles;
    selector += b.selector.cycles;
    exposed += b.exposed;
    attentionMacs += b.attention.macs;
    macs += b.attention.macs + b.projections.macs + b.mlp.macs + b.selector.macs;
    sram += b.attention.sramElements + b.projections.sramElements + b.mlp.sramElements + b.selector.sramElements;
    weights += b.attention.weightElements + b.projections.weightElements + b.mlp.weightElements + b.selector.weightElements;
    extraDram += b.extraDramBytes;
    nlElements += b.nonlinearElements;
    nonlinear.softmax += b.nonlinear.softmax;
    nonlinear.gelu += b.nonlinear.gelu;
    nonlinear.layerNorm += b.nonlinear.layerNorm;
  }
  const pes = peCount(arch);
  const matmul = attentionMatmuls + projections + mlp + selector;
  const total = matmul + nonlinear.softmax + nonlinear.gelu + nonlinear.layerNorm + exposed;
  const bytes = arch.dataBits / 8;
  return {
    model: modelId,
    preset: arch.id,
    workload: workload.id,
    attentionMatmuls,
    projections,
    mlp,
    nonlinear,
    selector,
    exposedDataMovement: exposed,
    total,
    macs,
    attentionMacs,
    pes,
    utilisation: matmul > 0 ? macs / (matmul * pes) : 0,
    attentionUtilisation: attentionMatmuls > 0 ? attentionMacs / (attentionMatmuls * pes) : 0,
    nonlinearElements: nlElements,
    traffic: { sramBytes: sram * bytes, dramBytes: weights * bytes + extraDram },
    ms: (total / arch.clockHz) * 1e3,
  };
}
