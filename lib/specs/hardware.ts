/**
 * Hardware presets as DATA (SCALE-Sim/Timeloop style): PEs and their arrangement, clock, on-chip buffers,
 * off-chip bandwidth, data width, the nonlinear unit and — for FPGAs — the device's resource budget. The
 * cycle models in `lib/cycles/models/` read these records; every number of a device is written here once.
 *
 * Sources are stated per preset; "quoted" numbers are copied from the named document, the rest are
 * stated assumptions.
 */
import { VITCOD } from "../paper/sources.ts";
import { vitModel } from "./models.ts";
import { POSTER_MODEL, POSTER_WINDOW_K } from "./poster.ts";
import type { NonlinearPresetId } from "./nonlinear.ts";

/** FPGA resource budget of a device (quoted from the vendor's product table). */
export interface FpgaDevice {
  /** Part name, e.g. `XC7Z020`. */
  part: string;
  dsp: number;
  /** 36 Kb block RAMs. */
  bram36: number;
  lut: number;
  /** LUTs usable as distributed RAM (SLICEM LUTs). */
  lutram: number;
  ff: number;
  /** Where the numbers come from. */
  source: string;
}

/** An accelerator preset: how many PEs, how they are arranged, how fast data arrives. */
export interface HardwarePreset {
  /** Stable id used by the CLI (`--preset`). */
  id: string;
  description: string;
  /** Clock of the PE array, Hz. */
  clockHz: number;
  /** Off-chip bandwidth, bytes per second (GB = 1024³ bytes where the source says so). */
  offChipBytesPerSecond: number;
  /** Width of one operand, bits. */
  dataBits: number;
  /** PE arrangement: `lines` (MAC lines) or `array` (rows × cols). rows × cols = PEs either way. */
  pes: { arrangement: "lines" | "array"; rows: number; cols: number };
  /** On-chip buffers, bytes, by name. */
  buffersBytes: Record<string, number>;
  /** The nonlinear (softmax / GELU / LayerNorm) unit this design has (see `nonlinear.ts`). */
  nonlinear: NonlinearPresetId;
  /** The FPGA the preset sits on, when it is one. */
  fpga?: FpgaDevice;
  /** MACs one DSP slice computes per cycle at `dataBits` (FPGA presets). */
  macsPerDsp?: number;
  source: string;
}

/** Number of PEs (MAC units) of a preset. */
export function peCount(p: HardwarePreset): number {
  return p.pes.rows * p.pes.cols;
}

/** Off-chip bytes per PE-array cycle. */
export function bytesPerCycle(p: HardwarePreset): number {
  return p.offChipBytesPerSecond / p.clockHz;
}

/** Off-chip bandwidth in GB/s with GB = 1024³ bytes (ViTCoD's convention). */
export function bandwidthGiBps(p: HardwarePreset): number {
  return p.offChipBytesPerSecond / 1024 ** 3;
}

/** Xilinx XC7Z020 (Zybo Z7-20). Quoted: Zynq-7000 product selection guide / poster Fig. 12 "Available". */
export const XC7Z020: FpgaDevice = {
  part: "XC7Z020-1CLG400C",
  dsp: 220,
  bram36: 140,
  lut: 53_200,
  lutram: 17_400,
  ff: 106_400,
  source: "Xilinx Zynq-7000 SoC product selection guide (XC7Z020); the same 'Available' column is printed in poster Fig. 12",
};

/** Xilinx XCZU9EG (ZCU102). Quoted: Zynq UltraScale+ MPSoC product selection guide. */
export const XCZU9EG: FpgaDevice = {
  part: "XCZU9EG-2FFVB1156E",
  dsp: 2_520,
  bram36: 912,
  lut: 274_080,
  lutram: 144_000,
  ff: 548_160,
  source: "Xilinx Zynq UltraScale+ MPSoC product selection guide (ZU9EG): 2,520 DSP, 912 BRAM36, 274,080 LUT, 548,160 FF",
};

