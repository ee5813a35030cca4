/**
 * Per-operation energy table as data (swappable): the energy of one MAC at a bit width, of an on-chip
 * SRAM byte and of an off-chip DRAM byte. The default table is Horowitz, "Computing's energy problem
 * (and what we can do about it)", ISSCC 2014, 45 nm at 0.9 V (its energy-per-operation table): integer add 8 bit 0.03 pJ, 32 bit 0.1 pJ; integer multiply 8 bit 0.2 pJ,
 * 32 bit 3.1 pJ; 64-bit SRAM read 10 pJ (8 KB), 20 pJ (32 KB), 100 pJ (1 MB); DRAM 1.3–2.6 nJ per 64 bit.
 *
 * Derived entries say how they are derived (a 16-bit multiply scaled quadratically from the 8-bit one).
 * Energies from such a table are ESTIMATES: a 45 nm ASIC table applied to FPGAs and newer nodes gives
 * orders of magnitude and ratios between designs, not measured joules.
 */

/** An energy table. */
export interface EnergyTable {
  id: string;
  /** pJ per multiply-accumulate by operand width. */
  macPj: Readonly<Record<number, number>>;
  /** pJ per on-chip SRAM byte (read or write). */
  sramPjPerByte: number;
  /** pJ per off-chip DRAM byte; `dramPjPerByteRange` carries the source's spread. */
  dramPjPerByte: number;
  dramPjPerByteRange: readonly [number, number];
  source: string;
  notes: string[];
}

const INT_ADD_8 = 0.03;
const INT_ADD_32 = 0.1;
const INT_MUL_8 = 0.2;
const INT_MUL_32 = 3.1;
const SRAM_32KB_64BIT = 20;
const DRAM_64BIT_LOW = 1300;
const DRAM_64BIT_HIGH = 2600;

/** Horowitz ISSCC 2014, 45 nm (see the module comment). */
export const HOROWITZ_45NM: EnergyTable = {
  id: "horowitz-45nm",
  macPj: {
    8: INT_MUL_8 + INT_ADD_8,
    // 16 bit: the multiplier scaled quadratically from 8 bit (×4), the adder linearly between 8 and 32 bit.
    16: INT_MUL_8 * 4 + (INT_ADD_8 + INT_ADD_32) / 2,
    32: INT_MUL_32 + INT_ADD_32,
  },
  sramPjPerByte: SRAM_32KB_64BIT / 8,
  dramPjPerByte: (DRAM_64BIT_LOW + DRAM_64BIT_HIGH) / 2 / 8,
  dramPjPerByteRange: [DRAM_64BIT_LOW / 8, DRAM_64BIT_HIGH / 8],
  source: "M. Horowitz, \"1.1 Computing's energy problem (and what we can do about it)\", ISSCC 2014, doi:10.1109/ISSCC.2014.6757323 (45 nm, 0.9 V energy table)",
  notes: [
    "8-bit MAC = 8-bit integer multiply + 8-bit add; 32-bit likewise (quoted entries)",
    "16-bit MAC derived: 8-bit multiply × 4 (quadratic in width) + the mean of the 8- and 32-bit adds",
    "SRAM per byte: the 32 KB array's 20 pJ per 64-bit access / 8",
    "DRAM per byte: the midpoint of 1.3–2.6 nJ per 64-bit access / 8; the range is carried",
  ],
};

/** pJ per MAC at `bits` (the nearest tabulated width at or above it). */
export function macEnergyPj(table: EnergyTable, bits: number): number {
  const widths = Object.keys(table.macPj).map(Number).sort((a, b) => a - b);
  const w = widths.find((x) => x >= bits) ?? widths[widths.length - 1]!;
  return table.macPj[w]!;
}
