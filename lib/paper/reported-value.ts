/**
 * The shape of a value a paper reports: the number, where it is printed, and how it is printed.
 */

/** A reported number with its location in the source. */
export interface ReportedValue {
  value: number;
  /** Document and place, e.g. `poster Fig. 11, Q×K bars`. */
  location: string;
  /** The text as printed, e.g. `x 1.21 Speed Up`. */
  printed: string;
}
