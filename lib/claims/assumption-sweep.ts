/**
 * The rule "no verdict from an unstated assumption", as code. When a modelled or estimated kit value rests on
 * an assumption the source does not state (a bit width, DSP packing, a band width, a keep schedule, a clock,
 * toggle rates), the assumption is swept over the range it could take: the verdict is decided only when every
 * value of the range gives the same status; otherwise it is `indeterminate`, and the sweep names the values
 * where the status flips (found on the grid, then refined by bisection for a continuous assumption).
 */
import type { Decided } from "./verdict.ts";

/** One value of the swept assumption and what the verdict is there. */
export interface SweepPoint {
  /** The assumption's value. */
  at: number;
  /** The kit value under it (e.g. the estimated DSP count). */
  value: number;
  status: Decided;
}

/** Where the status changes between two neighbouring values of the assumption. */
export interface Flip {
  from: Decided;
  to: Decided;
  /** The last grid value with `from` and the first with `to`. */
  between: [number, number];
  /** The boundary: refined by bisection for a continuous assumption, else the first value with `to`. */
  at: number;
}

/** A run of neighbouring grid values with the same status. */
export interface StatusRange {
  status: Decided;
  from: number;
  to: number;
}

/** The result of sweeping one assumption. */
export interface AssumptionSweep {
  /** What the assumption is (e.g. "DSP48E1 slices per MAC"). */
  assumption: string;
  unit: string;
  /** The kit's base value of the assumption and the verdict under it. */
  base: SweepPoint;
  points: SweepPoint[];
  ranges: StatusRange[];
  flips: Flip[];
  /** The common status when every swept value agrees, else indeterminate. */
  status: Decided;
}

/** What to sweep. */
export interface SweepSpec {
  assumption: string;
  unit?: string;
  /** The grid of values the assumption could take (sorted ascending here), the range the source leaves open. */
  values: readonly number[];
  /** The kit's base value (evaluated too, even when off the grid). */
  base: number;
  /** The kit value and verdict under one value of the assumption. */
  evaluate: (at: number) => { value: number; status: Decided };
  /** Bisect between grid values to place each flip (a continuous assumption); default false. */
  continuous?: boolean;
  /** Bisection steps for a continuous assumption (default 40). */
  steps?: number;
}

/**
 * Sweeps an assumption the source does not state and finds where the verdict flips.
 * @throws Error for an empty grid or a non-finite grid value.
 */
export function sweepAssumption(spec: SweepSpec): AssumptionSweep {
  if (spec.values.length === 0) throw new Error(`sweepAssumption(${spec.assumption}): no values to sweep`);
  if (spec.values.some((v) => !Number.isFinite(v))) throw new Error(`sweepAssumption(${spec.assumption}): every swept value must be finite`);
  const grid = [...new Set([...spec.values])].sort((a, b) => a - b);
  const points = grid.map((at) => ({ at, ...spec.evaluate(at) }));
  const base = { at: spec.base, ...spec.evaluate(spec.base) };
  const ranges: StatusRange[] = [];
  for (const p of points) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.status === p.status) last.to = p.at;
    else ranges.push({ status: p.status, from: p.at, to: p.at });
  }
  const flips: Flip[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.status === b.status) continue;
    let at = b.at;
    if (spec.continuous === true) {
      let lo = a.at;
      let hi = b.at;
      for (let s = 0; s < (spec.steps ?? 40); s++) {
        const mid = (lo + hi) / 2;
        if (spec.evaluate(mid).status === a.status) lo = mid;
        else hi = mid;
      }
      at = (lo + hi) / 2;
    }
    flips.push({ from: a.status, to: b.status, between: [a.at, b.at], at });
  }
  const statuses = new Set([...points.map((p) => p.status), base.status]);
  const status: Decided = statuses.size === 1 ? base.status : "indeterminate";
  return { assumption: spec.assumption, unit: spec.unit ?? "", base, points, ranges, flips, status };
}

/** The common status of several sweeps of one verdict (one per unstated assumption): indeterminate unless all agree. */
export function sweptStatus(sweeps: readonly AssumptionSweep[]): Decided {
  if (sweeps.length === 0) throw new Error("sweptStatus: no sweeps");
  const first = sweeps[0]!.status;
  return sweeps.every((s) => s.status === first) ? first : "indeterminate";
}

/**
 * One sentence for a ledger row: the assumption, its ranges by status and the flip points, e.g.
 * "DSP48E1 slices per MAC (not stated): contradicted for 0–0.57, reproduced for 0.6–0.73, contradicted for
 * 0.77–4; flips at 0.6 and 0.77; base 1 → contradicted".
 */
export function describeSweep(s: AssumptionSweep, format: (at: number) => string = (x) => `${+x.toPrecision(4)}`): string {
  const u = s.unit === "" ? "" : ` ${s.unit}`;
  const ranges = s.ranges.map((r) => `${r.status} for ${r.from === r.to ? format(r.from) : `${format(r.from)}–${format(r.to)}`}${u}`).join(", ");
  const flips = s.flips.length === 0 ? "no flip in the swept range" : `flips at ${s.flips.map((f) => `${format(f.at)}${u} (${f.from} → ${f.to})`).join(", ")}`;
  return `${s.assumption}, which the source does not state, swept ${format(s.points[0]!.at)}–${format(s.points[s.points.length - 1]!.at)}${u}: ${ranges}; ${flips}; the kit's base ${format(s.base.at)}${u} gives ${s.base.status}`;
}

/** An evenly spaced grid from `from` to `to` inclusive, `count` values. @throws Error for count < 2. */
export function linearGrid(from: number, to: number, count: number): number[] {
  if (!(count >= 2)) throw new Error(`linearGrid: count must be ≥ 2, got ${count}`);
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}

/** A geometric grid from `from` to `to` inclusive (both > 0), `count` values. @throws Error for count < 2 or a non-positive end. */
export function geometricGrid(from: number, to: number, count: number): number[] {
  if (!(from > 0 && to > 0)) throw new Error(`geometricGrid: both ends must be > 0, got ${from} and ${to}`);
  return linearGrid(Math.log(from), Math.log(to), count).map((x) => Math.exp(x));
}
