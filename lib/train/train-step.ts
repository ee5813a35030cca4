/**
 * One optimisation step and batched evaluation of the ViT.
 */
import * as tf from "@tensorflow/tfjs";
import { adamStep, type AdamState } from "./adam.ts";
import { crossEntropy, forward, gridSide, type VitModel } from "./vit.ts";

/**
 * One Adam step on a batch: `patches` `[batch·grid², patch²]`, `labels` `[batch]` int32. Returns the
 * batch's mean loss before the update.
 */
export function trainStep(
  model: VitModel,
  masks: ReadonlyArray<tf.Tensor2D | null>,
  state: AdamState,
  patches: tf.Tensor2D,
  labels: tf.Tensor1D,
  lr: number,
): number {
  const varList = [...model.vars.values()];
  const names = [...model.vars.keys()];
  const { value, grads } = tf.variableGrads(() => crossEntropy(forward(model, patches, { masks }), labels, model.cfg.classes), varList);
  const byName = new Map<string, tf.Tensor>();
  for (let i = 0; i < names.length; i++) byName.set(names[i]!, grads[varList[i]!.name]!);
  adamStep(model.vars, byName, state, lr);
  const loss = value.dataSync()[0]!;
  value.dispose();
  for (const g of Object.values(grads)) g.dispose();
  return loss;
}

/** Logits of `count` examples of a patchified array, computed in batches of `batch`. */
export function predictLogits(
  model: VitModel,
  masks: ReadonlyArray<tf.Tensor2D | null>,
  patches: Float32Array,
  count: number,
  batch: number,
): Float32Array {
  const rowsPer = gridSide(model.cfg) ** 2;
  const width = model.cfg.patch * model.cfg.patch;
  const out = new Float32Array(count * model.cfg.classes);
  for (let s = 0; s < count; s += batch) {
    const b = Math.min(batch, count - s);
    const logits = tf.tidy(() => {
      const x = tf.tensor2d(patches.subarray(s * rowsPer * width, (s + b) * rowsPer * width), [b * rowsPer, width]);
      return forward(model, x, { masks });
    });
    out.set(logits.dataSync() as Float32Array, s * model.cfg.classes);
    logits.dispose();
  }
  return out;
}

/** Index of the largest logit per row (first one on ties). */
export function argmaxRows(logits: Float32Array, classes: number): Int32Array {
  const count = logits.length / classes;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[i * classes + c]! > logits[i * classes + best]!) best = c;
    out[i] = best;
  }
  return out;
}

/** Share of rows whose argmax equals the label (0..1). */
export function accuracy(logits: Float32Array, labels: ArrayLike<number>, classes: number): number {
  const pred = argmaxRows(logits, classes);
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) ok++;
  return pred.length === 0 ? 0 : ok / pred.length;
}
