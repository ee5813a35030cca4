/**
 * Building blocks the cycle models share: a GEMM on an output-stationary array with its weights streamed
 * from off chip (SCALE-Sim timing, `systolic.ts`), the linear layers of a block, the nonlinear functions
 * on the design's nonlinear unit, and HeatViT's multi-head token selector mapped onto the GEMM engine.
 */
import { UserError } from "../errors.ts";
import { nnz } from "../masks/sparse-mask.ts";
import { bytesPerCycle, type HardwarePreset } from "../specs/hardware.ts";
import { NONLINEAR_PRESETS, type NonlinearPresetId } from "../specs/nonlinear.ts";
import type { BlockWorkload, NonlinearCycles } from "./model.ts";
import type { VitShape } from "../specs/models.ts";
import { systolicGemmCycles, type Gemm, type SystolicArray } from "./systolic.ts";

/** Cost of work on the PE array. */
export interface Cost {
  cycles: number;
  macs: number;
  /** On-chip operand reads + result writes, elements. */
  sramElements: number;
  /** Weight elements streamed from off chip. */
  weightElements: number;
}

/** The zero cost. */
export const NO_COST: Readonly<Cost> = { cycles: 0, macs: 0, sramElements: 0, weightElements: 0 };

/** Sum of costs. */
export function addCosts(...cs: readonly Cost[]): Cost {
  const out = { ...NO_COST };
  for (const c of cs) {
    out.cycles += c.cycles;
    out.macs += c.macs;
    out.sramElements += c.sramElements;
    out.weightElements += c.weightElements;
  }
  return out;
}

/** The output-stationary array of a preset (single-cycle MAC, results drained: SCALE-Sim's defaults). */
export function presetArray(arch: HardwarePreset, macLatency = 0): SystolicArray {
  return { rows: arch.pes.rows, cols: arch.pes.cols, macLatency, drainRows: true };
}

/**
 * One GEMM on the array: max(compute, weight bytes / bandwidth) — weights stream while the previous
 * GEMM computes. SRAM traffic: A is read once per column fold, B once per row fold, C written once.
 * @param weights weight elements streamed from off chip (0 = operands already on chip)
 */
export function gemmCost(g: Gemm, arch: HardwarePreset, weights: number, array: SystolicArray = presetArray(arch)): Cost {
  const compute = systolicGemmCycles(g, array).cycles;
  const load = weights > 0 ? Math.ceil((weights * arch.dataBits) / 8 / bytesPerCycle(arch)) : 0;
  const sram = g.M * g.K * Math.ceil(g.N / array.cols) + g.K * g.N * Math.ceil(g.M / array.rows) + g.M * g.N;
  return { cycles: Math.max(compute, load), macs: g.M * g.K * g.N, sramElements: sram, weightElements: weights };
}

/** MLP hidden width of a model. */
export function mlpHidden(model: VitShape): number {
  return Math.round(model.mlpRatio * model.embedding);
}

/** The QKV + output projections and the two MLP layers of one block on `n` tokens, on the array. */
export function linearBlockCosts(model: VitShape, n: number, arch: HardwarePreset): { projections: Cost; mlp: Cost } {
  const E = model.embedding;
  const hidden = mlpHidden(model);
  const projections = addCosts(gemmCost({ M: n, K: E, N: 3 * E }, arch, 3 * E * E), gemmCost({ M: n, K: E, N: E }, arch, E * E));
  const mlp = addCosts(gemmCost({ M: n, K: E, N: hidden }, arch, E * hidden), gemmCost({ M: n, K: hidden, N: E }, arch, hidden * E));
  return { projections, mlp };
}

/** Dense Q×K and S×V of all heads on the array (heads one after another); masks are not exploited. */
export function denseAttentionCost(model: VitShape, n: number, arch: HardwarePreset): Cost {
  const d = model.headDim;
  const one = addCosts(gemmCost({ M: n, K: d, N: n }, arch, 0), gemmCost({ M: n, K: n, N: d }, arch, 0));
  return { cycles: one.cycles * model.heads, macs: one.macs * model.heads, sramElements: one.sramElements * model.heads, weightElements: 0 };
}