/** The poster's workload (DeiT-tiny): its shape sizes the poster's buffers. */
const POSTER_SHAPE = vitModel(POSTER_MODEL);
const POSTER_HEADS = POSTER_SHAPE.heads;
/** k×k window + CLS: 3×3 + 1 = 10 PEs per MAC line (Fig. 9: P0…P9). */
const POSTER_PES_PER_LINE = POSTER_WINDOW_K * POSTER_WINDOW_K + POSTER_SHAPE.special;
const DEIT_TINY_TOKENS = POSTER_SHAPE.tokens;
const DEIT_TINY_HEAD_DIM = POSTER_SHAPE.headDim;

/**
 * The poster's accelerator on a Zybo Z7-20 (Fig. 9): 3 heads × one MAC line of 10 PEs (3×3 window + CLS),
 * output-stationary, 125 MHz PL clock, DDR3 through an AXI HP port (64 bit @ 125 MHz = 1 GB/s per port;
 * stated assumption — the poster gives no bandwidth). Buffer sizes are the first-order assumption used by
 * the resource estimate: for each of the 3 heads, Q, K and V (197×64), the score map (197×197) and the
 * output (197×64, OUT BUF in Fig. 9), all 16-bit (the poster states no data width).
 */
export const ZYBO_Z7_20_POSTER: HardwarePreset = {
  id: "zybo-z7-20",
  description: "Poster accelerator: 3 MAC lines × 10 PEs on a Zybo Z7-20 (XC7Z020), 125 MHz",
  clockHz: 125e6,
  offChipBytesPerSecond: 8 * 125e6,
  dataBits: 16,
  pes: { arrangement: "lines", rows: POSTER_HEADS, cols: POSTER_PES_PER_LINE },
  buffersBytes: {
    q: POSTER_HEADS * DEIT_TINY_TOKENS * DEIT_TINY_HEAD_DIM * 2,
    k: POSTER_HEADS * DEIT_TINY_TOKENS * DEIT_TINY_HEAD_DIM * 2,
    v: POSTER_HEADS * DEIT_TINY_TOKENS * DEIT_TINY_HEAD_DIM * 2,
    scores: POSTER_HEADS * DEIT_TINY_TOKENS * DEIT_TINY_TOKENS * 2,
    out: POSTER_HEADS * DEIT_TINY_TOKENS * DEIT_TINY_HEAD_DIM * 2,
  },
  nonlinear: "exact",
  fpga: XC7Z020,
  macsPerDsp: 1,
  source: "poster Fig. 9 (architecture), Fig. 12 (device); 125 MHz PL clock, bandwidth, data width and nonlinear unit are stated assumptions",
};

/**
 * ViTCoD's simulated ASIC (its `SRAM.py` / `ViTCoD.py` defaults): a 64 × 8 PE array at 500 MHz,
 * 76.8 GB/s HBM (GB = 1024³ B), 8-bit operands, 53 KB Q/K/V SRAMs, 20 KB index, 108 KB output.
 * The simulator models no softmax; the nonlinear unit is a stated assumption (exact).
 */
export const VITCOD_ASIC: HardwarePreset = {
  id: "vitcod",
  description: "ViTCoD simulator defaults: 64×8 PEs, 500 MHz, 76.8 GB/s",
  clockHz: 500e6,
  offChipBytesPerSecond: 76.8 * 1024 ** 3,
  dataBits: 8,
  pes: { arrangement: "array", rows: 8, cols: 64 },
  buffersBytes: { q: 53 * 1024, k: 53 * 1024, v: 53 * 1024, index: 20 * 1024, output: 108 * 1024 },
  nonlinear: "exact",
  source: `github.com/${VITCOD.repository} Hardware/Simulator/SRAM.py and ViTCoD.py @ ${VITCOD.commit.slice(0, 7)} (quoted); nonlinear unit assumed`,
};

/** DSP48E2 slices both ZCU102 presets spend on the GEMM engine (stated assumption, ≈ 20 % of the XCZU9EG). */
const ZCU102_GEMM_DSPS = 512;

