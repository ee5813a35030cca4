/**
 * Verdicts of the attention-maps notebook (02) on ViTCoD's learned DeiT-tiny masks: the poster's locality
 * statements (Conclusion: "lower layer"; Motivation: "upper layers", whose wording is ambiguous), ViTCoD's
 * "non-zero elements … concentrate along the diagonal lines", and its denser/sparser polarization.
 */
import type { VerdictInput } from "../claims/ledger.ts";
import { localityFromSums, maskLocalitySums, poolLocality, type LocalityMetrics } from "../masks/locality.ts";
import type { PolarizeSummary } from "../masks/polarizer.ts";
import { localityRows, pooledLocality } from "./masks.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";

const MASK_FILE = "data/external/vitcod-mask-info-0.95.arrow";
const GLOBAL_TOKENS_FILE = "data/external/vitcod-global-tokens-0.95.arrow";
const pct = (v: number, d = 1): string => `${(100 * v).toFixed(d)} %`;

/** Options of {@link localityVerdicts}. */
export interface LocalityVerdictOptions {
  lowerBlocks: readonly number[];
  k: number;
  /** A block is local iff at least this share of its kept patch→patch entries lies in the k×k window. */
  localShare: number;
  figure: string;
}

/**
 * The Conclusion's "lower layer" statement (a verdict on the masks) and the Motivation's "upper layers"
 * (indeterminate: its two readings get opposite answers from the same data).
 */
export function localityVerdicts(masks: readonly (readonly SparseMask[])[], o: LocalityVerdictOptions): VerdictInput[] {
  const L = masks.length;
  const lowerBlocks = [...o.lowerBlocks];
  const upperBlocks = Array.from({ length: L }, (_, i) => i).filter((i) => !o.lowerBlocks.includes(i));
  const perLayer = masks.map((layer) => localityFromSums(poolLocality(layer.map((m) => maskLocalitySums(m, o.k)))));
  const rows = localityRows(perLayer, lowerBlocks, o.localShare);
  const lower = pooledLocality(masks, lowerBlocks, o.k);
  const upper = pooledLocality(masks, upperBlocks, o.k);
  const localIn = (blocks: number[]): number[] => blocks.filter((b) => rows[b]!.local);
  const holds = (mine: number[], a: LocalityMetrics, b: LocalityMetrics): boolean => localIn(mine).length * 2 > mine.length && a.windowShare > b.windowShare;
  const describe = (name: string, blocks: number[], m: LocalityMetrics): string =>
    `${name} blocks ${blocks[0]}–${blocks[blocks.length - 1]}: ${localIn(blocks).length}/${blocks.length} local (${localIn(blocks).join(", ") || "none"}), ` +
    `pooled ${pct(m.windowShare)} of kept patch→patch entries in the ${o.k}×${o.k} window, self kept for ${pct(m.selfKeptShare)} of patch queries`;
  const kit = `${describe("lower", lowerBlocks, lower)}; ${describe("upper", upperBlocks, upper)}; uniform spread ${pct(lower.uniformWindowShare, 2)}`;
  const lowerHolds = holds(lowerBlocks, lower, upper);
  const upperHolds = holds(upperBlocks, upper, lower);
  const nonLocalLower = lowerBlocks.filter((b) => !rows[b]!.local);
  const localUpper = localIn(upperBlocks);
  const proxy = "the masks keep the highest-attention entries of DeiT-tiny on ImageNet (one of Fig. 7's datasets); Fig. 7's scores on the transfer datasets are not published";
  return [
    {
      id: "poster-locality-lower-layers",
      status: lowerHolds ? "reproduced" : "contradicted",
      kitValue: kit,
      reason:
        `${lowerHolds ? "holds as a tendency" : "does not hold"}: lower blocks pooled ${pct(lower.windowShare)} in-window vs upper ${pct(upper.windowShare)} (uniform ${pct(lower.uniformWindowShare, 2)})` +
        `${nonLocalLower.length ? `; lower block(s) ${nonLocalLower.join(", ")} are not local` : ""}${localUpper.length ? `, upper block(s) ${localUpper.join(", ")} are` : ""}; ${proxy}`,
      evidence: [MASK_FILE],
      figure: o.figure,
    },
    {
      id: "poster-fig7-locality-upper-layers",
      status: "indeterminate",
      kitValue: kit,
      reason:
        `the wording decides the verdict: read as Fig. 7 is drawn (block 0 in the top row, so "upper" = the first blocks, the ones the poster windows) it ${lowerHolds ? "holds" : "fails"} ` +
        `(${pct(lower.windowShare)} in-window); read as blocks counted from the input ("upper" = blocks ${upperBlocks[0]}–${upperBlocks[upperBlocks.length - 1]}) it ${upperHolds ? "holds" : "fails"} ` +
        `(${pct(upper.windowShare)}). The Conclusion's "lower layer" and the code's blocks idx < 6 support the first reading; not a contradiction of the data`,
      evidence: [MASK_FILE],
      figure: o.figure,
    },
  ];
}