/** Softmax entries of a block: Σ over heads of kept entries (tokens² per head when dense). */
export function softmaxEntries(model: VitShape, block: BlockWorkload): number {
  if (!block.masks) return model.heads * block.tokens * block.tokens;
  let s = 0;
  for (const m of block.masks) s += nnz(m);
  return s;
}

/** Lanes of a nonlinear unit beside `arch`'s array. */
export function nonlinearLanes(arch: HardwarePreset, preset: NonlinearPresetId): number {
  const p = NONLINEAR_PRESETS[preset];
  if (!p) throw new UserError(`unknown nonlinear unit "${String(preset)}" (expected exact, ibert or polynomial)`);
  return Math.max(1, Math.floor(arch.pes.cols * p.lanesPerArrayColumn));
}

/**
 * Softmax (over the kept attention entries), GELU (tokens × MLP hidden) and LayerNorm (two per block,
 * tokens × E each) on the nonlinear unit: ⌈elements · passes / lanes⌉ cycles, not overlapped with the
 * matmuls (stated assumption). `extraSoftmax` adds entries (e.g. a token selector's keep/prune softmax).
 */
export function nonlinearCosts(model: VitShape, block: BlockWorkload, arch: HardwarePreset, preset: NonlinearPresetId, extraSoftmax = 0): { cycles: NonlinearCycles; elements: number } {
  const p = NONLINEAR_PRESETS[preset];
  const lanes = nonlinearLanes(arch, preset);
  const n = block.tokens;
  const softmaxEl = (softmaxEntries(model, block) + extraSoftmax) * p.passes.softmax;
  const geluEl = n * mlpHidden(model) * p.passes.gelu;
  const lnEl = 2 * n * model.embedding * p.passes.layerNorm;
  return {
    cycles: { softmax: Math.ceil(softmaxEl / lanes), gelu: Math.ceil(geluEl / lanes), layerNorm: Math.ceil(lnEl / lanes) },
    elements: softmaxEl + geluEl + lnEl,
  };
}

/**
 * HeatViT's multi-head token selector before a block on `n` tokens, mapped onto the GEMM engine (the
 * paper reuses the backbone's GEMM hardware for it; abstract and its hardware section). Per head h with
 * d = E/H features: a local MLP (n × d → d/2), a global MLP on the head's mean token (1 × d → d/2), keep/
 * prune scores from the concatenated d features (n × d → 2) and the head's importance weight (1 × d → 1);
 * heads run one after another on the array. Token packaging: the pruned tokens' weighted sum into the
 * package token (1 × pruned × E). The keep/prune softmax is charged to the nonlinear unit by the caller
 * (2 entries per token and head).
 */
export function selectorCost(model: VitShape, n: number, pruned: number, arch: HardwarePreset): Cost {
  const g = selectorGemms(model, n, pruned);
  const perHead = addCosts(...g.perHead.map((x) => gemmCost(x.gemm, arch, x.weights)));
  const heads: Cost = {
    cycles: perHead.cycles * model.heads,
    macs: perHead.macs * model.heads,
    sramElements: perHead.sramElements * model.heads,
    weightElements: perHead.weightElements * model.heads,
  };
  const packaging = g.packaging ? gemmCost(g.packaging, arch, 0) : NO_COST;
  return addCosts(heads, packaging);
}

/** The GEMMs of one selector (see {@link selectorCost}): per head, with their weight elements, and the packaging. */
export function selectorGemms(model: VitShape, n: number, pruned: number): { perHead: { gemm: Gemm; weights: number }[]; packaging: Gemm | null } {
  const d = model.headDim;
  const half = Math.max(1, Math.floor(d / 2));
  return {
    perHead: [
      { gemm: { M: n, K: d, N: half }, weights: d * half },
      { gemm: { M: 1, K: d, N: half }, weights: d * half },
      { gemm: { M: n, K: d, N: 2 }, weights: d * 2 },
      { gemm: { M: 1, K: d, N: 1 }, weights: d },
    ],
    packaging: pruned > 0 ? { M: 1, K: pruned, N: model.embedding } : null,
  };
}

/** Keep/prune softmax entries of a selector (2 per token and head). */
export function selectorSoftmaxEntries(model: VitShape, n: number): number {
  return 2 * n * model.heads;
}
