/**
 * HeatViT's engine (HeatViT's paper, arXiv 2211.08110): a dense GEMM engine (8-bit fixed point on the
 * ZCU102, two MACs per DSP) that also runs the multi-head token selectors — the paper reuses the
 * backbone's GEMM hardware for them — and polynomial approximations of softmax, GELU and LayerNorm. Its
 * speedup comes from the workload's token pruning (fewer tokens after each selector, plus one package
 * token), not from attention sparsity: masks are computed as dense.
 */
import type { HardwarePreset } from "../../specs/hardware.ts";
import { NONLINEAR_PARAM, type BaseMapping, type CycleModel, type Workload } from "../model.ts";
import { simulateSystolic } from "./systolic.ts";

/** HeatViT's mapping: its polynomial nonlinear unit. */
export type HeatvitMapping = BaseMapping;

/** HeatViT's default mapping. */
export const HEATVIT_MAPPING: Readonly<HeatvitMapping> = { nonlinear: "polynomial" };

/** Simulates a workload on HeatViT's engine. */
export function simulateHeatvitEngine(arch: HardwarePreset, workload: Workload, mapping: Partial<HeatvitMapping> = {}): ReturnType<typeof simulateSystolic> {
  return simulateSystolic(arch, workload, { ...HEATVIT_MAPPING, ...mapping }, "heatvit");
}

/** HeatViT as a registered model. */
export const heatvitModel: CycleModel<HeatvitMapping> = {
  id: "heatvit",
  label: "HeatViT engine",
  description: "HeatViT's GEMM engine: dense matmuls, token selectors on the same engine, polynomial nonlinear units",
  nativePreset: "zcu102-heatvit",
  exploits: "token-pruning",
  mappingParams: { nonlinear: { ...NONLINEAR_PARAM, meaning: "nonlinear unit (softmax, GELU, LayerNorm); default polynomial (HeatViT's)" } },
  defaultMapping: HEATVIT_MAPPING,
  evaluate: simulateHeatvitEngine,
  sweep: [
    { key: "workload.tokenPruning.keep", values: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] },
    { key: "hardware.dataBits", values: [8, 16] },
    { key: "mapping.heatvit.nonlinear", values: ["exact", "ibert", "polynomial"] },
    { key: "workload.model", values: ["deit-tiny", "deit-small", "deit-base", "lvvit-s", "lvvit-m"] },
  ],
};
