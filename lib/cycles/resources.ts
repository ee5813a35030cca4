/**
 * FPGA resources: a first-order estimate from the architecture preset (the poster's reported Fig. 12
 * numbers are in `lib/paper/poster-fig12.ts`) (DSPs per MAC, BRAM36 per buffer byte, flip-flops per PE
 * datapath). The estimate is deliberately simple and its rules are stated; LUTs and LUTRAM are not
 * estimated (control, AXI and HLS glue dominate them and the preset does not describe those); power is
 * estimated from the cycle model's activity in `energy.ts`.
 */
import { UserError } from "../errors.ts";
import type { HardwarePreset } from "../specs/hardware.ts";

/** Rules of the first-order estimate. */
export interface ResourceRules {
  /** DSP48 slices per MAC (1 for a 16-bit MAC; 0.5 when two 8-bit MACs share a DSP). */
  dspPerMac: number;
  /** Data bytes per BRAM36 (36 Kb with parity = 4,096 data bytes at ×32/×16 width). */
  bytesPerBram36: number;
  /** Flip-flops per PE: accumulator (2·dataBits) + operand registers (2·dataBits) + pipeline (dataBits). */
  ffPerPe: (dataBits: number) => number;
}

/** Default rules (stated above). */
export const DEFAULT_RESOURCE_RULES: ResourceRules = {
  dspPerMac: 1,
  bytesPerBram36: 4096,
  ffPerPe: (bits) => 5 * bits,
};

/** Estimated resources of a preset. */
export interface ResourceEstimate {
  macs: number;
  dsp: number;
  bram36: number;
  /** Datapath flip-flops only (a lower bound: no control/AXI). */
  ffDatapath: number;
  /** Buffer bytes in total. */
  bufferBytes: number;
  /** Same, if every buffer is rounded up to whole BRAM36s separately. */
  bram36PerBufferRounding: number;
}

/**
 * First-order estimate: DSP = MACs · dspPerMac; BRAM36 = ⌈Σ buffer bytes / bytesPerBram36⌉ (and the
 * per-buffer-rounded count beside it); datapath FF = PEs · ffPerPe(dataBits).
 * @throws UserError for a preset without PEs
 */
export function estimateResources(p: HardwarePreset, rules: ResourceRules = DEFAULT_RESOURCE_RULES): ResourceEstimate {
  const macs = p.pes.rows * p.pes.cols;
  if (!(macs > 0)) throw new UserError(`resource estimate: preset ${p.id} has no PEs`);
  let bytes = 0;
  let perBuffer = 0;
  for (const v of Object.values(p.buffersBytes)) {
    bytes += v;
    perBuffer += Math.ceil(v / rules.bytesPerBram36);
  }
  return {
    macs,
    dsp: Math.ceil(macs * rules.dspPerMac),
    bram36: Math.ceil(bytes / rules.bytesPerBram36),
    ffDatapath: macs * rules.ffPerPe(p.dataBits),
    bufferBytes: bytes,
    bram36PerBufferRounding: perBuffer,
  };
}

/** One resource of {@link checkFits}. */
export interface FitRow {
  resource: "DSP" | "BRAM36";
  estimate: number;
  available: number;
  fits: boolean;
}

/**
 * Whether a preset's first-order estimate fits its FPGA (DSP and BRAM36 only).
 * @throws UserError when the preset is not on an FPGA
 */
export function checkFits(p: HardwarePreset, rules: ResourceRules = DEFAULT_RESOURCE_RULES): FitRow[] {
  if (!p.fpga) throw new UserError(`preset ${p.id} is not an FPGA preset (no device budget to check against)`);
  const e = estimateResources(p, rules);
  return [
    { resource: "DSP", estimate: e.dsp, available: p.fpga.dsp, fits: e.dsp <= p.fpga.dsp },
    { resource: "BRAM36", estimate: e.bram36, available: p.fpga.bram36, fits: e.bram36 <= p.fpga.bram36 },
  ];
}

/** The two readings of the score buffer the poster does not describe, and the estimate under each. */
export interface ScoreBufferEstimates {
  /** The preset as given: a dense tokens × tokens score map per head (needed to hold full-attention rows on chip). */
  dense: ResourceEstimate;
  /** The same design with a windowed score buffer: k²+1 scores per query and head. */
  windowed: ResourceEstimate;
  /** Bytes of the windowed score buffer. */
  windowedScoreBytes: number;
}

/**
 * Resource estimates of a preset under both score-buffer readings: the preset's own buffers (its
 * `scores` buffer a dense map) and the same with a windowed score buffer of heads · tokens · (k²+1) scores
 * at the preset's data width.
 * @throws UserError for a preset without a `scores` buffer, or a non-positive heads/tokens/k.
 */
export function scoreBufferEstimates(p: HardwarePreset, shape: { heads: number; tokens: number; k: number }, rules: ResourceRules = DEFAULT_RESOURCE_RULES): ScoreBufferEstimates {
  if (p.buffersBytes.scores === undefined) throw new UserError(`resource estimate: preset ${p.id} has no scores buffer`);
  for (const key of ["heads", "tokens", "k"] as const) {
    if (!Number.isInteger(shape[key]) || shape[key] < 1) throw new UserError(`resource estimate: ${key} must be a positive integer, got ${shape[key]}`);
  }
  const windowedScoreBytes = shape.heads * shape.tokens * (shape.k * shape.k + 1) * (p.dataBits / 8);
  return {
    dense: estimateResources(p, rules),
    windowed: estimateResources({ ...p, buffersBytes: { ...p.buffersBytes, scores: windowedScoreBytes } }, rules),
    windowedScoreBytes,
  };
}
