/**
 * FPGA resources: a first-order estimate from the architecture preset (the poster's reported Fig. 12
 * numbers are in `lib/paper/poster-fig12.ts`) (DSPs per MAC, BRAM36 per buffer byte, flip-flops per PE
 * datapath). The estimate is deliberately simple and its rules are stated; LUTs and power are not
 * estimated (control, AXI and HLS glue dominate them and the preset does not describe those).
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
