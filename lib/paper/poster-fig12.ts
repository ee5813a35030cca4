/**
 * The poster's Fig. 12 ("FPGA Results": Vivado utilisation and on-chip power of the Zybo Z7-20
 * implementation), quoted.
 */

/** Where the numbers are printed. */
export const FIG12_LOCATION = "poster Fig. 12 (FPGA Results: Vivado utilization and on-chip power, Zybo Z7-20)";

/** One reported utilisation row of poster Fig. 12. */
export interface ReportedResource {
  resource: string;
  used: number;
  available: number;
  /** Utilisation in percent, as printed. */
  percent: number;
}

/** Poster Fig. 12 utilisation table (quoted). */
export const FIG12_RESOURCES: readonly ReportedResource[] = [
  { resource: "LUT", used: 20_879, available: 53_200, percent: 39.25 },
  { resource: "LUTRAM", used: 172, available: 17_400, percent: 0.99 },
  { resource: "FF", used: 5_181, available: 106_400, percent: 4.87 },
  { resource: "BRAM", used: 131, available: 140, percent: 93.57 },
  { resource: "DSP", used: 20, available: 220, percent: 9.09 },
];

/** One reported on-chip power row of poster Fig. 12 (W); `bound` "<" where the figure prints "<0.001 W". */
export interface ReportedPower {
  component: string;
  watts: number;
  bound: "" | "<";
  /** Share as printed, percent ("<1 %" is stored as 1 with bound "<"). */
  percent: number;
  percentBound: "" | "<";
}

/** Poster Fig. 12 on-chip power (quoted). Dynamic shares are of the dynamic power; dynamic/static of the total. */
export const FIG12_POWER: readonly ReportedPower[] = [
  { component: "Dynamic", watts: 1.402, bound: "", percent: 90, percentBound: "" },
  { component: "Clocks", watts: 0.001, bound: "<", percent: 1, percentBound: "<" },
  { component: "Signals", watts: 0.001, bound: "", percent: 1, percentBound: "<" },
  { component: "Logic", watts: 0.002, bound: "", percent: 1, percentBound: "<" },
  { component: "BRAM", watts: 0.001, bound: "", percent: 1, percentBound: "<" },
  { component: "DSP", watts: 0.001, bound: "<", percent: 1, percentBound: "<" },
  { component: "PS7", watts: 1.398, bound: "", percent: 95, percentBound: "" },
  { component: "Device Static", watts: 0.15, bound: "", percent: 10, percentBound: "" },
];
