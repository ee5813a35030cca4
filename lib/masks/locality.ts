/**
 * Locality metrics of attention masks and attention-score maps on a patch grid — the poster's Fig. 7
 * argument ("tokens attend to themselves and their 2-D neighbours") in numbers.
 *
 * All metrics are taken over PATCH queries × PATCH keys only (special tokens have no position). The
 * window is the clipped k×k window around the query (as {@link windowMask} with border `clip`,
 * dilation 1). Distances are Euclidean in patch units. For score maps every quantity is weighted by the
 * score (attention mass) instead of counted.
 */
import { UserError } from "../errors.ts";
import { layoutTokens, type SparseMask, type TokenLayout } from "./sparse-mask.ts";

/** Locality of one head (or a pooled group of heads). Shares are 0..1. */
export interface LocalityMetrics {
  /** Kept patch→patch entries (masks) or their total attention mass (scores). */
  keptPatchEntries: number;
  /** Share of the kept entries (or mass) whose key lies inside the query's k×k window. */
  windowShare: number;
  /** Share of the window's entries that are kept (masks only; NaN for score maps). */
  windowCoverage: number;
  /** Mean Euclidean distance (patches) between query and kept key (mass-weighted for scores). */
  meanDistance: number;
  /** Share of the kept entries (or mass) on the main diagonal (key = query). */
  diagonalShare: number;
  /** Share of patch queries whose own (self) entry is kept (masks only; NaN for score maps). */
  selfKeptShare: number;
  /** windowShare a mask would have if its kept entries were spread uniformly: window entries / all patch pairs. */
  uniformWindowShare: number;
  /** meanDistance under the same uniform spread: mean distance over all patch pairs. */
  uniformMeanDistance: number;
}

/** Raw sums behind {@link LocalityMetrics}, so heads and layers pool exactly. */
export interface LocalitySums {
  kept: number;
  inWindow: number;
  windowEntries: number;
  keptInWindowCount: number;
  distanceSum: number;
  diagonal: number;
  selfKept: number;
  queries: number;
  allPairs: number;
  allWindowEntries: number;
  allDistanceSum: number;
  isScore: boolean;
}

interface GridGeometry {
  layout: TokenLayout;
  k: number;
  half: number;
  /** Clipped window entries of each patch query. */
  windowSize: Int32Array;
  windowTotal: number;
  allDistanceSum: number;
}

const geometryCache = new Map<string, GridGeometry>();

function geometry(layout: TokenLayout, k: number): GridGeometry {
  if (!Number.isInteger(k) || k < 1 || k % 2 === 0) throw new UserError(`locality window k must be a positive odd integer, got ${k}`);
  const key = `${layout.special},${layout.gridH},${layout.gridW},${k}`;
  const hit = geometryCache.get(key);
  if (hit) return hit;
  const { gridH: H, gridW: W } = layout;
  const half = (k - 1) / 2;
  const P = H * W;
  const windowSize = new Int32Array(P);
  let windowTotal = 0;
  let allDistanceSum = 0;
  for (let q = 0; q < P; q++) {
    const qr = Math.floor(q / W);
    const qc = q % W;
    const rows = Math.min(H - 1, qr + half) - Math.max(0, qr - half) + 1;
    const cols = Math.min(W - 1, qc + half) - Math.max(0, qc - half) + 1;
    windowSize[q] = rows * cols;
    windowTotal += rows * cols;
    for (let p = 0; p < P; p++) allDistanceSum += Math.hypot(Math.floor(p / W) - qr, (p % W) - qc);
  }
  const g = { layout, k, half, windowSize, windowTotal, allDistanceSum };
  geometryCache.set(key, g);
  return g;
}

function emptySums(g: GridGeometry, isScore: boolean): LocalitySums {
  const P = g.layout.gridH * g.layout.gridW;
  return {
    kept: 0,
    inWindow: 0,
    windowEntries: 0,
    keptInWindowCount: 0,
    distanceSum: 0,
    diagonal: 0,
    selfKept: 0,
    queries: P,
    allPairs: P * P,
    allWindowEntries: g.windowTotal,
    allDistanceSum: g.allDistanceSum,
    isScore,
  };
}

