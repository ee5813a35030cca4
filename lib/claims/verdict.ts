/**
 * Verdict rules that carry uncertainty. A kit value is an interval (rounded labels, digitised readings, a
 * range across a modelling ablation, unknown formats); it is judged against the claim's threshold or target:
 * wholly on the claim's side → reproduced, wholly on the other → contradicted, straddling → indeterminate.
 */

/** A value with the interval its uncertainty allows (lo ≤ value ≤ hi). */
export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

/** A value known exactly. */
export function exact(value: number): Interval {
  return { value, lo: value, hi: value };
}

/** A value ± a half-width. @throws Error for a negative or non-finite half-width. */
export function plusMinus(value: number, halfWidth: number): Interval {
  if (!(halfWidth >= 0) || !Number.isFinite(halfWidth)) throw new Error(`plusMinus: half-width must be a finite number ≥ 0, got ${halfWidth}`);
  return { value, lo: value - halfWidth, hi: value + halfWidth };
}

/**
 * The sum of printed labels each rounded to a step (integer labels: step 1): the true sum lies within
 * ± n·step/2 of the printed sum (worst case).
 */
export function sumOfRounded(labels: readonly number[], step = 1): Interval {
  const value = labels.reduce((a, b) => a + b, 0);
  return plusMinus(value, (labels.length * step) / 2);
}

/** a − b with worst-case interval arithmetic. */
export function difference(a: Interval, b: Interval): Interval {
  return { value: a.value - b.value, lo: a.lo - b.hi, hi: a.hi - b.lo };
}

/** a / b (b > 0) with worst-case interval arithmetic. @throws Error when b's interval reaches 0. */
export function quotient(a: Interval, b: Interval): Interval {
  if (b.lo <= 0) throw new Error(`quotient: the divisor's interval [${b.lo}, ${b.hi}] must be positive`);
  const c = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi];
  return { value: a.value / b.value, lo: Math.min(...c), hi: Math.max(...c) };
}

/** The interval spanned by several values (e.g. one value per assumption set of an ablation). */
export function span(values: readonly number[], value = values[0]!): Interval {
  if (values.length === 0) throw new Error("span: no values");
  return { value, lo: Math.min(...values), hi: Math.max(...values) };
}

/** A verdict decided on evidence from the claim's own setting. */
export type Decided = "reproduced" | "contradicted" | "indeterminate";

/** The relation a claim states between the quantity and a threshold. */
export type Relation = ">" | ">=" | "<" | "<=";

function holds(x: number, relation: Relation, threshold: number): boolean {
  switch (relation) {
    case ">":
      return x > threshold;
    case ">=":
      return x >= threshold;
    case "<":
      return x < threshold;
    case "<=":
      return x <= threshold;
  }
}

/**
 * Judges "quantity <relation> threshold" on an interval: reproduced when every value of the interval
 * satisfies it, contradicted when none does, indeterminate when the interval straddles the threshold.
 */
export function thresholdVerdict(x: Interval, relation: Relation, threshold: number): Decided {
  const lo = holds(x.lo, relation, threshold);
  const hi = holds(x.hi, relation, threshold);
  if (lo && hi) return "reproduced";
  if (!lo && !hi) return "contradicted";
  return "indeterminate";
}

/**
 * Judges "kit equals the paper's value within a relative tolerance" on an interval of kit values (e.g. the
 * range across an assumption ablation): reproduced when the whole interval lies within paper·(1 ± tol),
 * contradicted when it lies wholly outside, indeterminate when it overlaps the band only in part.
 */
export function toleranceVerdict(kit: Interval, paper: number, relativeTolerance: number): Decided {
  const band = Math.abs(paper) * relativeTolerance;
  const lo = paper - band;
  const hi = paper + band;
  if (kit.lo >= lo && kit.hi <= hi) return "reproduced";
  if (kit.hi < lo || kit.lo > hi) return "contradicted";
  return "indeterminate";
}

