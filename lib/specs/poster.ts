/**
 * The poster's setting, written once ("Data-aware Sparsity for ViT", Kyung Hee University): DeiT-tiny whose
 * lower 6 of 12 blocks attend a 3×3 window of patches plus the CLS token (Sec. "Windowed attention", Fig. 8),
 * computed on MAC lines of k²+1 PEs, one line per head (Fig. 9). The hardware preset (`hardware.ts`), Fig. 11's
 * one-layer model (`lib/cycles/poster.ts`) and `experiments/poster.yaml` read these numbers from here.
 */

/** The poster's model. */
export const POSTER_MODEL = "deit-tiny";

/** Window side k of the poster's windowed attention. */
export const POSTER_WINDOW_K = 3;

/** The windowed blocks: the lower 6 of DeiT's 12 (the others are dense). */
export const POSTER_WINDOWED_BLOCKS: readonly number[] = [0, 1, 2, 3, 4, 5];