/** Kept patch→patch entries of one mask within |q − k| ≤ band (token indices of the patches), and all kept patch→patch entries. */
export function diagonalBandCounts(mask: SparseMask, band: number): { inBand: number; kept: number } {
  const special = mask.layout?.special ?? 0;
  let inBand = 0;
  let kept = 0;
  for (let q = special; q < mask.n; q++) {
    for (let p = mask.rowPtr[q]!; p < mask.rowPtr[q + 1]!; p++) {
      const c = mask.colIdx[p]!;
      if (c < special) continue;
      kept++;
      if (Math.abs(q - c) <= band) inBand++;
    }
  }
  return { inBand, kept };
}

/** Share of all patch→patch pairs of an n-patch map within |q − k| ≤ band: the share a uniform spread would put in the band. */
export function uniformBandShare(patches: number, band: number): number {
  let pairs = 0;
  for (let d = -band; d <= band; d++) pairs += Math.max(0, patches - Math.abs(d));
  return pairs / (patches * patches);
}

/** Per-layer and pooled diagonal-band shares. */
export function diagonalConcentration(masks: readonly (readonly SparseMask[])[], band: number): {
  perLayer: { layer: number; inBand: number; kept: number; share: number }[];
  pooled: number;
  uniform: number;
} {
  const perLayer = masks.map((layer, l) => {
    const c = layer.map((m) => diagonalBandCounts(m, band)).reduce((a, b) => ({ inBand: a.inBand + b.inBand, kept: a.kept + b.kept }), { inBand: 0, kept: 0 });
    return { layer: l, ...c, share: c.inBand / c.kept };
  });
  const inBand = perLayer.reduce((a, r) => a + r.inBand, 0);
  const kept = perLayer.reduce((a, r) => a + r.kept, 0);
  const m0 = masks[0]![0]!;
  const patches = m0.n - (m0.layout?.special ?? 0);
  return { perLayer, pooled: inBand / kept, uniform: uniformBandShare(patches, band) };
}

/** ViTCoD's "mostly concentrate along the diagonal lines": > 50 % of kept patch→patch entries in the band, above uniform. */
export function diagonalVerdict(d: ReturnType<typeof diagonalConcentration>, band: number, figure: string, wider?: { band: number; pooled: number }): VerdictInput {
  const holds = d.pooled > 0.5 && d.pooled > d.uniform;
  const also = wider ? `; with a band of ±${wider.band} (two patch rows) the share would be ${pct(wider.pooled)} — the stated band, fixed before the count, decides` : "";
  const above = d.perLayer.filter((r) => r.share > 0.5).map((r) => r.layer);
  return {
    id: "vitcod-page-diagonal-concentration",
    status: holds ? "reproduced" : "contradicted",
    kitValue:
      `${pct(d.pooled)} of kept patch→patch entries within |q − k| ≤ ${band} (uniform spread: ${pct(d.uniform)}); ` +
      `per layer ${pct(Math.min(...d.perLayer.map((r) => r.share)))}–${pct(Math.max(...d.perLayer.map((r) => r.share)))}, ${above.length}/${d.perLayer.length} layers above 50 %`,
    reason: holds
      ? `most kept entries lie in the band, ${(d.pooled / d.uniform).toFixed(1)}× the uniform share: the diagonals of the 197×197 map are the 2-D neighbours on the 14×14 grid`
      : `${pct(d.pooled)} of kept entries lie in the band (${(d.pooled / d.uniform).toFixed(1)}× uniform): concentrated along the diagonals, but not "mostly"${also}`,
    evidence: [MASK_FILE],
    figure,
  };
}

/** ViTCoD's polarization into denser and sparser parts: the kit's polarizer against ViTCoD's global-token table. */
export function polarizedVerdict(polarized: PolarizeSummary, referenceG: readonly (readonly number[])[], figure: string): VerdictInput {
  const mismatches = polarized.globalTokens.flatMap((row, l) => row.flatMap((g, h) => (g === referenceG[l]![h] ? [] : [`L${l} h${h}: ${g} vs ${referenceG[l]![h]}`])));
  let denser = 0;
  let heads = 0;
  let minRatio = Infinity;
  for (const layer of polarized.results) {
    for (const r of layer) {
      heads++;
      const n = r.mask.n;
      const g = r.globalTokens;
      const dDense = g > 0 ? r.denseNnz / (g * n) : 0;
      const dSparse = r.sparseNnz / ((n - g) * n);
      if (dDense > dSparse) denser++;
      if (dSparse > 0) minRatio = Math.min(minRatio, dDense / dSparse);
    }
  }
  const holds = mismatches.length === 0 && denser === heads;
  return {
    id: "vitcod-page-polarized-patterns",
    status: holds ? "reproduced" : "contradicted",
    kitValue:
      `G equals ViTCoD's table in ${heads - mismatches.length}/${heads} heads; the dense part is denser than the sparse part in ${denser}/${heads} heads ` +
      `(at least ${minRatio.toFixed(1)}× denser); ${pct(polarized.dense / polarized.kept)} of kept entries in the dense part`,
    reason: holds
      ? "the kit's polarizer reproduces ViTCoD's global-token counts exactly and every head splits into a denser and a sparser part"
      : `mismatches: ${mismatches.join("; ") || "none"}; denser part in ${denser}/${heads} heads`,
    evidence: [MASK_FILE, GLOBAL_TOKENS_FILE],
    figure,
  };
}
