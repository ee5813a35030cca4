/**
 * Evidence for rows that notebooks still record in the pre-catalogue shape (id, quote and verdict of their
 * own, no evidence list): the files each such verdict reads. Transitional: a notebook that records its
 * verdicts with `evidence` (see `VerdictInput`) needs no entry here.
 */
export const LEGACY_EVIDENCE: Readonly<Record<string, readonly string[]>> = {
  "fig11-qk-systolic-to-lines": ["lib/cycles/poster.ts"],
  "fig11-qk-full-to-window": ["lib/cycles/poster.ts"],
  "fig11-sv-systolic-to-lines": ["lib/cycles/poster.ts"],
  "fig11-sv-full-to-window": ["lib/cycles/poster.ts"],
  "vitcod-attention-total": ["data/external/vitcod-mask-info-0.95.arrow", "data/external/vitcod-attention-log.arrow"],
  "vitcod-ffn-total": ["data/external/vitcod-ffn-log.arrow"],
  "heatvit-zcu102-speedup": ["lib/cycles/models/heatvit.ts", "lib/paper/heatvit.ts"],
  "fig12-bram": ["data/fpga-resources-reported.arrow"],
  "fig12-dsp": ["data/fpga-resources-reported.arrow"],
};
