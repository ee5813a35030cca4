/**
 * Energy per inference, ESTIMATED from a cycle breakdown's work and traffic with a per-operation energy
 * table (`lib/specs/energy.ts`, default Horowitz ISSCC 2014, 45 nm): MACs at the design's bit width, each
 * nonlinear element-pass as one MAC, on-chip SRAM bytes and off-chip DRAM bytes. Static power and
 * control are not included; the DRAM term carries the table's range.
 */
import type { HardwarePreset } from "../specs/hardware.ts";
import { HOROWITZ_45NM, macEnergyPj, type EnergyTable } from "../specs/energy.ts";
import type { CycleBreakdown } from "./model.ts";

/** An energy estimate, microjoules per inference. */
export interface EnergyEstimate {
  kind: "estimate";
  table: string;
  macUj: number;
  nonlinearUj: number;
  sramUj: number;
  dramUj: number;
  totalUj: number;
  /** Total with the DRAM energy at the low and high end of the table's range. */
  totalRangeUj: [number, number];
}

/** Estimates the energy of one inference. */
export function energyEstimate(b: CycleBreakdown, arch: HardwarePreset, table: EnergyTable = HOROWITZ_45NM): EnergyEstimate {
  const mac = macEnergyPj(table, arch.dataBits);
  const macUj = (b.macs * mac) / 1e6;
  const nonlinearUj = (b.nonlinearElements * mac) / 1e6;
  const sramUj = (b.traffic.sramBytes * table.sramPjPerByte) / 1e6;
  const dramUj = (b.traffic.dramBytes * table.dramPjPerByte) / 1e6;
  const rest = macUj + nonlinearUj + sramUj;
  return {
    kind: "estimate",
    table: table.id,
    macUj,
    nonlinearUj,
    sramUj,
    dramUj,
    totalUj: rest + dramUj,
    totalRangeUj: [rest + (b.traffic.dramBytes * table.dramPjPerByteRange[0]) / 1e6, rest + (b.traffic.dramBytes * table.dramPjPerByteRange[1]) / 1e6],
  };
}

/** Average power of an inference, milliwatts (an estimate, as the energy). */
export interface AveragePower {
  /** MACs, nonlinear passes and on-chip SRAM: what an on-chip power report covers. */
  onChipMw: number;
  /** With the off-chip DRAM traffic, and its range. */
  totalMw: number;
  totalRangeMw: [number, number];
}

/**
 * Average power over one inference of `ms` milliseconds: energy / time (µJ / ms = mW).
 * @throws Error for a non-positive duration.
 */
export function averagePower(e: EnergyEstimate, ms: number): AveragePower {
  if (!(ms > 0)) throw new Error(`averagePower: the inference time must be > 0 ms, got ${ms}`);
  return {
    onChipMw: (e.macUj + e.nonlinearUj + e.sramUj) / ms,
    totalMw: e.totalUj / ms,
    totalRangeMw: [e.totalRangeUj[0] / ms, e.totalRangeUj[1] / ms],
  };
}
