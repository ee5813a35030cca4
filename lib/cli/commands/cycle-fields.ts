/**
 * JSON fields shared by the commands that print a cycle model's breakdown (`simulate <model>`, `simulate heatvit-vs-baseline`,
 * `compare`): one description of `CycleBreakdown` and `EnergyEstimate` (lib/cycles) for all of them.
 */
import type { JsonField } from "../json-fields.ts";

/** Fields of a {@link import("../../cycles/model.ts").CycleBreakdown}. */
export const BREAKDOWN_FIELDS: readonly JsonField[] = [
  { name: "model", meaning: "accelerator model id" },
  { name: "preset", meaning: "hardware preset id" },
  { name: "workload", meaning: "workload label" },
  { name: "attentionMatmuls", meaning: "Q×K and S×V of all heads and blocks", unit: "cycles" },
  { name: "projections", meaning: "QKV and output projections", unit: "cycles" },
  { name: "mlp", meaning: "the two MLP layers", unit: "cycles" },
  {
    name: "nonlinear",
    meaning: "the nonlinear unit",
    fields: [
      { name: "softmax", meaning: "softmax", unit: "cycles" },
      { name: "gelu", meaning: "GELU", unit: "cycles" },
      { name: "layerNorm", meaning: "LayerNorm", unit: "cycles" },
    ],
  },
  { name: "selector", meaning: "token selectors (0 without)", unit: "cycles" },
  { name: "exposedDataMovement", meaning: "off-chip transfers not hidden under compute", unit: "cycles" },
  { name: "total", meaning: "sum of the parts: one inference", unit: "cycles" },
  { name: "macs", meaning: "useful matmul MACs (kept attention entries only)", unit: "MAC" },
  { name: "attentionMacs", meaning: "useful attention MACs (Q×K + S×V)", unit: "MAC" },
  { name: "pes", meaning: "processing elements of the preset", unit: "PEs" },
  { name: "utilisation", meaning: "macs / (matmul cycles × PEs)", unit: "fraction 0..1" },
  { name: "attentionUtilisation", meaning: "attentionMacs / (attentionMatmuls × PEs)", unit: "fraction 0..1" },
  { name: "nonlinearElements", meaning: "elements the nonlinear unit processed (all passes)", unit: "elements" },
  {
    name: "traffic",
    meaning: "memory traffic (for the energy estimate)",
    fields: [
      { name: "sramBytes", meaning: "on-chip SRAM traffic", unit: "bytes" },
      { name: "dramBytes", meaning: "off-chip DRAM traffic", unit: "bytes" },
    ],
  },
  { name: "ms", meaning: "total at the preset's clock", unit: "ms" },
];

/** Fields of an {@link import("../../cycles/energy.ts").EnergyEstimate}. */
export const ENERGY_FIELDS: readonly JsonField[] = [
  { name: "kind", meaning: 'always "estimate": computed from a published energy table, not measured' },
  { name: "table", meaning: "energy table id (default Horowitz ISSCC 2014, 45 nm)" },
  { name: "macUj", meaning: "MACs at the design's bit width", unit: "µJ" },
  { name: "nonlinearUj", meaning: "nonlinear-unit elements", unit: "µJ" },
  { name: "sramUj", meaning: "SRAM traffic", unit: "µJ" },
  { name: "dramUj", meaning: "DRAM traffic", unit: "µJ" },
  { name: "totalUj", meaning: "sum of the parts, per inference", unit: "µJ" },
  { name: "totalRangeUj", meaning: "[low, high] total with DRAM energy at the ends of the table's range", unit: "µJ" },
];
