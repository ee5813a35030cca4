/**
 * The poster's Fig. 10 (attention map computed in software vs on the FPGA's fixed-point datapath): the one
 * number it prints, quoted. The poster states neither the error's definition nor the number formats.
 */
import type { ReportedValue } from "./reported-value.ts";

/** Poster Fig. 10's overall RMS error between the SW and HW attention maps, in percent (quoted). */
export const POSTER_FIG10_RMS = {
  value: 0.00525,
  location: "poster Fig. 10 (attention map, SW vs HW), overall RMS error",
  printed: "0.00525 %",
} as const satisfies ReportedValue;

/** {@link POSTER_FIG10_RMS} as a plain number, percent. */
export const POSTER_FIG10_RMS_PERCENT: number = POSTER_FIG10_RMS.value;
