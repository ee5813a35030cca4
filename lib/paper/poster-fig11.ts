/**
 * The poster's Fig. 11 ("Cycle Count: Full Attn vs Windowed Attn using systolic array and our accelerator
 * with equal PEs"): the four speed-up labels, quoted.
 */
import type { ReportedValue } from "./reported-value.ts";

const FIG11 = "poster Fig. 11";

/** The four Fig. 11 ratios (quoted). */
export const POSTER_FIG11 = {
  qkSystolicToLines: { value: 1.21, location: `${FIG11}, Q × K: Full + Systolic → Full + Ours`, printed: "x 1.21 Speed Up" },
  qkFullToWindow: { value: 17.4, location: `${FIG11}, Q × K: Full + Ours → Window + Ours`, printed: "x 17.4 Speed Up" },
  svSystolicToLines: { value: 1.03, location: `${FIG11}, S × V: Full + Systolic → Full + Ours`, printed: "x 1.03 Speed Up" },
  svFullToWindow: { value: 14.97, location: `${FIG11}, S × V: Full + Ours → Window + Ours`, printed: "x 14.97 Speed Up" },
} as const satisfies Record<string, ReportedValue>;

/** The four Fig. 11 ratios as plain numbers (same keys). */
export const POSTER_FIG11_REPORTED = {
  qkSystolicToLines: POSTER_FIG11.qkSystolicToLines.value,
  qkFullToWindow: POSTER_FIG11.qkFullToWindow.value,
  svSystolicToLines: POSTER_FIG11.svSystolicToLines.value,
  svFullToWindow: POSTER_FIG11.svFullToWindow.value,
} as const;
