/**
 * The systolic baseline: every matmul — projections, Q×K and S×V of each head, MLP — as a dense GEMM on an
 * output-stationary array (SCALE-Sim timing). It cannot exploit attention sparsity (masks are computed as
 * dense), only fewer tokens; token selectors in the workload run as GEMMs on the same array.
 */
import type { HardwarePreset } from "../../specs/hardware.ts";
import { assembleBreakdown, selectorAndNonlinear, type BlockParts } from "../breakdown.ts";
import { NONLINEAR_PARAM, type BaseMapping, type CycleModel, type Workload } from "../model.ts";
import { denseAttentionCost, linearBlockCosts } from "../parts.ts";

/** Mapping of the systolic baseline (nothing beyond the nonlinear unit). */
export type SystolicMapping = BaseMapping;

/** Simulates any workload as dense GEMMs on `arch`'s array. */
export function simulateSystolic(arch: HardwarePreset, workload: Workload, mapping: SystolicMapping = {}, modelId = "systolic"): ReturnType<typeof assembleBreakdown> {
  const nl = mapping.nonlinear ?? arch.nonlinear;
  const blocks: BlockParts[] = workload.blocks.map((block, i) => {
    const { projections, mlp } = linearBlockCosts(workload.model, block.tokens, arch);
    const s = selectorAndNonlinear(workload, i, arch, nl);
    return { attention: denseAttentionCost(workload.model, block.tokens, arch), projections, mlp, selector: s.selector, nonlinear: s.nonlinear, nonlinearElements: s.nonlinearElements, exposed: 0, extraDramBytes: 0 };
  });
  return assembleBreakdown(modelId, arch, workload, blocks);
}

/** The systolic baseline as a registered model. */
export const systolicModel: CycleModel<SystolicMapping> = {
  id: "systolic",
  label: "systolic array (dense)",
  description: "Output-stationary systolic array, every matmul dense (SCALE-Sim timing); attention masks not exploited",
  nativePreset: "footing-512",
  exploits: "none",
  mappingParams: { nonlinear: NONLINEAR_PARAM },
  defaultMapping: {},
  evaluate: (arch, workload, mapping = {}) => simulateSystolic(arch, workload, mapping),
  sweep: [
    { key: "hardware.pes.rows", values: [4, 8, 16, 32, 64] },
    { key: "hardware.pes.cols", values: [4, 8, 16, 32, 64] },
    { key: "hardware.offChipBytesPerSecond", values: [4.8e9, 19.2e9, 76.8e9, 307.2e9] },
    { key: "workload.model", values: ["deit-tiny", "deit-small", "deit-base"] },
  ],
};
