/**
 * The poster's sentences that print a number, written once with that number (quoted from the poster's text;
 * figures and tables have their own modules). The claim catalogue quotes these and reads their values here.
 */
import type { ReportedValue } from "./reported-value.ts";

const INTRO = "poster Introduction, ¶1";

/** Introduction ¶1: the self-attention share of latency on edge devices ("over 50%", "up to 69%"). */
export const POSTER_FIG1_SENTENCE = {
  over: {
    value: 50,
    location: `${INTRO} (Fig. 1)`,
    printed: "As shown in Fig. 1, the Self-Attention module accounts for over 50% and up to 69% of latency when executed on edge devices.",
  },
  upTo: {
    value: 69,
    location: `${INTRO} (Fig. 1)`,
    printed: "As shown in Fig. 1, the Self-Attention module accounts for over 50% and up to 69% of latency when executed on edge devices.",
  },
} as const satisfies Record<string, ReportedValue>;

/** Our Proposal ¶1: "up to 95% pruning of the attention map". */
export const POSTER_PRUNING_SENTENCE = {
  value: 95,
  location: "poster Our Proposal, ¶1 (Fig. 8)",
  printed: "Our algorithm enables up to 95% pruning of the attention map",
} as const satisfies ReportedValue;

/** Conclusion ¶1: "pruning ratios of up to 90%". */
export const POSTER_VIT_PRUNING_SENTENCE = {
  value: 90,
  location: "poster Conclusion, ¶1",
  printed: "ViT offers opportunities for acceleration thanks to their fixed input token sizes and pruning ratios of up to 90%",
} as const satisfies ReportedValue;
