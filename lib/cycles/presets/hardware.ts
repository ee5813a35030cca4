/**
 * Hardware presets as DATA (SCALE-Sim/Timeloop style): PEs and their arrangement, clock, on-chip buffers,
 * off-chip bandwidth, data width, and — for FPGAs — the device's resource budget. The cycle models in
 * `lib/cycles/*.ts` are code that reads these records; nothing here is computed.
 *
 * Sources are stated per preset; numbers marked "quoted" are copied from the named document.
 */

/** FPGA resource budget of a device (quoted from the vendor's data sheet / product table). */
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
  /** PE arrangement: `lines` (one MAC line per head) or `array` (rows × cols). */
  pes: { arrangement: "lines" | "array"; rows: number; cols: number };
  /** On-chip buffers, bytes, by name. */
  buffersBytes: Record<string, number>;
  /** The FPGA the preset sits on, when it is one. */
  fpga?: FpgaDevice;
  source: string;
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
  pes: { arrangement: "lines", rows: 3, cols: 10 },
  buffersBytes: {
    q: 3 * 197 * 64 * 2,
    k: 3 * 197 * 64 * 2,
    v: 3 * 197 * 64 * 2,
    scores: 3 * 197 * 197 * 2,
    out: 3 * 197 * 64 * 2,
  },
  fpga: XC7Z020,
  source: "poster Fig. 9 (architecture), Fig. 12 (device); clock 125 MHz from the issue; bandwidth and data width are stated assumptions",
};

/**
 * ViTCoD's simulated ASIC (its `SRAM.py` / `ViTCoD.py` defaults, seed 001): a 64 × 8 PE array at 500 MHz,
 * 76.8 GB/s HBM (GB = 1024³ B), 8-bit operands, 53 KB Q/K/V SRAMs, 20 KB index, 108 KB output.
 */
export const VITCOD_ASIC: HardwarePreset = {
  id: "vitcod",
  description: "ViTCoD simulator defaults: 64×8 PEs, 500 MHz, 76.8 GB/s",
  clockHz: 500e6,
  offChipBytesPerSecond: 76.8 * 1024 * 1024 * 1024,
  dataBits: 8,
  pes: { arrangement: "array", rows: 8, cols: 64 },
  buffersBytes: { q: 53 * 1024, k: 53 * 1024, v: 53 * 1024, index: 20 * 1024, output: 108 * 1024 },
  source: "github.com/GATECH-EIC/ViTCoD Hardware/Simulator/SRAM.py and ViTCoD.py @ b2f7fb5 (quoted)",
};

/**
 * A HeatViT-like dense accelerator on a ZCU102 (seed 002 names the board; the PE count and clock are
 * stated assumptions, not HeatViT's published design): a 32 × 32 output-stationary array of 8-bit MACs
 * at 150 MHz (1,024 MACs; two 8-bit MACs per DSP48E2 would use 512 of the 2,520 DSPs), DDR4 at 19.2 GB/s.
 */
export const ZCU102_HEATVIT: HardwarePreset = {
  id: "zcu102",
  description: "HeatViT-like dense ViT accelerator on a ZCU102 (XCZU9EG): 32×32 MACs, 150 MHz (assumed)",
  clockHz: 150e6,
  offChipBytesPerSecond: 19.2e9,
  dataBits: 8,
  pes: { arrangement: "array", rows: 32, cols: 32 },
  buffersBytes: { weights: 512 * 1024, activations: 512 * 1024 },
  fpga: XCZU9EG,
  source: "seed 002 (ZCU102, 8-bit); array size, clock and bandwidth are stated assumptions",
};

/** All presets by id. */
export const HARDWARE_PRESETS: Readonly<Record<string, HardwarePreset>> = {
  [ZYBO_Z7_20_POSTER.id]: ZYBO_Z7_20_POSTER,
  [VITCOD_ASIC.id]: VITCOD_ASIC,
  [ZCU102_HEATVIT.id]: ZCU102_HEATVIT,
};
