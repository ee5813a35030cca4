/**
 * Running a resolved experiment: per block and for the whole model the pruning ratio, the MACs with the Amdahl
 * split (the attention core against the rest), and per design the cycle breakdown, utilisation, an energy
 * estimate and the split of its speedup over the baseline design on the dense model into the part its array
 * gives and the part the workload's sparsity gives. Optional references: Fig. 11's one-layer model at the
 * experiment's window and model, and ViTCoD's simulator checked against its logs. Pure computation: the CLI and
 * notebook 07 write the tables and figures.
 */
import { energyEstimate, type EnergyEstimate } from "../cycles/energy.ts";
import type { BaseMapping, CycleBreakdown, CycleModel } from "../cycles/model.ts";
import { macLinesMapFor, type MacLineMapping } from "../cycles/models/mac-lines.ts";
import { POSTER_BASE_ASSUMPTIONS, simulatePoster, type PosterAssumptions, type PosterResult } from "../cycles/poster.ts";
import { CYCLE_MODELS } from "../cycles/registry.ts";
import { nearSquareFactors } from "../cycles/sweep.ts";
import { workloadMacs, type WorkloadMacs } from "../cycles/workloads.ts";
import { ensureReferenceData } from "../data/reference/ensure.ts";
import { loadVitcodMasks } from "../masks/vitcod-masks.ts";
import { POSTER_FIG11_REPORTED } from "../paper/poster-fig11.ts";
import { HOROWITZ_45NM, type EnergyTable } from "../specs/energy.ts";
import { peCount } from "../specs/hardware.ts";
import { POSTER_WINDOW_K } from "../specs/poster.ts";
import { vitcodValidation } from "../analysis/vitcod-validation.ts";
import type { ResolvedExperiment } from "./resolve.ts";

/** Attention entries of one block. */
export interface BlockPruning {
  block: number;
  /** dense, window, masks or token-pruned. */
  kind: "dense" | "window" | "masks" | "token-pruned";
  /** Tokens the block computes on. */
  tokens: number;
  /** Kept (computed) attention entries over all heads. */
  kept: number;
  /** Entries of the dense model's block over all heads: heads · N² (N = tokens entering block 0). */
  entries: number;
  /** 1 − kept / entries. */
  pruningRatio: number;
}

/** A speedup split into the array's part and the sparsity's part: arrayEffect × sparsityEffect = total. */
export interface SplitEffect {
  /** baseline(dense) / design(dense). */
  arrayEffect: number;
  /** design(dense) / design(this workload). */
  sparsityEffect: number;
  /** baseline(dense) / design(this workload). */
  total: number;
}

/** One design's run. */
export interface DesignRun {
  design: string;
  label: string;
  /** The mapping it ran (defaults, the spec's keys, derived values). */
  mapping: Record<string, number | string>;
  breakdown: CycleBreakdown;
  energy: EnergyEstimate;
  /** The same design on the dense model. */
  dense: CycleBreakdown;
  split: { attention: SplitEffect; total: SplitEffect };
}

/** Fig. 11's one-layer model at the experiment's window side and model. */
export interface Fig11Reference {
  k: number;
  heads: number;
  tokens: number;
  featureDim: number;
  pesPerLine: number;
  systolic: string;
  qk: PosterResult["qk"];
  sv: PosterResult["sv"];
  ratios: PosterResult["ratios"];
  /** The poster's four ratios (quoted), for comparison. */
  reported: PosterResult["ratios"];
}

/** ViTCoD's re-implemented simulator against its released logs (needs the imported reference data). */
export interface VitcodLogReference {
  available: boolean;
  /** Why not, when unavailable (else null); the other fields are null then. */
  reason: string | null;
  compared: number | null;
  mismatches: number | null;
  attentionTotal: { kit: number; log: number } | null;
  ffnTotal: { kit: number; log: number } | null;
  /** Every compared value equal. */
  equal: boolean | null;
}