/**
 * Verdict for a numeric claim known exactly on both sides: reproduced when |kit − paper| ≤ tolerance·|paper|
 * (relative), else contradicted.
 */
export function numericVerdict(paper: number, kit: number, relativeTolerance: number): "reproduced" | "contradicted" {
  return Math.abs(kit - paper) <= relativeTolerance * Math.abs(paper) ? "reproduced" : "contradicted";
}

/** "v (lo–hi)" with the given decimals, or just "v" for an exact value. */
export function formatInterval(x: Interval, digits = 1, unit = ""): string {
  const f = (v: number) => v.toFixed(digits);
  return x.lo === x.hi ? `${f(x.value)}${unit}` : `${f(x.value)}${unit} (${f(x.lo)}–${f(x.hi)}${unit})`;
}

/** One assumption set of a modelling ablation and the value the model gives under it. */
export interface AblationValue {
  /** The assumption set's id (e.g. `base`, `ideal-mac`). */
  id: string;
  value: number;
}

/** A modelled value judged across its assumption ablation. */
export interface AblationVerdict {
  status: Decided;
  /** The base value and the range the ablation spans. */
  interval: Interval;
  /** Assumption sets whose value lies within the paper's band, and those outside it. */
  inside: string[];
  outside: string[];
  /** Whether the base assumption set's value lies within the band. */
  baseInside: boolean;
}

/**
 * The rule for a modelled value whose model rests on assumptions the source does not state: the kit value
 * is the range the documented ablation spans (the base value first), judged with {@link toleranceVerdict}
 * against paper·(1 ± relativeTolerance) — reproduced only when every assumption set lands in the band,
 * contradicted when the whole range misses it, indeterminate when it straddles the band (the outcome then
 * depends on an assumption the source does not fix). Which sets land inside is returned for the reason.
 * @throws Error when `baseId` is not one of the rows.
 */
export function ablationVerdict(rows: readonly AblationValue[], baseId: string, paper: number, relativeTolerance: number): AblationVerdict {
  const base = rows.find((r) => r.id === baseId);
  if (base === undefined) throw new Error(`ablationVerdict: no assumption set "${baseId}" among ${rows.map((r) => r.id).join(", ")}`);
  const interval = span(rows.map((r) => r.value), base.value);
  const inBand = (v: number): boolean => Math.abs(v - paper) <= Math.abs(paper) * relativeTolerance;
  return {
    status: toleranceVerdict(interval, paper, relativeTolerance),
    interval,
    inside: rows.filter((r) => inBand(r.value)).map((r) => r.id),
    outside: rows.filter((r) => !inBand(r.value)).map((r) => r.id),
    baseInside: inBand(base.value),
  };
}

/**
 * Combines verdicts reached on several equally valid readings of a claim's setting (e.g. mask families the
 * claim does not choose between): the common verdict when they agree, indeterminate when they differ.
 * @throws Error for an empty list.
 */
export function agreement(verdicts: readonly Decided[]): Decided {
  if (verdicts.length === 0) throw new Error("agreement: no verdicts");
  return verdicts.every((v) => v === verdicts[0]) ? verdicts[0]! : "indeterminate";
}

/**
 * Judges "kit and paper agree within a factor" (an order-of-magnitude claim: factor 10) on intervals:
 * reproduced when every kit/paper quotient the intervals allow lies within [1/factor, factor], contradicted
 * when none does, indeterminate otherwise.
 * @throws Error for a factor ≤ 1 or a paper interval that reaches 0.
 */
export function factorVerdict(kit: Interval, paper: Interval, factor: number): Decided {
  if (!(factor > 1)) throw new Error(`factorVerdict: factor must be > 1, got ${factor}`);
  const q = quotient(kit, paper);
  if (q.lo >= 1 / factor && q.hi <= factor) return "reproduced";
  if (q.hi < 1 / factor || q.lo > factor) return "contradicted";
  return "indeterminate";
}
