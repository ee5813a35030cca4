/**
 * ViTCoD's "New Challenge" — workload imbalance and under-utilisation of highly sparse attention — measured
 * on the problem ViTCoD sets out to fix: a plain sparse accelerator on ViTCoD's hardware budget (its
 * simulator's 64 × 8 PEs, 500 MHz, 76.8 GB/s, 8-bit), with one engine, no polarizer and no auto-encoder.
 * The same accelerator with the polarizer's split (global columns on a dense engine) is ViTCoD's remedy,
 * measured beside it.
 *
 * The mapping (ViTCoD's page does not give one for the unfixed design, so all three are swept): K-stationary,
 * as ViTCoD's sparser engine — key column j of the attention map on PE column `j mod W` (round-robin) or
 * `⌊j·W/N⌋` (blocked) — or query-stationary (query row i on PE column `i mod W`); every kept entry costs
 * ⌈D / PE_height⌉ cycles on its column (the PE_height rows share the feature dimension), for Q·Kᵀ and again
 * for S·V; heads run one after
 * another; a head's compute time is its most loaded PE column. The loads are Q, K and V of every head (N·D
 * operands each, 8-bit) over the off-chip bandwidth; a layer takes max(compute, loads).
 */
import { colCounts, type SparseMask } from "../masks/sparse-mask.ts";
import { windowMask } from "../masks/window.ts";
import type { HardwarePreset } from "../specs/hardware.ts";

/**
 * How the attention map's work maps onto PE columns: K-stationary with key column j on PE column `j mod W`
 * ("round-robin") or `⌊j·W/N⌋` ("blocked"), or query-stationary with query row i on PE column `i mod W`
 * ("query-stationary").
 */
export type ColumnMapping = "round-robin" | "blocked" | "query-stationary";

/** The mappings a verdict sweeps (the unfixed design states none). */
export const COLUMN_MAPPINGS: readonly ColumnMapping[] = ["round-robin", "blocked", "query-stationary"];

/** Kept entries per row of a mask, columns in `skip` left out. */
function rowCounts(mask: SparseMask, skip?: ReadonlySet<number>): Int32Array {
  const out = new Int32Array(mask.n);
  for (let r = 0; r < mask.n; r++) {
    let c = 0;
    for (let p = mask.rowPtr[r]!; p < mask.rowPtr[r + 1]!; p++) if (!skip?.has(mask.colIdx[p]!)) c++;
    out[r] = c;
  }
  return out;
}

/** The PE column that holds key column j of an n-column map on w PE columns. */
export function peColumnOf(j: number, n: number, w: number, mapping: ColumnMapping): number {
  return mapping === "blocked" ? Math.min(w - 1, Math.floor((j * w) / n)) : j % w;
}

/**
 * Kept entries per PE column for one head's map (columns in `skip` left out: a polarizer's global columns,
 * which go to the dense engine).
 */
export function peColumnLoads(mask: SparseMask, w: number, mapping: ColumnMapping, skip?: ReadonlySet<number>): Float64Array {
  const loads = new Float64Array(w);
  if (mapping === "query-stationary") {
    const rows = rowCounts(mask, skip);
    for (let i = 0; i < mask.n; i++) loads[peColumnOf(i, mask.n, w, mapping)]! += rows[i]!;
    return loads;
  }
  const counts = colCounts(mask);
  for (let j = 0; j < mask.n; j++) if (!skip?.has(j)) loads[peColumnOf(j, mask.n, w, mapping)]! += counts[j]!;
  return loads;
}

/** One attention layer (all heads) on the plain accelerator. */
export interface PlainLayerRun {
  /** Kept entries of the layer, all heads. */
  kept: number;
  /** Σ over heads of the most loaded PE column's cycles (Q·Kᵀ and S·V). */
  computeCycles: number;
  /** Q, K, V loads of every head over the off-chip interface. */
  loadCycles: number;
  cycles: number;
  /** Σ over heads of (most loaded column / mean column load): 1 = balanced. */
  imbalanceSum: number;
  heads: number;
}

/** A whole model (or one mask family) on the plain accelerator. */
export interface PlainRun {
  /** Kept entries / all entries. */
  density: number;
  computeCycles: number;
  loadCycles: number;
  cycles: number;
  /** Useful MACs / (PEs · cycles). */
  utilisation: number;
  /** Mean over heads of max / mean PE-column load (1 = balanced). */
  imbalance: number;
  /** What bounds the run: more load cycles than compute cycles → memory. */
  bound: "compute" | "memory";
}

/** Options of {@link plainAccelerator}. */
export interface PlainOptions {
  mapping: ColumnMapping;
  /** Apply ViTCoD's polarizer split: columns kept by more than `threshold` queries go to a dense engine. */
  polarize?: { threshold: number };
  /** Head dimension D (DeiT-tiny: 64). */
  headDim: number;
}

/**
 * Runs masks `[layer][head]` on the plain accelerator of `arch` (W = PE columns, PE_height = PE rows).
 * With `polarize`, a head's global columns run on a dense engine of ⌊W·G·N/(S + G·N)⌋ PE columns (at least 1),
 * which spreads each global column's N queries over its columns (every entry computed: G·⌈N/Wd⌉ per column),
 * and the rest on the sparse engine's remaining columns (K-stationary, as above), as ViTCoD's split does; the
 * head takes the slower engine's time.
 */
