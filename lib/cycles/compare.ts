/**
 * One footing: the poster's windowed attention, ViTCoD (with and without its auto-encoder) and HeatViT
 * on the SAME hardware budget (equal PEs, same bandwidth and clock) for DeiT-tiny, against the dense
 * model on that budget. Three scopes are reported side by side:
 * - attention-only: the Q×K and S×V matmuls;
 * - whole attention: + the QKV and output projections (+ ViTCoD's Q/K/V data movement, where modelled);
 * - end-to-end: + the MLPs (+ HeatViT's token selectors).
 *
 * Assumptions (stated, not fitted): the budget is ViTCoD's 64 × 8 = 512 PEs at 500 MHz with 76.8 GB/s;
 * linear layers run on that array as a dense OS systolic array for every design (they are not what the
 * designs change); the poster's design spends the 512 PEs as MAC lines of 10 PEs (⌊512/10⌋ = 51 lines,
 * 17 per head), windowed attention in blocks 0–5 and full attention in 6–11 (poster Fig. 8 text); ViTCoD's
 * attention uses the CORRECTED variant (every head, W × PE_height PEs), whose MAC count equals the budget.
 */
import { UserError } from "../errors.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { denseMask } from "../masks/sparse-mask.ts";
import { POSTER_WINDOWED_BLOCKS } from "../masks/window.ts";
import { denseModelCycles, type DenseBudget, type ModelCycles } from "./dense-model.ts";
import { defaultHeatvitStages } from "./heatvit.ts";
import { macLinesParallelCycles, POSTER_BASE_ASSUMPTIONS, posterWindowMask, type PosterAssumptions } from "./poster.ts";
import { DEIT_TINY, type VitConfig } from "./presets/models.ts";
import { simulateVitcodCorrected, VITCOD_DEFAULTS, vitcodHeadWorkloadsFromMasks, type VitcodConfig } from "./vitcod.ts";
import { heatvitSchedule } from "../masks/heatvit.ts";

/** The shared budget. */
export interface FootingBudget {
  /** PE array rows × cols (rows·cols PEs in total). */
  rows: number;
  cols: number;
  clockHz: number;
  /** GB/s, GB = 1024³ B. */
  bandwidthGBps: number;
}

/** ViTCoD's budget: 8 × 64 PEs, 500 MHz, 76.8 GB/s. */
export const VITCOD_BUDGET: Readonly<FootingBudget> = { rows: 8, cols: 64, clockHz: 500e6, bandwidthGBps: 76.8 };

/** One design's cycles in the three scopes and its speedups over the dense model. */
export interface FootingRow {
  design: string;
  note: string;
  attentionMatmuls: number;
  attention: number;
  endToEnd: number;
  speedupAttentionMatmuls: number;
  speedupAttention: number;
  speedupEndToEnd: number;
}

function denseBudgetOf(b: FootingBudget): DenseBudget {
  if (!(b.bandwidthGBps > 0)) throw new UserError(`footing budget: bandwidth must be > 0 GB/s, got ${b.bandwidthGBps}`);
  if (!(b.clockHz > 0)) throw new UserError(`footing budget: clock must be > 0 Hz, got ${b.clockHz}`);
  return { array: { rows: b.rows, cols: b.cols, macLatency: 0, drainRows: true }, bytesPerCycle: (b.bandwidthGBps * 1024 ** 3) / b.clockHz, weightBytes: 1 };
}

function row(design: string, note: string, base: ModelCycles, matmuls: number, attention: number, endToEnd: number): FootingRow {
  return {
    design, note, attentionMatmuls: matmuls, attention, endToEnd,
    speedupAttentionMatmuls: base.attentionMatmuls / matmuls,
    speedupAttention: base.attention / attention,
    speedupEndToEnd: base.total / endToEnd,
  };
}

/**
 * The equal-footing table for `model` (default DeiT-tiny).
 * @param vitcodMasks ViTCoD's learned masks `[layer][head]` (from `loadVitcodMasks()`); omit to skip ViTCoD.
 */
