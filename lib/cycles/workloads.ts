/**
 * Whole-model workloads for the cycle models: dense attention, the poster's windowed schedule, learned
 * masks (e.g. ViTCoD's), and token-pruned models (HeatViT). A workload says what each block computes;
 * the hardware and the mapping are separate inputs.
 */
import { UserError } from "../errors.ts";
import { heatvitSchedule, type KeepRatioStage } from "../masks/heatvit.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { windowMask } from "../masks/window.ts";
import type { BlockWorkload, Workload } from "./model.ts";
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
 * The poster's windowed schedule: blocks in `windowed` attend a k×k clipped window plus the special
 * tokens (every head the same mask), the others full attention.
 * @param masks optional per-layer, per-head masks (e.g. the kit's whole-model mask export) used instead of
 *   generating the window mask; they must match the schedule's blocks.
 */
export function windowScheduleWorkload(model: VitShape, k: number, windowed: readonly number[], masks?: readonly (readonly SparseMask[])[]): Workload {
  const g = gridSide(model);
  const win = windowMask({ gridH: g, gridW: g, kh: k, border: "clip", special: model.special });
  const set = new Set(windowed);
  for (const b of windowed) if (!Number.isInteger(b) || b < 0 || b >= model.depth) throw new UserError(`window schedule: block ${b} is outside 0..${model.depth - 1}`);
  if (masks && masks.length !== model.depth) throw new UserError(`window schedule: ${masks.length} mask layers for a ${model.depth}-block model`);
  const blocks: BlockWorkload[] = Array.from({ length: model.depth }, (_, b) => {
    if (masks) return { tokens: model.tokens, masks: masks[b]!, selector: false };
    return set.has(b) ? { tokens: model.tokens, masks: new Array<SparseMask>(model.heads).fill(win), selector: false } : { tokens: model.tokens, selector: false };
  });
  const list = [...set].sort((a, b) => a - b);
  return { id: `${model.id}-window-k${k}`, kind: "window", label: `${model.id}, ${k}×${k} window in blocks ${list.join(",")}`, model, blocks };
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