/** The result of {@link runExperiment}: the JSON of `vitsparse run`. */
export interface ExperimentResult {
  name: string;
  description: string;
  /** The spec file, or `command line`. */
  source: string;
  workload: {
    id: string;
    label: string;
    model: string;
    image: number | null;
    patch: number | null;
    grid: number;
    tokens: number;
    depth: number;
    heads: number;
    attention: "dense" | "window" | "masks" | "token-pruning";
    blocks: number[];
    window: { k: number; dilation: number; border: string; special: number } | null;
    mask: { file: string; name: string; sha256: string; shape: number[] } | null;
    selectors: { block: number; keepRatio: number }[] | null;
  };
  hardware: {
    id: string;
    preset: string;
    overrides: string[];
    arrangement: string;
    rows: number;
    cols: number;
    pes: number;
    clockHz: number;
    offChipBytesPerSecond: number;
    dataBits: number;
    nonlinear: string;
  };
  pruning: { blocks: BlockPruning[]; kept: number; entries: number; pruningRatio: number };
  macs: {
    dense: WorkloadMacs;
    sparse: WorkloadMacs;
    /** Attention-core share of the dense model's block MACs. */
    attentionShareDense: number;
    /** Dense / sparse attention-core MACs. */
    attentionSpeedup: number;
    /** Dense / sparse block MACs. */
    speedup: number;
    /** 1 / (1 − attentionShareDense): the most any attention sparsity can give (rest unchanged). */
    amdahlLimit: number;
  };
  /** The design the split is against, on the dense model. */
  baseline: string | null;
  designs: DesignRun[];
  references: { fig11?: Fig11Reference; vitcodLog?: VitcodLogReference };
}

function effect(base: number, dense: number, own: number): SplitEffect {
  return { arrayEffect: base / dense, sparsityEffect: dense / own, total: base / own };
}

function pruningOf(r: ResolvedExperiment): ExperimentResult["pruning"] {
  const w = r.workload.workload;
  const m = w.model;
  const N = m.tokens;
  const kindOf = (i: number): BlockPruning["kind"] => {
    if (r.workload.kind === "token-pruning") return w.blocks[i]!.tokens < N ? "token-pruned" : "dense";
    if (!w.blocks[i]!.masks) return "dense";
    return r.workload.kind === "window" ? "window" : "masks";
  };
  const blocks = w.blocks.map((b, i) => {
    let kept = 0;
    if (b.masks) for (const mask of b.masks) kept += mask.rowPtr[mask.n]!;
    else kept = m.heads * b.tokens * b.tokens;
    const entries = m.heads * N * N;
    return { block: i, kind: kindOf(i), tokens: b.tokens, kept, entries, pruningRatio: 1 - kept / entries };
  });
  const kept = blocks.reduce((a, b) => a + b.kept, 0);
  const entries = blocks.reduce((a, b) => a + b.entries, 0);
  return { blocks, kept, entries, pruningRatio: 1 - kept / entries };
}

function fig11Of(r: ResolvedExperiment): Fig11Reference {
  const m = r.workload.model;
  const k = r.workload.window?.kh ?? POSTER_WINDOW_K;
  const given = (r.spec.mapping?.["mac-lines"] ?? {}) as Partial<MacLineMapping>;
  const lines = r.designs.find((d) => d.model.id === "mac-lines")?.mapping as MacLineMapping | undefined;
  const mapping = lines ?? macLinesMapFor(r.arch, r.workload.workload, given);
  const [rows, cols] = nearSquareFactors(m.heads * mapping.pesPerLine);
  const a: PosterAssumptions = {
    ...POSTER_BASE_ASSUMPTIONS,
    heads: m.heads,
    featureDim: m.headDim,
    pesPerLine: mapping.pesPerLine,
    macLatency: mapping.macLatency,
    fillPerQuery: mapping.fillPerQuery,
    clsColumn: mapping.clsColumn,
    padBorderWindows: mapping.schedule === "static",
    systolicRows: rows,
    systolicCols: cols,
  };
  const res = simulatePoster(a, k, r.workload.grid, r.workload.grid);
  return { k, heads: m.heads, tokens: m.tokens, featureDim: m.headDim, pesPerLine: mapping.pesPerLine, systolic: `${rows}×${cols}`, qk: res.qk, sv: res.sv, ratios: res.ratios, reported: { ...POSTER_FIG11_REPORTED } };
}

