/**
 * The cycle-model interface (SCALE-Sim/Timeloop style): architecture, workload and mapping are separate
 * inputs, and every accelerator model answers with the same typed breakdown, so designs are
 * interchangeable behind {@link CycleModel} (see `registry.ts`; one file per model in `models/`).
 */
import type { SparseMask } from "../masks/sparse-mask.ts";
import type { HardwarePreset } from "../specs/hardware.ts";
import type { NonlinearPresetId } from "../specs/nonlinear.ts";
import type { VitShape } from "../specs/models.ts";
import type { ParamDomain } from "./sweep.ts";

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
  /** Short stable id (tables, CSV), e.g. `deit-tiny-window-k3`. */
  id: string;
  /** What kind of sparsity the workload has. */
  kind: SparsityKind;
  /** What was actually used, in words (a user mask by its file name and sha256). */
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

/** One mapping parameter of a design (a key of the experiment spec's `mapping.<design>`). */
export interface MappingParam {
  /** What it is, one line. */
  meaning: string;
  /** Unit of a number. */
  unit?: string;
  /** The numbers it may take. */
  domain?: ParamDomain;
  /** The words it may take (a parameter with `values` is a string). */
  values?: readonly string[];
}

/** The `nonlinear` mapping parameter every design has. */
export const NONLINEAR_PARAM: MappingParam = { meaning: "nonlinear unit (softmax, GELU, LayerNorm); default the preset's", values: ["exact", "ibert", "polynomial"] };

/** Why a design's hardware cannot hold a workload, and the override on the same preset that would. */
export interface CapacityShortfall {
  /** The spec key that falls short, e.g. `hardware.pes.rows`. */
  key: string;
  /** Its value on this hardware. */
  value: number;
  /** What it would need to be, e.g. `>= 6`. */
  expected: string;
  /** Why, e.g. `one 10-PE MAC line per head of deit-small's 6 heads`. */
  reason: string;
  /** Spec keys and values that make the workload fit on the same preset. */
  fix: Readonly<Record<string, number>>;
}

/** A default axis of a design's sweep: a key of the experiment spec and its values. */
export interface SweepAxisDefault {
  /** Spec key, e.g. `mapping.mac-lines.pesPerLine` or `hardware.pes.rows`. */
  key: string;
  values: readonly (number | string)[];
}

/**
 * An accelerator cycle model. Adding a design is one file in `models/` exporting one of these, one line in
 * `registry.ts`, and its preset in `lib/specs/hardware.ts`: `simulate`, `sweep`, `compare`, `run` and notebook
 * 05's table take it from the registry.
 */
export interface CycleModel<M extends BaseMapping = BaseMapping> {
  /** Stable id (CLI, compare rows, the spec's `designs` and `mapping.<id>`). */
  id: string;
  /** Short label for tables and figures. */
  label: string;
  description: string;
  /** The preset the design was published on. */
  nativePreset: string;
  /** The sparsity the design is built to exploit: the workload `compare` splits its speedup on. */
  exploits: SparsityKind;
  /** Its mapping parameters (the spec's `mapping.<id>.<key>`), each with meaning, unit and domain. */
  mappingParams: Readonly<Record<string, MappingParam>>;
  /** The mapping this design uses by default. */
  defaultMapping: Readonly<M>;
  /**
   * The mapping for `workload` on `arch`: the defaults, the `given` keys, and what the design derives from the
   * workload and the hardware (e.g. the MAC-line length). Omitted: defaults overridden by `given`.
   */
  mapFor?(arch: HardwarePreset, workload: Workload, given: Partial<M>): M;
  /** Why `arch` cannot hold `workload` with `mapping`, or null when it can. Omitted: any hardware holds any workload. */
  capacity?(arch: HardwarePreset, workload: Workload, mapping: M): CapacityShortfall | null;
  /**
   * Cycles of `workload` on the architecture `arch` with `mapping` (completed by {@link mapFor}); throws a
   * UserError when the hardware cannot hold the workload.
   */
  evaluate(arch: HardwarePreset, workload: Workload, mapping?: Partial<M>): CycleBreakdown;
  /** The default grid of `vitsparse sweep <id>` (any spec key may be swept with `--set KEY=v1,v2`). */
  sweep?: readonly SweepAxisDefault[];
}
