/**
 * Tables and claim verdicts for the mask notebooks (02-attention-maps, 03-pruning-ratio). Everything here
 * is computed from masks; the notebooks only call these functions and display the results.
 */
import { poolLocality, maskLocalitySums, localityFromSums, type LocalityMetrics } from "../masks/locality.ts";
import { polarize } from "../masks/polarizer.ts";
import { maskStats, modelStats, nnz, type SparseMask } from "../masks/sparse-mask.ts";
import { windowMask, type WindowOptions } from "../masks/window.ts";

/** One row of the window pruning-ratio sweep. */
export interface WindowSweepRow {
  grid: string;
  k: number;
  tokens: number;
  kept: number;
  entries: number;
  pruningRatioPercent: number;
}

/**
 * Pruning ratio of the windowed mask for every grid side × odd window k (k ≤ grid side), one head.
 */
export function windowPruningSweep(gridSides: readonly number[], ks: readonly number[], opts: { special?: number; border?: "clip" | "shift"; dilation?: number } = {}): WindowSweepRow[] {
  const rows: WindowSweepRow[] = [];
  for (const g of gridSides) {
    for (const k of ks) {
      if (k > g) continue;
      const m = windowMask({ gridH: g, gridW: g, kh: k, special: opts.special ?? 1, border: opts.border ?? "clip", dilation: opts.dilation ?? 1 });
      const s = maskStats(m);
      rows.push({ grid: `${g}x${g}`, k, tokens: m.n, kept: s.nnz, entries: s.entries, pruningRatioPercent: 100 * s.pruningRatio });
    }
  }
  return rows;
}

/** Per-block and whole-model statistics of a windowed schedule (all heads alike). */
export interface ScheduleReport {
  rows: { block: number; windowed: boolean; keptPerHead: number; entriesPerHead: number; pruningRatioPercent: number }[];
  /** Pruning ratio over the windowed blocks only (what "X % pruning of the attention map" means), in %. */
  sparseBlocksPercent: number;
  /** Pruning ratio over all blocks, dense ones included, in %. */
  wholeModelPercent: number;
  /** Kept entries over all blocks and heads. */
  keptTotal: number;
  /** All entries over all blocks and heads. */
  entriesTotal: number;
}

/** Statistics of a model of `blocks` blocks and `heads` heads where `windowedBlocks` use the window mask. */
export function scheduleReport(window: WindowOptions, blocks: number, heads: number, windowedBlocks: readonly number[]): ScheduleReport {
  const w = windowMask(window);
  const set = new Set(windowedBlocks);
  const layers: (SparseMask[] | null)[] = [];
  for (let b = 0; b < blocks; b++) layers.push(set.has(b) ? Array.from({ length: heads }, () => w) : null);
  const s = modelStats(layers, { tokens: w.n, heads });
  return {
    rows: s.perLayer.map((l, b) => ({
      block: b,
      windowed: set.has(b),
      keptPerHead: l.nnz / heads,
      entriesPerHead: l.entries / heads,
      pruningRatioPercent: 100 * l.pruningRatio,
    })),
    sparseBlocksPercent: 100 * s.sparseLayersOnly.pruningRatio,
    wholeModelPercent: 100 * s.wholeModel.pruningRatio,
    keptTotal: s.wholeModel.nnz,
    entriesTotal: s.wholeModel.entries,
  };
}

/** One (layer, head) row of ViTCoD's masks. */
export interface VitcodHeadRow {
  layer: number;
  head: number;
  kept: number;
  densityPercent: number;
  pruningRatioPercent: number;
  globalTokens: number;
  denseKept: number;
  sparseKept: number;
}

/** Per-head statistics and polarizer split of a `[layer][head]` model. */
export function vitcodHeadRows(masks: readonly (readonly SparseMask[])[], threshold = 50): VitcodHeadRow[] {
  const rows: VitcodHeadRow[] = [];
  masks.forEach((layer, l) =>
    layer.forEach((m, h) => {
      const s = maskStats(m);
      const p = polarize(m, threshold);
      rows.push({ layer: l, head: h, kept: s.nnz, densityPercent: 100 * s.density, pruningRatioPercent: 100 * s.pruningRatio, globalTokens: p.globalTokens, denseKept: p.denseNnz, sparseKept: p.sparseNnz });
    }),
  );
  return rows;
}

/** Per-layer pruning ratio (heads pooled) and the whole-model ratio of a `[layer][head]` model, in %. */
export function vitcodLayerPruning(masks: readonly (readonly SparseMask[])[]): { perLayerPercent: number[]; wholeModelPercent: number; kept: number; entries: number } {
  const s = modelStats(masks);
  return { perLayerPercent: s.perLayer.map((l) => 100 * l.pruningRatio), wholeModelPercent: 100 * s.wholeModel.pruningRatio, kept: s.wholeModel.nnz, entries: s.wholeModel.entries };
}

/** One row of the per-layer locality table. */
export interface LocalityRow {
  layer: number;
  group: "lower" | "upper";
  keptPatchEntries: number;
  inWindowPercent: number;
  windowCoveragePercent: number;
  meanDistance: number;
  diagonalPercent: number;
  selfKeptPercent: number;
  liftOverUniform: number;
  local: boolean;
}

/** Per-layer locality rows; a layer is `local` when its in-window share ≥ `localShare`. */
export function localityRows(perLayer: readonly LocalityMetrics[], lowerBlocks: readonly number[], localShare: number): LocalityRow[] {
  const lower = new Set(lowerBlocks);
  return perLayer.map((m, l) => ({
    layer: l,
    group: lower.has(l) ? "lower" : "upper",
    keptPatchEntries: m.keptPatchEntries,
    inWindowPercent: 100 * m.windowShare,
    windowCoveragePercent: 100 * m.windowCoverage,
    meanDistance: m.meanDistance,
    diagonalPercent: 100 * m.diagonalShare,
    selfKeptPercent: 100 * m.selfKeptShare,
    liftOverUniform: m.windowShare / m.uniformWindowShare,
    local: m.windowShare >= localShare,
  }));
}

/** Locality pooled over a group of layers (all heads of the listed layers). */
export function pooledLocality(masks: readonly (readonly SparseMask[])[], layers: readonly number[], k: number): LocalityMetrics {
  return localityFromSums(poolLocality(layers.flatMap((l) => masks[l]!.map((m) => maskLocalitySums(m, k)))));
}

/** Total kept entries of a `[layer][head]` model. */
export function totalKept(masks: readonly (readonly SparseMask[])[]): number {
  return masks.reduce((a, l) => a + l.reduce((b, m) => b + nnz(m), 0), 0);
}