/**
 * HeatViT's 8-bit accelerator on a ZCU102 (HeatViT's paper, abstract: ZCU102, 8-bit fixed point,
 * polynomial nonlinearities). The array size, clock and bandwidth are stated assumptions (the paper's
 * engine dimensions are not available to the kit): 512 DSP48E2 slices each computing two 8-bit MACs
 * (a 32 × 32 output-stationary array) at 150 MHz, DDR4 at 19.2 GB/s.
 */
export const ZCU102_HEATVIT: HardwarePreset = {
  id: "zcu102-heatvit",
  description: "HeatViT engine on a ZCU102 (XCZU9EG): 32×32 8-bit MACs (2 per DSP48E2), 150 MHz, polynomial nonlinear units",
  clockHz: 150e6,
  offChipBytesPerSecond: 19.2e9,
  dataBits: 8,
  pes: { arrangement: "array", rows: 32, cols: (2 * ZCU102_GEMM_DSPS) / 32 },
  buffersBytes: { weights: 512 * 1024, activations: 512 * 1024 },
  nonlinear: "polynomial",
  fpga: XCZU9EG,
  macsPerDsp: 2,
  source: "HeatViT's paper (arXiv 2211.08110), abstract: ZCU102, 8-bit, polynomial nonlinearities; DSP count, array shape, clock and bandwidth are stated assumptions",
};

/**
 * HeatViT's baseline accelerator: the same ZCU102 and the same DSP budget as {@link ZCU102_HEATVIT}, but
 * a 16-bit datapath (one MAC per DSP48E2: a 16 × 32 array), exact nonlinear units, no token selectors.
 * That the baseline is 16-bit comes from a secondary reading of the paper's Table VII (token pruning alone
 * 1.82–2.58×, 3.46–4.89× with 8-bit quantization); treat it as an assumption.
 */
export const ZCU102_BASELINE: HardwarePreset = {
  ...ZCU102_HEATVIT,
  id: "zcu102-baseline",
  description: "HeatViT's baseline on a ZCU102: 16×32 16-bit MACs (1 per DSP48E2), 150 MHz, exact nonlinear units",
  dataBits: 16,
  pes: { arrangement: "array", rows: 16, cols: ZCU102_GEMM_DSPS / 16 },
  nonlinear: "exact",
  macsPerDsp: 1,
  source: "same device and DSP budget as zcu102-heatvit; 16-bit datapath and exact nonlinearities are stated assumptions",
};

/**
 * The one footing every design of `vitsparse compare` shares: ViTCoD's budget (the same PEs, clock and
 * bandwidth as {@link VITCOD_ASIC}, read from it), so each design differs only in how it maps the PEs.
 */
export const FOOTING_512: HardwarePreset = {
  ...VITCOD_ASIC,
  id: "footing-512",
  description: `Equal footing: ViTCoD's ${VITCOD_ASIC.pes.rows}×${VITCOD_ASIC.pes.cols} PEs, ${VITCOD_ASIC.clockHz / 1e6} MHz, ${VITCOD_ASIC.offChipBytesPerSecond / 1024 ** 3} GB/s for every design`,
  source: `derived from the ${VITCOD_ASIC.id} preset (same numbers)`,
};

/** The one documented default preset of every command and of the experiment spec: {@link FOOTING_512}. */
export const DEFAULT_PRESET_ID: string = FOOTING_512.id;

/** All presets by id. */
export const HARDWARE_PRESETS: Readonly<Record<string, HardwarePreset>> = {
  [ZYBO_Z7_20_POSTER.id]: ZYBO_Z7_20_POSTER,
  [VITCOD_ASIC.id]: VITCOD_ASIC,
  [ZCU102_HEATVIT.id]: ZCU102_HEATVIT,
  [ZCU102_BASELINE.id]: ZCU102_BASELINE,
  [FOOTING_512.id]: FOOTING_512,
};
