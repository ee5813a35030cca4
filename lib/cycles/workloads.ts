/**
 * Whole-model workloads for the cycle models: dense attention, the poster's windowed schedule, learned
 * masks (e.g. ViTCoD's), and token-pruned models (HeatViT). A workload says what each block computes;
 * the hardware and the mapping are separate inputs.
 */
import { UserError } from "../errors.ts";
import { heatvitSchedule, type KeepRatioStage } from "../specs/token-pruning.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { windowMask } from "../masks/window.ts";
import type { BlockWorkload, SparsityKind, Workload } from "./model.ts";
import { selectorGemms } from "./parts.ts";
import { formatBlockList } from "../specs/block-list.ts";
import type { VitShape } from "../specs/models.ts";

/** Side of a model's square patch grid. */
export function gridSide(model: VitShape): number {
  const g = Math.round(Math.sqrt(model.patches));
  if (g * g !== model.patches) throw new UserError(`workload: ${model.id} has ${model.patches} patches, not a square grid`);
  return g;
}

/** Every block at full attention on all tokens. */
export function denseWorkload(model: VitShape): Workload {
  return {
    id: `${model.id}-dense`,
    kind: "none",
    label: `${model.id}, dense attention`,
    model,
    blocks: Array.from({ length: model.depth }, () => ({ tokens: model.tokens, selector: false })),
  };
}

/**
 * A workload whose blocks each have per-head masks (`undefined` = dense attention), e.g. a window on some
 * blocks or learned masks from a file. Checks every mask against the model's heads and tokens.
 */
export function blockMasksWorkload(o: { id: string; label: string; kind: SparsityKind; model: VitShape; masks: readonly (readonly SparseMask[] | undefined)[] }): Workload {
  const { model } = o;
  if (o.masks.length !== model.depth) throw new UserError(`workload ${o.id}: ${o.masks.length} mask layers for a ${model.depth}-block model`);
  o.masks.forEach((layer, l) => {
    if (!layer) return;
    if (layer.length !== model.heads) throw new UserError(`workload ${o.id}: layer ${l} has ${layer.length} heads, expected ${model.heads}`);
    for (const m of layer) if (m.n !== model.tokens) throw new UserError(`workload ${o.id}: layer ${l} mask is ${m.n}×${m.n}, expected ${model.tokens} tokens`);
  });
  return {
    id: o.id,
    kind: o.kind,
    label: o.label,
    model,
    blocks: o.masks.map((layer) => (layer ? { tokens: model.tokens, masks: layer, selector: false } : { tokens: model.tokens, selector: false })),
  };
}

/**
 * The poster's windowed schedule: blocks in `windowed` attend a k×k clipped window plus the special
 * tokens (every head the same mask), the others full attention.
 * @param masks optional per-layer, per-head masks (e.g. the kit's whole-model mask export) used instead of
 *   generating the window mask; they must match the schedule's blocks.
 */
export function windowScheduleWorkload(model: VitShape, k: number, windowed: readonly number[], masks?: readonly (readonly SparseMask[])[]): Workload {
  const g = gridSide(model);
  for (const b of windowed) if (!Number.isInteger(b) || b < 0 || b >= model.depth) throw new UserError(`window schedule: block ${b} is outside 0..${model.depth - 1}`);
  if (masks && masks.length !== model.depth) throw new UserError(`window schedule: ${masks.length} mask layers for a ${model.depth}-block model`);
  const set = new Set(windowed);
  const list = [...set].sort((a, b) => a - b);
  const id = `${model.id}-window-k${k}`;
  const label = `${model.id}, ${k}×${k} window in blocks ${formatBlockList(list)}`;
  if (masks) return blockMasksWorkload({ id, label: `${label} (given masks)`, kind: "window", model, masks });
  const win = new Array<SparseMask>(model.heads).fill(windowMask({ gridH: g, gridW: g, kh: k, border: "clip", special: model.special }));
  return blockMasksWorkload({ id, label, kind: "window", model, masks: Array.from({ length: model.depth }, (_, b) => (set.has(b) ? win : undefined)) });
}

