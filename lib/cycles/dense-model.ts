/**
 * Whole-ViT cycle model on a dense output-stationary array (the baseline of the HeatViT and equal-footing
 * comparisons). Per block with n tokens: QKV projection, Q×K and S×V per head, output projection, the
 * two MLP layers — each a GEMM on the array (SCALE-Sim OS timing, `systolic.ts`). Weights stream from
 * off-chip once per block while the previous GEMM computes, so a GEMM costs max(compute, weight bytes /
 * bandwidth); activations stay on chip.
 */
import { UserError } from "../errors.ts";
import { systolicGemmCycles, type Gemm, type SystolicArray } from "./systolic.ts";
import type { VitConfig } from "./presets/models.ts";

/** The hardware budget a dense model runs on. */
export interface DenseBudget {
  array: SystolicArray;
  /** Off-chip bytes per cycle (bandwidth / clock). */
  bytesPerCycle: number;
  /** Bytes per weight (1 for 8-bit). */
  weightBytes: number;
}

/** Cycles of one block, split by part. */
export interface BlockCycles {
  tokens: number;
  qkv: number;
  /** Q×K of all heads. */
  qk: number;
  /** S×V of all heads. */
  sv: number;
  proj: number;
  mlp: number;
  /** Token-selector overhead (HeatViT), 0 when absent. */
  selector: number;
  total: number;
}

/** Whole-model cycles, split the way the comparisons report them. */
export interface ModelCycles {
  blocks: BlockCycles[];
  /** Σ (qk + sv): the attention matmuls. */
  attentionMatmuls: number;
  /** Σ (qkv + qk + sv + proj): the whole attention module. */
  attention: number;
  /** Σ total. */
  total: number;
}

/** Validates a budget; throws {@link UserError} for 0 PEs or bandwidth ≤ 0. */
export function validateBudget(b: DenseBudget): void {
  if (!Number.isInteger(b.array.rows) || !Number.isInteger(b.array.cols) || b.array.rows < 1 || b.array.cols < 1) {
    throw new UserError(`hardware budget: the PE array must have at least 1×1 PEs, got ${b.array.rows}×${b.array.cols}`);
  }
  if (!(b.bytesPerCycle > 0) || !Number.isFinite(b.bytesPerCycle)) throw new UserError(`hardware budget: bandwidth must be > 0 bytes/cycle, got ${b.bytesPerCycle}`);
  if (!(b.weightBytes > 0)) throw new UserError(`hardware budget: weightBytes must be > 0, got ${b.weightBytes}`);
}

/** One GEMM's cycles: max(compute on the array, its weight bytes over the bandwidth); `weights` 0 = on chip. */
export function gemmCycles(g: Gemm, b: DenseBudget, weights: number): number {
  const compute = systolicGemmCycles(g, b.array).cycles;
  const load = Math.ceil((weights * b.weightBytes) / b.bytesPerCycle);
  return Math.max(compute, load);
}

/**
 * Cycles of one transformer block on `n` tokens.
 * @param selector add a HeatViT token selector before this block (a per-head MLP d → d/2 → 2 on all n
 *   tokens, plus the head-weighting GEMV: modelled as GEMMs n×E·E×E/2 and n×E/2·E/2×2).
 */
export function denseBlockCycles(model: VitConfig, n: number, b: DenseBudget, selector = false): BlockCycles {
  if (!Number.isInteger(n) || n < 1) throw new UserError(`dense model: token count must be a positive integer, got ${n}`);
  const E = model.embedding;
  const d = model.headDim;
  const hidden = Math.round(model.mlpRatio * E);
  const qkv = gemmCycles({ M: n, K: E, N: 3 * E }, b, 3 * E * E);
  const qk = model.heads * gemmCycles({ M: n, K: d, N: n }, b, 0);
  const sv = model.heads * gemmCycles({ M: n, K: n, N: d }, b, 0);
  const proj = gemmCycles({ M: n, K: E, N: E }, b, E * E);
  const mlp = gemmCycles({ M: n, K: E, N: hidden }, b, E * hidden) + gemmCycles({ M: n, K: hidden, N: E }, b, hidden * E);
  const half = Math.max(1, Math.floor(E / 2));
  const sel = selector ? gemmCycles({ M: n, K: E, N: half }, b, E * half) + gemmCycles({ M: n, K: half, N: 2 }, b, half * 2) : 0;
  return { tokens: n, qkv, qk, sv, proj, mlp, selector: sel, total: qkv + qk + sv + proj + mlp + sel };
}

/** Sums per-block cycles into the three reported scopes. */
export function sumModelCycles(blocks: BlockCycles[]): ModelCycles {
  let attentionMatmuls = 0;
  let attention = 0;
  let total = 0;
  for (const x of blocks) {
    attentionMatmuls += x.qk + x.sv;
    attention += x.qkv + x.qk + x.sv + x.proj;
    total += x.total;
  }
  return { blocks, attentionMatmuls, attention, total };
}

/**
 * Whole-model cycles for per-block token counts (all `model.tokens` when omitted).
 * @param selectorBlocks blocks that start with a token selector
 */
export function denseModelCycles(model: VitConfig, b: DenseBudget, tokensPerBlock?: readonly number[], selectorBlocks: readonly number[] = []): ModelCycles {
  validateBudget(b);
  const tokens = tokensPerBlock ?? new Array<number>(model.depth).fill(model.tokens);
  if (tokens.length !== model.depth) throw new UserError(`dense model: ${tokens.length} per-block token counts for a ${model.depth}-block model`);
  const sel = new Set(selectorBlocks);
  return sumModelCycles(tokens.map((n, i) => denseBlockCycles(model, n, b, sel.has(i))));
}