export function plainAccelerator(masks: readonly (readonly SparseMask[])[], arch: HardwarePreset, o: PlainOptions): PlainRun {
  const W = arch.pes.cols;
  const PH = arch.pes.rows;
  const perEntry = Math.ceil(o.headDim / PH);
  const bitsPerSecond = arch.offChipBytesPerSecond * 8;
  let kept = 0;
  let entries = 0;
  let compute = 0;
  let loads = 0;
  let cycles = 0;
  let imbalance = 0;
  let heads = 0;
  for (const layer of masks) {
    let layerCompute = 0;
    let layerLoadBits = 0;
    for (const m of layer) {
      const nnz = m.rowPtr[m.n]!;
      kept += nnz;
      entries += m.n * m.n;
      heads++;
      layerLoadBits += 3 * m.n * o.headDim * arch.dataBits;
      if (o.polarize === undefined) {
        const l = peColumnLoads(m, W, o.mapping);
        const max = Math.max(...l);
        layerCompute += 2 * max * perEntry;
        imbalance += max / (nnz / W);
      } else {
        const counts = colCounts(m);
        const global = new Set<number>();
        for (let j = 0; j < m.n; j++) if (counts[j]! > o.polarize.threshold) global.add(j);
        const G = global.size;
        const S = nnz - [...global].reduce((a, j) => a + counts[j]!, 0);
        const Wd = G === 0 ? 0 : S === 0 ? W : Math.max(1, Math.min(W - 1, Math.floor((W * G * m.n) / (S + G * m.n))));
        const Ws = W - Wd;
        // The dense engine spreads each global column's N queries over its Wd PE columns (ViTCoD's G·⌈N/Wd⌉).
        const denseMax = G === 0 ? 0 : G * Math.ceil(m.n / Wd);
        const sparse = Ws > 0 ? peColumnLoads(m, Ws, o.mapping, global) : new Float64Array(0);
        const sparseMax = sparse.length > 0 ? Math.max(...sparse) : 0;
        const max = Math.max(denseMax, sparseMax);
        layerCompute += 2 * max * perEntry;
        // Mean load over all W columns of the work both engines do (dense columns computed in full).
        imbalance += max / ((G * m.n + S) / W);
      }
    }
    const layerLoads = Math.ceil((layerLoadBits / bitsPerSecond) * arch.clockHz);
    compute += layerCompute;
    loads += layerLoads;
    cycles += Math.max(layerCompute, layerLoads);
  }
  const d = masks[0]?.[0];
  const headDim = o.headDim;
  const usefulMacs = 2 * kept * headDim;
  return {
    density: kept / entries,
    computeCycles: compute,
    loadCycles: loads,
    cycles,
    utilisation: d === undefined ? Number.NaN : usefulMacs / (W * PH * cycles),
    imbalance: imbalance / heads,
    bound: loads > compute ? "memory" : "compute",
  };
}

/** Every head of `layers` blocks the same mask (a dense map or a k×k window). */
export function uniformMasks(mask: SparseMask, layers: number, heads: number): SparseMask[][] {
  return Array.from({ length: layers }, () => new Array<SparseMask>(heads).fill(mask));
}

/** The dense map of n tokens as a mask. */
export function denseMask(n: number): SparseMask {
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(n * n);
  for (let r = 0; r < n; r++) {
    rowPtr[r + 1] = (r + 1) * n;
    for (let c = 0; c < n; c++) colIdx[r * n + c] = c;
  }
  return { n, rowPtr, colIdx };
}

/** One row of the plain-accelerator table: a mask family at one density under one mapping, with and without the polarizer. */
export interface PlainRow {
  workload: string;
  family: "dense" | "window" | "learned";
  mapping: ColumnMapping;
  density: number;
  plain: PlainRun;
  polarized: PlainRun;
}

/**
 * The plain accelerator across densities: the dense map, k×k windows (CLS row and column kept) in every block,
 * and the learned masks, under each mapping, without and with the polarizer.
 */
export function plainAcceleratorTable(
  learned: { label: string; masks: readonly (readonly SparseMask[])[] },
  grid: { side: number; special: number; layers: number; heads: number; headDim: number },
  windows: readonly number[],
  arch: HardwarePreset,
  threshold: number,
): PlainRow[] {
  const n = grid.side * grid.side + grid.special;
  const sets: { workload: string; family: PlainRow["family"]; masks: readonly (readonly SparseMask[])[] }[] = [
    { workload: "dense", family: "dense", masks: uniformMasks(denseMask(n), grid.layers, grid.heads) },
    ...windows.map((k) => ({
      workload: `${k}×${k} window`,
      family: "window" as const,
      masks: uniformMasks(windowMask({ gridH: grid.side, gridW: grid.side, kh: k, border: "clip", special: grid.special }), grid.layers, grid.heads),
    })),
    { workload: learned.label, family: "learned", masks: learned.masks },
  ];
  const rows: PlainRow[] = [];
  for (const mapping of COLUMN_MAPPINGS) {
    for (const s of sets) {
      const plain = plainAccelerator(s.masks, arch, { mapping, headDim: grid.headDim });
      const polarized = plainAccelerator(s.masks, arch, { mapping, headDim: grid.headDim, polarize: { threshold } });
      rows.push({ workload: s.workload, family: s.family, mapping, density: plain.density, plain, polarized });
    }
  }
  return rows;
}
