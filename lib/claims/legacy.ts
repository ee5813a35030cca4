/**
 * Evidence for rows that notebooks still record in the pre-catalogue shape (id, quote and verdict of their
 * own, no evidence list): the files each such verdict reads. Transitional: a notebook that records its
 * verdicts with `evidence` (see `VerdictInput`) needs no entry here.
 */
export const LEGACY_EVIDENCE: Readonly<Record<string, readonly string[]>> = {
  "06-table1-deltas": ["data/accuracy-reported.arrow"],
  "06-accuracy-drop-deit-tiny": ["data/accuracy-reported.arrow"],
};