export function equalFooting(vitcodMasks?: readonly (readonly SparseMask[])[], budget: FootingBudget = VITCOD_BUDGET, model: VitConfig = DEIT_TINY, poster: PosterAssumptions = POSTER_BASE_ASSUMPTIONS): FootingRow[] {
  const dense = denseBudgetOf(budget);
  const base = denseModelCycles(model, dense);
  const linear = (m: ModelCycles): { proj: number; mlp: number } => {
    let proj = 0;
    let mlp = 0;
    for (const b of m.blocks) {
      proj += b.qkv + b.proj;
      mlp += b.mlp + b.selector;
    }
    return { proj, mlp };
  };
  const baseLin = linear(base);
  const rows: FootingRow[] = [row("dense", "dense OS systolic array, full attention", base, base.attentionMatmuls, base.attention, base.total)];

  // Poster: MAC lines of P PEs; H heads share the lines equally.
  const pes = budget.rows * budget.cols;
  const linesPerHead = Math.floor(Math.floor(pes / poster.pesPerLine) / model.heads);
  if (linesPerHead < 1) throw new UserError(`footing budget: ${pes} PEs cannot hold one ${poster.pesPerLine}-PE MAC line per head`);
  const a: PosterAssumptions = { ...poster, heads: model.heads, featureDim: model.headDim };
  const win = posterWindowMask(3);
  const full = denseMask(model.tokens, win.layout);
  const winSet = new Set(POSTER_WINDOWED_BLOCKS);
  let posterMatmuls = 0;
  for (let b = 0; b < model.depth; b++) {
    const c = winSet.has(b) ? macLinesParallelCycles(win, a, linesPerHead, 10) : macLinesParallelCycles(full, a, linesPerHead, 0);
    posterMatmuls += c.qk + c.sv;
  }
  rows.push(row("poster-window", `${linesPerHead} MAC lines of ${poster.pesPerLine} PEs per head; 3×3 window in blocks 0–5, full in 6–11`, base, posterMatmuls, baseLin.proj + posterMatmuls, baseLin.proj + posterMatmuls + baseLin.mlp));

  // ViTCoD, corrected variant, with and without the auto-encoder.
  if (vitcodMasks) {
    const heads = vitcodHeadWorkloadsFromMasks(vitcodMasks, 50, model.tokens);
    for (const [label, ratio] of [["vitcod-ae", VITCOD_DEFAULTS.ratio], ["vitcod-no-ae", 1]] as const) {
      const cfg: VitcodConfig = {
        ...VITCOD_DEFAULTS, heads: model.heads, tokens: model.tokens, featureDim: model.headDim, embedding: model.embedding,
        ratio, peWidth: budget.cols, peHeight: budget.rows, bandwidthGBps: budget.bandwidthGBps, clockHz: budget.clockHz,
      };
      const r = simulateVitcodCorrected(heads, cfg);
      const processing = ratio < 1 ? r.processing : 0;
      const attnPhase = Math.max(r.preload, processing + r.computation);
      rows.push(row(label, `ViTCoD corrected variant (every head, W×PE_height), r = ${ratio}; whole attention includes its Q/K/V loads${ratio < 1 ? " and decoder" : ""}`, base, r.computation, baseLin.proj + attnPhase, baseLin.proj + attnPhase + baseLin.mlp));
    }
  }

  // HeatViT: token-pruned dense model on the same array (+ selectors).
  const stages = defaultHeatvitStages(model.depth);
  const sched = heatvitSchedule({ blocks: model.depth, patchTokens: model.patches, special: model.special, stages, packageToken: true });
  const pruned = denseModelCycles(model, dense, sched.map((s) => s.tokens), stages.map((s) => s.block));
  rows.push(row("heatvit", `token pruning, keep 0.7 at blocks ${stages.map((s) => s.block).join("/")} (assumed schedule)`, base, pruned.attentionMatmuls, pruned.attention, pruned.total));
  return rows;
}
