/**
 * The cycle-model interface (SCALE-Sim/Timeloop style): architecture, workload and mapping are separate
 * inputs, and every accelerator model answers with the same typed breakdown, so designs are
 * interchangeable behind {@link CycleModel} (see `registry.ts`; one file per model in `models/`).
 */
import type { SparseMask } from "../masks/sparse-mask.ts";
import type { HardwarePreset } from "../specs/hardware.ts";
import type { NonlinearPresetId } from "../specs/nonlinear.ts";
import type { VitShape } from "../specs/models.ts";
import type { SweepSpec } from "./sweep.ts";

/** One transformer block of a workload. */
export interface BlockWorkload {
  /** Tokens the block computes on (after any token pruning). */
  tokens: number;
  /** Per-head attention masks (tokens × tokens) when the attention is sparse; omitted = dense. */
  masks?: readonly SparseMask[];
  /** A token selector runs before this block (token-pruning workloads). */
  selector: boolean;
}

/** A whole-model workload: a ViT's shape and what each block computes. */
export interface Workload {
  id: string;
  /** What kind of sparsity the workload has. */
  kind: SparsityKind;
  label: string;
  model: VitShape;
  blocks: readonly BlockWorkload[];
}

/** Cycles of the nonlinear functions. */
export interface NonlinearCycles {
  softmax: number;
  gelu: number;
  layerNorm: number;
}

/** On-chip and off-chip traffic, bytes (for the energy estimate). */
export interface Traffic {
  sramBytes: number;
  dramBytes: number;
}

/** What every model returns: cycles by part, work done, traffic. All cycles are PE-array cycles. */
export interface CycleBreakdown {
  model: string;
  preset: string;
  workload: string;
  /** Q×K and S×V of all heads and blocks. */
  attentionMatmuls: number;
  /** QKV and output projections. */
  projections: number;
  /** The two MLP layers. */
  mlp: number;
  /** Softmax, GELU, LayerNorm on the nonlinear unit. */
  nonlinear: NonlinearCycles;
  /** Token selectors (0 when the design has none). */
  selector: number;
  /** Off-chip transfers the model does not hide under compute (0 where weights stream under compute). */
  exposedDataMovement: number;
  /** The sum of the parts: the inference's cycles. */
  total: number;
  /** Useful MACs of the matmuls (kept attention entries only). */
  macs: number;
  /** Useful attention MACs (Q×K + S×V). */
  attentionMacs: number;
  /** PEs of the preset. */
  pes: number;
  /** macs / (matmul cycles · PEs): how busy the PEs are while they compute. */
  utilisation: number;
  /** attentionMacs / (attentionMatmuls · PEs). */
  attentionUtilisation: number;
  /** Elements the nonlinear unit processed (all passes), for the energy estimate. */
  nonlinearElements: number;
  traffic: Traffic;
  /** Milliseconds per inference at the preset's clock. */
  ms: number;
}

/** Kinds of workload sparsity. */
export type SparsityKind = "none" | "window" | "learned-masks" | "token-pruning";

/** A design's mapping options every model understands. */
export interface BaseMapping {
  /** Nonlinear unit; omitted = the preset's. */
  nonlinear?: NonlinearPresetId;
}

/** An accelerator cycle model. */
export interface CycleModel<M extends BaseMapping = BaseMapping> {
  /** Stable id (CLI, compare rows). */
  id: string;
  /** Other names the CLI accepts. */
  aliases?: readonly string[];
  /** Short label for tables and figures. */
  label: string;
  description: string;
  /** The preset the design was published on. */
  nativePreset: string;
  /** The sparsity the design is built to exploit: the workload `compare` splits its speedup on. */
  exploits: SparsityKind;
  /** The mapping this design uses by default. */
  defaultMapping: Readonly<M>;
  /** Cycles of `workload` on `arch` with `mapping` (merged over {@link defaultMapping}). */
  simulate(arch: HardwarePreset, workload: Workload, mapping?: Partial<M>): CycleBreakdown;
  /** The model's design-space sweep, when it has one (`vitsparse sweep <id>`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sweep?: SweepSpec<any>;
}
