/**
 * What the poster's repository (github.com/yeonsik0710/custom_vit at the commit in `sources.ts`) shows about
 * how Table 1's windowed models were trained: which attention implementation its training script uses and
 * how that implementation masks. Read from the repository's files (quoted with file and line), never run here.
 */
import { POSTER } from "./sources.ts";

/** The masking facts of the poster's code, each with file and line at {@link POSTER}.commit. */
export const POSTER_CODE_MASKING = {
  /** The training script: with `--prune` it replaces the attention of blocks `idx < 6` by `models.CustomAttention`. */
  trainingScript: "main.py (import models, line 26; `if (idx < 6): block.attn = models.CustomAttention(block.attn)`, lines 312–318 under `--prune`)",
  /** The attention the training script uses: masks with −inf before the softmax (masked keys get probability 0). */
  correctMasking: "models.py, class CustomAttention (line 60, window_size=3): `attn_scores.masked_fill(mask == 0, float('-inf'))` (line 129) before the softmax",
  /** The file with the multiply-by-0 bug, which no file of the repository imports. */
  buggyMasking: "model_ours.py, class CustomAttention (line 61, window_size=7): `attn_scores = attn_scores * mask` and `attn_scores *= mask` (lines 127, 130) before the softmax",
} as const;

/** One sentence: where the multiply-by-0 bug is, and why Table 1 most likely did not use it. */
export function posterMaskingNote(): string {
  return (
    `In the poster's repository (${POSTER.repository} @ ${POSTER.commit.slice(0, 7)}) the multiply-by-0 "masking" is in ` +
    `${POSTER_CODE_MASKING.buggyMasking}; no file imports model_ours.py. The training script ${POSTER_CODE_MASKING.trainingScript} ` +
    `uses ${POSTER_CODE_MASKING.correctMasking}, so Table 1 was most likely produced with correct (−inf) masking`
  );
}
