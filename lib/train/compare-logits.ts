/** Image-by-image comparison of two sets of classifier logits (reference vs candidate). */
import type { LogitComparison } from "../data/files/accuracy-kernel-check.ts";

function argmax(a: ArrayLike<number>, off: number, len: number): number {
  let best = 0;
  for (let j = 1; j < len; j++) if (a[off + j]! > a[off + best]!) best = j;
  return best;
}

/** Compares reference logits (PyTorch) with the kernel path's, image by image. */
export function compareLogits(reference: ArrayLike<number>, kernel: ArrayLike<number>, labels: ArrayLike<number>, classes: number): LogitComparison {
  const images = labels.length;
  if (reference.length !== images * classes || kernel.length !== images * classes) {
    throw new Error(`compareLogits: expected ${images}×${classes} logits, got ${reference.length} and ${kernel.length}`);
  }
  let agree = 0;
  let okR = 0;
  let okK = 0;
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < images; i++) {
    const a = argmax(reference, i * classes, classes);
    const b = argmax(kernel, i * classes, classes);
    if (a === b) agree++;
    if (a === labels[i]) okR++;
    if (b === labels[i]) okK++;
    for (let j = 0; j < classes; j++) {
      const r = reference[i * classes + j]!;
      maxDiff = Math.max(maxDiff, Math.abs(r - kernel[i * classes + j]!));
      maxAbs = Math.max(maxAbs, Math.abs(r));
    }
  }
  return { images, agreeingImages: agree, maxAbsLogitDiff: maxDiff, maxAbsLogit: maxAbs, correctReference: okR, correctKernel: okK };
}

