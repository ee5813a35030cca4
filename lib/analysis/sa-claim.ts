/**
 * Evaluates poster Fig. 1's claim — "the Self-Attention module accounts for over 50% and up to 69% of latency
 * when executed on edge devices" — against per-model self-attention shares from any source.
 */
import type { Claim } from "../claims/ledger.ts";

/** The claim as printed in the poster's introduction. */
export const SA_CLAIM_TEXT =
  "As shown in Fig. 1, the Self-Attention module accounts for over 50% and up to 69% of latency when executed on edge devices.";

/** A self-attention share of one model from one source. */
export interface SaShare {
  model: string;
  saPercent: number;
}

/** Options of {@link evaluateSaClaim}. */
export interface SaClaimOptions {
  /** Prefix of the claim ids, e.g. `fig1-digitized`. */
  idPrefix: string;
  /** Where the shares come from, e.g. `poster Fig. 1 (digitized bar labels)`. */
  sourceLabel: string;
  /** The lower bound the claim states ("over 50%"). */
  lowerPercent: number;
  /** The upper bound the claim states ("up to 69%"). */
  upperPercent: number;
  /** Absolute tolerance in percentage points for the "up to" maximum (reading uncertainty). */
  tolerancePoints: number;
}

function pct(v: number): string {
  return `${Number(v.toFixed(1))} %`;
}

/**
 * One claim per model for the "over X %" part (strictly greater, as printed) and one claim for the "up to Y %"
 * maximum over the models (reproduced when the largest share equals Y within the tolerance).
 */
export function evaluateSaClaim(shares: readonly SaShare[], o: SaClaimOptions): Claim[] {
  const claims: Claim[] = [];
  for (const s of shares) {
    const holds = s.saPercent > o.lowerPercent;
    claims.push({
      id: `${o.idPrefix}-over-${o.lowerPercent}-${s.model.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/-$/, "")}`,
      claim: SA_CLAIM_TEXT,
      source: `poster Fig. 1 / Introduction; data: ${o.sourceLabel}`,
      paperValue: `> ${o.lowerPercent} %`,
      kitValue: `${s.model}: ${pct(s.saPercent)}`,
      tolerance: "strict inequality as printed",
      status: holds ? "reproduced" : "contradicted",
      reason: holds
        ? `self-attention is ${pct(s.saPercent)} of latency (${s.model}), over ${o.lowerPercent} %`
        : `self-attention is ${pct(s.saPercent)} of latency (${s.model}), not over ${o.lowerPercent} %`,
    });
  }
  const max = shares.reduce((m, s) => (s.saPercent > m.saPercent ? s : m), shares[0]!);
  const ok = Math.abs(max.saPercent - o.upperPercent) <= o.tolerancePoints;
  claims.push({
    id: `${o.idPrefix}-up-to-${o.upperPercent}`,
    claim: SA_CLAIM_TEXT,
    source: `poster Fig. 1 / Introduction; data: ${o.sourceLabel}`,
    paperValue: `max ${o.upperPercent} %`,
    kitValue: `max ${pct(max.saPercent)} (${max.model})`,
    tolerance: `±${o.tolerancePoints} percentage points`,
    status: ok ? "reproduced" : "contradicted",
    reason: ok
      ? `the largest self-attention share is ${max.model}'s ${pct(max.saPercent)}`
      : `the largest self-attention share is ${max.model}'s ${pct(max.saPercent)}, not ${o.upperPercent} %`,
  });
  return claims;
}