async function vitcodLogOf(): Promise<VitcodLogReference> {
  if (!(await ensureReferenceData())) {
    return { available: false, reason: "ViTCoD's reference data is not imported (run npm run data:import)", compared: null, mismatches: null, attentionTotal: null, ffnTotal: null, equal: null };
  }
  const v = vitcodValidation(loadVitcodMasks());
  const attention = v.totals.find((t) => t.quantity === "attention total")!;
  const ffn = v.totals.find((t) => t.quantity === "FFN-script total")!;
  return {
    available: true,
    reason: null,
    compared: v.compared + v.totals.length,
    mismatches: v.mismatches + v.totals.filter((t) => !t.equal).length,
    attentionTotal: { kit: attention.kit, log: attention.log },
    ffnTotal: { kit: ffn.kit, log: ffn.log },
    equal: v.mismatches === 0 && v.totals.every((t) => t.equal),
  };
}

/**
 * Runs every design of a resolved experiment on its workload and on the dense model, and the baseline design
 * (the registered design that exploits no sparsity) on the dense model for the split.
 */
export async function runExperiment(r: ResolvedExperiment, table: EnergyTable = HOROWITZ_45NM): Promise<ExperimentResult> {
  const w = r.workload;
  const arch = r.arch;
  const baselineModel = (CYCLE_MODELS as readonly CycleModel<BaseMapping>[]).find((m) => m.exploits === "none");
  const baselineDesign = r.designs.find((d) => d.model === baselineModel);
  const base = baselineModel ? baselineModel.evaluate(arch, w.dense, baselineDesign?.mapping ?? {}) : undefined;
  const designs: DesignRun[] = r.designs.map(({ model, mapping }) => {
    const b = model.evaluate(arch, w.workload, mapping);
    const d = model.evaluate(arch, w.dense, mapping);
    const pick = (scope: "attention" | "total", x: CycleBreakdown): number => (scope === "attention" ? x.attentionMatmuls : x.total);
    const split = (scope: "attention" | "total"): SplitEffect => (base ? effect(pick(scope, base), pick(scope, d), pick(scope, b)) : effect(Number.NaN, pick(scope, d), pick(scope, b)));
    return {
      design: model.id,
      label: model.label,
      mapping: Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== undefined)) as Record<string, number | string>,
      breakdown: b,
      energy: energyEstimate(b, arch, table),
      dense: d,
      split: { attention: split("attention"), total: split("total") },
    };
  });
  const dense = workloadMacs(w.dense);
  const sparse = workloadMacs(w.workload);
  const share = dense.attention / dense.total;
  const references: ExperimentResult["references"] = {};
  if (r.references.includes("fig11")) references.fig11 = fig11Of(r);
  if (r.references.includes("vitcod-log")) references.vitcodLog = await vitcodLogOf();
  return {
    name: r.name,
    description: r.description,
    source: r.file ?? r.source,
    workload: {
      id: w.workload.id,
      label: w.workload.label,
      model: w.modelName,
      image: w.image,
      patch: w.patch,
      grid: w.grid,
      tokens: w.model.tokens,
      depth: w.model.depth,
      heads: w.model.heads,
      attention: w.kind,
      blocks: w.blocks,
      window: w.window ? { k: w.window.kh, dilation: w.window.dilation, border: w.window.border, special: w.window.special } : null,
      mask: w.mask ?? null,
      selectors: w.selectors ? w.selectors.map((s) => ({ block: s.block, keepRatio: s.keepRatio })) : null,
    },
    hardware: {
      id: arch.id,
      preset: r.presetId,
      overrides: r.overrides,
      arrangement: arch.pes.arrangement,
      rows: arch.pes.rows,
      cols: arch.pes.cols,
      pes: peCount(arch),
      clockHz: arch.clockHz,
      offChipBytesPerSecond: arch.offChipBytesPerSecond,
      dataBits: arch.dataBits,
      nonlinear: arch.nonlinear,
    },
    pruning: pruningOf(r),
    macs: { dense, sparse, attentionShareDense: share, attentionSpeedup: dense.attention / sparse.attention, speedup: dense.total / sparse.total, amdahlLimit: 1 / (1 - share) },
    baseline: baselineModel?.id ?? null,
    designs,
    references,
  };
}
