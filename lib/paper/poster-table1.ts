/**
 * The poster's Table 1, "Accuracy on Various Transfer Learning Tasks": DeiT-tiny fine-tuned on five datasets
 * with full attention (Base) and with the 3×3 + CLS window in the lower six blocks (Ours), top-1 accuracy in %,
 * as printed (quoted, never measured here).
 */

/** Where the table is printed. */
export const POSTER_TABLE1_LOCATION = "poster Table 1 (Accuracy on Various Transfer Learning Tasks)";

/** One row of Table 1. */
export interface Table1Row {
  dataset: string;
  /** Top-1 accuracy with full attention, %. */
  base: number;
  /** Top-1 accuracy with windowed attention in blocks 0–5, %. */
  ours: number;
  /** The delta printed in parentheses (Ours − Base), percentage points. */
  delta: number;
}

/** Poster Table 1, as printed (values in %). */
export const POSTER_TABLE1: readonly Table1Row[] = [
  { dataset: "CIFAR-100", base: 86.9, ours: 86.0, delta: -0.9 },
  { dataset: "CIFAR-10", base: 97.9, ours: 97.3, delta: -0.6 },
  { dataset: "Cars", base: 89.3, ours: 88.5, delta: -0.8 },
  { dataset: "CUB", base: 82.4, ours: 80.5, delta: -1.9 },
  { dataset: "ImageNet2012", base: 72.2, ours: 70.1, delta: -2.1 },
];