/** Raw locality sums of one mask. The mask must carry a layout, or one must be given. */
export function maskLocalitySums(mask: SparseMask, k = 3, layout: TokenLayout | undefined = mask.layout): LocalitySums {
  if (!layout) throw new UserError("locality metrics need a token layout (special tokens + patch grid)");
  if (layoutTokens(layout) !== mask.n) throw new UserError(`layout ${layout.special}+${layout.gridH}x${layout.gridW} does not match the mask's ${mask.n} tokens`);
  const g = geometry(layout, k);
  const s = emptySums(g, false);
  const { special, gridW: W } = layout;
  for (let q = special; q < mask.n; q++) {
    const pq = q - special;
    const qr = Math.floor(pq / W);
    const qc = pq % W;
    s.windowEntries += g.windowSize[pq]!;
    for (let p = mask.rowPtr[q]!; p < mask.rowPtr[q + 1]!; p++) {
      const key = mask.colIdx[p]!;
      if (key < special) continue;
      const pk = key - special;
      const dr = Math.floor(pk / W) - qr;
      const dc = (pk % W) - qc;
      s.kept += 1;
      s.distanceSum += Math.hypot(dr, dc);
      if (Math.abs(dr) <= g.half && Math.abs(dc) <= g.half) {
        s.inWindow += 1;
        s.keptInWindowCount += 1;
      }
      if (key === q) {
        s.diagonal += 1;
        s.selfKept += 1;
      }
    }
  }
  return s;
}

/** Raw locality sums of one n×n row-major attention-score map (non-negative) on `layout`. */
export function scoreLocalitySums(scores: ArrayLike<number>, layout: TokenLayout, k = 3): LocalitySums {
  const n = layoutTokens(layout);
  if (scores.length !== n * n) throw new UserError(`attention scores hold ${scores.length} values, expected ${n}x${n} = ${n * n}`);
  const g = geometry(layout, k);
  const s = emptySums(g, true);
  const { special, gridW: W } = layout;
  for (let q = special; q < n; q++) {
    const pq = q - special;
    const qr = Math.floor(pq / W);
    const qc = pq % W;
    s.windowEntries += g.windowSize[pq]!;
    for (let key = special; key < n; key++) {
      const v = scores[q * n + key]!;
      if (v === 0) continue;
      if (!Number.isFinite(v) || v < 0) throw new UserError(`attention score (${q}, ${key}) is ${v}; scores must be finite and >= 0`);
      const pk = key - special;
      const dr = Math.floor(pk / W) - qr;
      const dc = (pk % W) - qc;
      s.kept += v;
      s.distanceSum += v * Math.hypot(dr, dc);
      if (Math.abs(dr) <= g.half && Math.abs(dc) <= g.half) s.inWindow += v;
      if (key === q) s.diagonal += v;
    }
  }
  return s;
}

/** Adds locality sums (pooling heads or layers); all parts must come from the same grid and k. */
export function poolLocality(parts: readonly LocalitySums[]): LocalitySums {
  if (parts.length === 0) throw new UserError("poolLocality needs at least one part");
  const out = { ...parts[0]! };
  for (const p of parts.slice(1)) {
    out.kept += p.kept;
    out.inWindow += p.inWindow;
    out.windowEntries += p.windowEntries;
    out.keptInWindowCount += p.keptInWindowCount;
    out.distanceSum += p.distanceSum;
    out.diagonal += p.diagonal;
    out.selfKept += p.selfKept;
    out.queries += p.queries;
    out.allPairs += p.allPairs;
    out.allWindowEntries += p.allWindowEntries;
    out.allDistanceSum += p.allDistanceSum;
    out.isScore = out.isScore || p.isScore;
  }
  return out;
}

/** Turns raw sums into the reported ratios. */
export function localityFromSums(s: LocalitySums): LocalityMetrics {
  const div = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);
  return {
    keptPatchEntries: s.kept,
    windowShare: div(s.inWindow, s.kept),
    windowCoverage: s.isScore ? Number.NaN : div(s.keptInWindowCount, s.windowEntries),
    meanDistance: div(s.distanceSum, s.kept),
    diagonalShare: div(s.diagonal, s.kept),
    selfKeptShare: s.isScore ? Number.NaN : div(s.selfKept, s.queries),
    uniformWindowShare: div(s.allWindowEntries, s.allPairs),
    uniformMeanDistance: div(s.allDistanceSum, s.allPairs),
  };
}

/** Locality metrics of one mask (one head). */
export function maskLocality(mask: SparseMask, k = 3, layout: TokenLayout | undefined = mask.layout): LocalityMetrics {
  return localityFromSums(maskLocalitySums(mask, k, layout));
}

/** Locality metrics of one attention-score map (one head), mass-weighted. */
export function scoreLocality(scores: ArrayLike<number>, layout: TokenLayout, k = 3): LocalityMetrics {
  return localityFromSums(scoreLocalitySums(scores, layout, k));
}

/** Per-head and per-layer (heads pooled) locality of a `[layer][head]` model. */
export function modelLocality(masks: readonly (readonly SparseMask[])[], k = 3): { perHead: LocalityMetrics[][]; perLayer: LocalityMetrics[] } {
  const sums = masks.map((layer) => layer.map((m) => maskLocalitySums(m, k)));
  return {
    perHead: sums.map((l) => l.map(localityFromSums)),
    perLayer: sums.map((l) => localityFromSums(poolLocality(l))),
  };
}
