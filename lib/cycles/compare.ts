/**
 * One footing for every design: each registered model on the same hardware preset (default: ViTCoD's
 * 512 PEs, 500 MHz, 76.8 GB/s) and every workload — a table of design × workload, and per design a split
 * of its speedup over the systolic baseline on dense attention into the part its PE arrangement gives
 * (arrayEffect: the design on dense attention) and the part its sparsity gives (sparsityEffect: dense →
 * the sparsity the design exploits), with arrayEffect × sparsityEffect = total.
 */
import { UserError } from "../errors.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { DEFAULT_PRESET_ID, HARDWARE_PRESETS, type HardwarePreset } from "../specs/hardware.ts";
import { POSTER_MODEL, POSTER_WINDOW_K, POSTER_WINDOWED_BLOCKS } from "../specs/poster.ts";
import { HOROWITZ_45NM, type EnergyTable } from "../specs/energy.ts";
import { quarterSchedule } from "../specs/token-pruning.ts";
import { energyEstimate, type EnergyEstimate } from "./energy.ts";
import type { BaseMapping, CycleBreakdown, CycleModel, Workload } from "./model.ts";
import { VIT_MODELS, type VitShape } from "../specs/models.ts";
import { CYCLE_MODELS } from "./registry.ts";
import { denseWorkload, maskWorkload, tokenPrunedWorkload, windowScheduleWorkload } from "./workloads.ts";

/** One design × workload row. */
export interface CompareRow {
  design: string;
  workload: string;
  /** What the workload was, in words (a mask file by name and sha256). */
  workloadLabel: string;
  /** Q×K + S×V cycles. */
  attentionCycles: number;
  totalCycles: number;
  /** Matmul MACs / (matmul cycles · PEs). */
  utilisation: number;
  attentionUtilisation: number;
  /** Estimated energy per inference, µJ (see `energy.ts`). */
  energyUj: number;
  energyRangeUj: [number, number];
  ms: number;
  breakdown: CycleBreakdown;
  energy: EnergyEstimate;
}

/** A design's speedup over the systolic baseline on dense attention, split into its two causes. */
export interface SplitRow {
  design: string;
  /** The workload whose sparsity the design exploits. */
  workload: string;
  /** `attention` (Q×K + S×V cycles) or `total` (the inference). */
  scope: "attention" | "total";
  /** baseline(dense) / design(dense). */
  arrayEffect: number;
  /** design(dense) / design(own workload). */
  sparsityEffect: number;
  /** baseline(dense) / design(own workload) = arrayEffect × sparsityEffect. */
  total: number;
}

/** The comparison's inputs. */
export interface CompareOptions {
  arch?: HardwarePreset;
  model?: VitShape;
  /** Window side of the poster's schedule. */
  k?: number;
  /** Windowed blocks of the poster's schedule. */
  windowedBlocks?: readonly number[];
  /** Whole-model window masks `[layer][head]` (the kit's mask export); generated when omitted. */
  windowMasks?: readonly (readonly SparseMask[])[];
  /** ViTCoD's learned masks `[layer][head]`; the ViTCoD workload is left out when omitted. */
  vitcodMasks?: readonly (readonly SparseMask[])[];
  /** Label of the learned masks. */
  vitcodMasksLabel?: string;
  /** Keep ratio of the token-pruned workload's selectors. */
  keep?: number;
  energyTable?: EnergyTable;
  /** The workloads to compare (one of them dense), instead of those built from the options above. */
  workloads?: readonly Workload[];
  /** The designs and their mapping keys (default: every registered design with its default mapping). */
  designs?: readonly { model: CycleModel<BaseMapping>; mapping?: Partial<BaseMapping> }[];
}

/** The result of {@link compareDesigns}: the JSON of `vitsparse compare`. */
export interface CompareResult {
  preset: string;
  rows: CompareRow[];
  split: SplitRow[];
}

/** The workloads of the comparison. */
export function compareWorkloads(o: CompareOptions = {}): Workload[] {
  if (o.workloads) return [...o.workloads];
  const model = o.model ?? VIT_MODELS[POSTER_MODEL]!;
  const out = [
    denseWorkload(model),
    windowScheduleWorkload(model, o.k ?? POSTER_WINDOW_K, o.windowedBlocks ?? POSTER_WINDOWED_BLOCKS, o.windowMasks),
  ];
  if (o.vitcodMasks) out.push(maskWorkload(`${model.id}-vitcod-masks`, o.vitcodMasksLabel ?? "ViTCoD's learned masks", model, o.vitcodMasks));
  out.push(tokenPrunedWorkload(model, quarterSchedule(model.depth, o.keep)));
  return out;
}

/**
 * Every registered design on every workload, on one preset, and the per-design split. Each design's mapping is
 * derived once, from the first sparse workload (e.g. the MAC-line length from the window), and kept for every
 * workload, so its dense and sparse runs differ only in the workload.
 */
export function compareDesigns(o: CompareOptions = {}): CompareResult {
  const arch = o.arch ?? HARDWARE_PRESETS[DEFAULT_PRESET_ID]!;
  const table = o.energyTable ?? HOROWITZ_45NM;
  const workloads = compareWorkloads(o);
  const designs: readonly { model: CycleModel<BaseMapping>; mapping?: Partial<BaseMapping> }[] = o.designs ?? (CYCLE_MODELS as readonly CycleModel<BaseMapping>[]).map((model) => ({ model }));
  const mappingWorkload = workloads.find((w) => w.kind !== "none") ?? workloads[0]!;
  const rows: CompareRow[] = [];
  const cell = new Map<string, CycleBreakdown>();
  for (const { model: design, mapping: given = {} } of designs) {
    const mapping = design.mapFor ? design.mapFor(arch, mappingWorkload, given) : { ...design.defaultMapping, ...given };
    for (const w of workloads) {
      const b = design.evaluate(arch, w, mapping);
      cell.set(`${design.id}|${w.id}`, b);
      const e = energyEstimate(b, arch, table);
      rows.push({
        design: design.id, workload: w.id, workloadLabel: w.label, attentionCycles: b.attentionMatmuls, totalCycles: b.total,
        utilisation: b.utilisation, attentionUtilisation: b.attentionUtilisation, energyUj: e.totalUj, energyRangeUj: e.totalRangeUj,
        ms: b.ms, breakdown: b, energy: e,
      });
    }
  }
  const dense = workloads.find((w) => w.kind === "none");
  const baseline = designs.map((d) => d.model).find((m) => m.exploits === "none");
  if (!dense || !baseline) throw new UserError("compare: needs a dense workload and a baseline design that exploits no sparsity");
  const base = cell.get(`${baseline.id}|${dense.id}`)!;
  const split: SplitRow[] = [];
  for (const { model: design } of designs) {
    const own = workloads.find((w) => w.kind === design.exploits);
    if (!own) continue;
    const onDense = cell.get(`${design.id}|${dense.id}`)!;
    const onOwn = cell.get(`${design.id}|${own.id}`)!;
    for (const scope of ["attention", "total"] as const) {
      const pick = (b: CycleBreakdown): number => (scope === "attention" ? b.attentionMatmuls : b.total);
      const arrayEffect = pick(base) / pick(onDense);
      const sparsityEffect = pick(onDense) / pick(onOwn);
      split.push({ design: design.id, workload: own.id, scope, arrayEffect, sparsityEffect, total: pick(base) / pick(onOwn) });
    }
  }
  return { preset: arch.id, rows, split };
}