/** Learned masks `[layer][head]` (e.g. ViTCoD's info_0.95). */
export function maskWorkload(id: string, label: string, model: VitShape, masks: readonly (readonly SparseMask[])[]): Workload {
  if (masks.length !== model.depth) throw new UserError(`mask workload ${id}: ${masks.length} layers for a ${model.depth}-block model`);
  masks.forEach((layer, l) => {
    if (layer.length !== model.heads) throw new UserError(`mask workload ${id}: layer ${l} has ${layer.length} heads, expected ${model.heads}`);
    for (const m of layer) if (m.n !== model.tokens) throw new UserError(`mask workload ${id}: layer ${l} mask is ${m.n}×${m.n}, expected ${model.tokens} tokens`);
  });
  return { id, kind: "learned-masks", label, model, blocks: masks.map((layer) => ({ tokens: model.tokens, masks: layer, selector: false })) };
}

/** A token-pruned model: selectors before the stages' blocks, one package token (HeatViT). */
export function tokenPrunedWorkload(model: VitShape, stages: readonly KeepRatioStage[]): Workload {
  const sched = heatvitSchedule({ blocks: model.depth, patchTokens: model.patches, special: model.special, stages, packageToken: true });
  const sel = new Set(stages.map((s) => s.block));
  const desc = stages.map((s) => `${s.block}:${s.keepRatio}`).join(" ");
  return {
    id: `${model.id}-token-pruned`,
    kind: "token-pruning",
    label: `${model.id}, token selectors (block:keep) ${desc}`,
    model,
    blocks: sched.map((b, i) => ({ tokens: b.tokens, selector: sel.has(i) })),
  };
}

/** Multiply-accumulates of a workload's blocks, by part (design-independent: kept attention entries only). */
export interface WorkloadMacs {
  /** Q×K and S×V over the kept entries: 2 · kept · d per head. */
  attention: number;
  /** QKV and output projections: 4 · n · E² per block. */
  projections: number;
  /** The two MLP layers: 2 · n · E · hidden per block. */
  mlp: number;
  /** Token selectors (HeatViT's), 0 without. */
  selector: number;
  total: number;
}

/**
 * The useful MACs of a workload's transformer blocks (patch embedding and classifier head excluded), the same
 * counts the cycle models report as `macs`: what a design that skips every pruned entry computes.
 */
export function workloadMacs(w: Workload): WorkloadMacs {
  const m = w.model;
  const hidden = Math.round(m.mlpRatio * m.embedding);
  let attention = 0;
  let projections = 0;
  let mlp = 0;
  let selector = 0;
  w.blocks.forEach((b, i) => {
    const n = b.tokens;
    let kept = 0;
    if (b.masks) for (const mask of b.masks) kept += mask.rowPtr[mask.n]!;
    else kept = m.heads * n * n;
    attention += 2 * kept * m.headDim;
    projections += 4 * n * m.embedding * m.embedding;
    mlp += 2 * n * m.embedding * hidden;
    if (b.selector) {
      const nIn = i === 0 ? m.tokens : w.blocks[i - 1]!.tokens;
      selector += selectorMacs(m, nIn, Math.max(0, nIn - n));
    }
  });
  return { attention, projections, mlp, selector, total: attention + projections + mlp + selector };
}

/** MACs of HeatViT's token selector on `n` tokens pruning `pruned` of them (the GEMMs of `selectorCost`). */
export function selectorMacs(model: VitShape, n: number, pruned: number): number {
  const g = selectorGemms(model, n, pruned);
  const mkn = (x: { M: number; K: number; N: number }): number => x.M * x.K * x.N;
  return g.perHead.reduce((a, x) => a + mkn(x.gemm), 0) * model.heads + (g.packaging ? mkn(g.packaging) : 0);
}
