/**
 * Design-space sweeps: the cartesian product of parameter lists, evaluated with the cycle models.
 * A configuration the model rejects (e.g. a PE split leaving an engine 0 columns wide) becomes a row with
 * its error message instead of aborting the sweep. Output rows are in grid order (deterministic).
 */
import { UserError } from "../errors.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";

/** A named parameter and the values it takes. */
export interface SweepAxis {
  name: string;
  values: number[];
}

/** The values a swept parameter may take (checked for every value before a sweep runs). */
export interface ParamDomain {
  /** Whole numbers only. */
  integer?: boolean;
  /** Odd integers only (a window side centred on its query). */
  odd?: boolean;
  /** Smallest allowed value (inclusive unless `minExclusive`). */
  min?: number;
  minExclusive?: boolean;
  /** Largest allowed value (inclusive). */
  max?: number;
}

/** A domain in words, e.g. "an odd integer >= 1" or "a number > 0 and <= 1". */
export function describeDomain(d: ParamDomain): string {
  const kind = d.odd ? "an odd integer" : d.integer ? "an integer" : "a number";
  const bounds = [d.min === undefined ? "" : `${d.minExclusive ? ">" : ">="} ${d.min}`, d.max === undefined ? "" : `<= ${d.max}`].filter((b) => b !== "");
  return bounds.length === 0 ? kind : `${kind} ${bounds.join(" and ")}`;
}

/** Whether `v` lies in domain `d`. */
export function inDomain(v: number, d: ParamDomain): boolean {
  if (!Number.isFinite(v)) return false;
  if ((d.integer || d.odd) && !Number.isInteger(v)) return false;
  if (d.odd && Math.abs(v % 2) !== 1) return false;
  if (d.min !== undefined && (d.minExclusive ? v <= d.min : v < d.min)) return false;
  if (d.max !== undefined && v > d.max) return false;
  return true;
}

/** What a model that can be swept provides (in its file under `models/`). */
export interface SweepSpec<P = unknown> {
  /** Parameters the sweep may vary. */
  params: readonly string[];
  /**
   * The values each parameter may take, checked for every value before the sweep runs. A configuration of
   * allowed values the model still rejects (e.g. a PE split the workload leaves 0 columns wide) becomes a
   * row with its error.
   */
  domains: Readonly<Record<string, ParamDomain>>;
  /** The default grid. */
  defaults: readonly SweepAxis[];
  /** Turns the masks (or the model's default workload when omitted) into what `evaluate` reads. */
  prepare(masks?: readonly (readonly SparseMask[])[]): P;
  /** Outputs (cycles, ratios) of one configuration; throws UserError for a configuration it rejects. */
  evaluate(params: Record<string, number>, prepared: P): Record<string, number>;
}

/** A model with a sweep. */
export interface SweepableModel {
  id: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sweep: SweepSpec<any>;
}

/** One evaluated configuration. */
export interface SweepRow {
  params: Record<string, number>;
  /** Model outputs (cycles, ratios) by name; empty when `error` is set. */
  values: Record<string, number>;
  error?: string;
}

/** Number of configurations of a grid. */
export function gridSize(axes: readonly SweepAxis[]): number {
  let n = 1;
  for (const a of axes) n *= a.values.length;
  return n;
}

/** The i-th configuration of a grid (last axis fastest). */
export function gridPoint(axes: readonly SweepAxis[], index: number): Record<string, number> {
  const out: Record<string, number> = {};
  let rest = index;
  for (let k = axes.length - 1; k >= 0; k--) {
    const a = axes[k]!;
    out[a.name] = a.values[rest % a.values.length]!;
    rest = Math.floor(rest / a.values.length);
  }
  const ordered: Record<string, number> = {};
  for (const a of axes) ordered[a.name] = out[a.name]!;
  return ordered;
}

/**
 * Checks axis names against the allowed ones, and every value against its parameter's domain (when
 * `domains` is given), before any configuration runs.
 */
export function validateAxes(axes: readonly SweepAxis[], allowed: readonly string[], model: string, domains?: Readonly<Record<string, ParamDomain>>): void {
  if (axes.length === 0) throw new UserError(`sweep ${model}: no parameters to sweep`);
  for (const a of axes) {
    if (!allowed.includes(a.name)) throw new UserError(`sweep ${model}: unknown parameter "${a.name}" (accepted: ${allowed.join(", ")})`);
    if (a.values.length === 0) throw new UserError(`sweep ${model}: parameter "${a.name}" has no values`);
    for (const v of a.values) if (!Number.isFinite(v)) throw new UserError(`sweep ${model}: parameter "${a.name}" has a non-numeric value`);
    if (new Set(a.values).size !== a.values.length) throw new UserError(`sweep ${model}: parameter "${a.name}" lists a value twice (${a.values.join(",")})`);
    const d = domains?.[a.name];
    const bad = d === undefined ? undefined : a.values.find((v) => !inDomain(v, d));
    if (d !== undefined && bad !== undefined) throw new UserError(`sweep ${model}: ${a.name}=${bad} is not allowed (expected ${describeDomain(d)}); no configuration was run`);
  }
}


/**
 * Runs a sweep of a registered model. `onProgress(done, total)` is called every `progressEvery`
 * configurations and at the end.
 * @param masks per-layer, per-head masks for models that read them (the model's default otherwise)
 */
export function runSweep(
  model: SweepableModel,
  axes: readonly SweepAxis[],
  masks?: readonly (readonly SparseMask[])[],
  onProgress?: (done: number, total: number) => void,
  progressEvery = 100,
): SweepRow[] {
  const spec = model.sweep;
  validateAxes(axes, spec.params, model.id, spec.domains);
  const prepared = spec.prepare(masks);
  const total = gridSize(axes);
  const rows: SweepRow[] = [];
  for (let i = 0; i < total; i++) {
    const params = gridPoint(axes, i);
    try {
      rows.push({ params, values: spec.evaluate(params, prepared) });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      rows.push({ params, values: {}, error: e.message });
    }
    if (onProgress && ((i + 1) % progressEvery === 0 || i + 1 === total)) onProgress(i + 1, total);
  }
  return rows;
}

/** The factor pair r × c = n with r ≤ c closest to square (30 → 5 × 6), the systolic array of equal PEs. */
export function nearSquareFactors(n: number): [number, number] {
  if (!Number.isInteger(n) || n < 1) throw new UserError(`PE count must be a positive integer, got ${n}`);
  let r = Math.floor(Math.sqrt(n));
  while (n % r !== 0) r--;
  return [r, n / r];
}

/** Formats sweep rows as CSV (parameters, then values, then error), numbers in shortest round-trip form. */
export function sweepCsv(rows: readonly SweepRow[]): string {
  const paramNames: string[] = [];
  const valueNames: string[] = [];
  for (const r of rows) {
    for (const k of Object.keys(r.params)) if (!paramNames.includes(k)) paramNames.push(k);
    for (const k of Object.keys(r.values)) if (!valueNames.includes(k)) valueNames.push(k);
  }
  const lines = [[...paramNames, ...valueNames, "error"].join(",")];
  for (const r of rows) {
    const cells = [...paramNames.map((k) => String(r.params[k] ?? "")), ...valueNames.map((k) => (r.values[k] === undefined ? "" : String(r.values[k]))), r.error ? JSON.stringify(r.error) : ""];
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}
