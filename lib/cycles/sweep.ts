/**
 * Design-space sweeps: the cartesian product of parameter lists, evaluated with the cycle models.
 * A configuration the model rejects (e.g. a PE split leaving an engine 0 columns wide) becomes a row with
 * its error message instead of aborting the sweep. Output rows are in grid order (deterministic).
 */
import { UserError } from "../errors.ts";
import { simulateVitcodAttention, VITCOD_DEFAULTS, type VitcodConfig, type VitcodLayerWorkload } from "./vitcod.ts";
import { POSTER_BASE_ASSUMPTIONS, simulatePoster, type PosterAssumptions } from "./poster.ts";

/** A named parameter and the values it takes. */
export interface SweepAxis {
  name: string;
  values: number[];
}

/** One evaluated configuration. */
export interface SweepRow {
  params: Record<string, number>;
  /** Model outputs (cycles, ratios) by name; empty when `error` is set. */
  values: Record<string, number>;
  error?: string;
}

/** Default ViTCoD grid: 8 widths × 5 heights × 5 bandwidths × 5 ratios = 1,000 configurations. */
export const VITCOD_SWEEP_DEFAULT: readonly SweepAxis[] = [
  { name: "peWidth", values: [8, 16, 24, 32, 48, 64, 96, 128] },
  { name: "peHeight", values: [2, 4, 8, 16, 32] },
  { name: "bandwidthGBps", values: [4.8, 9.6, 19.2, 38.4, 76.8] },
  { name: "ratio", values: [0.333, 0.5, 0.667, 0.833, 1] },
];

/** Default poster grid: 10 PE counts × 5 window sides × 4 MAC latencies × 5 fills = 1,000 configurations. */
export const POSTER_SWEEP_DEFAULT: readonly SweepAxis[] = [
  { name: "pesPerLine", values: [4, 6, 8, 10, 12, 14, 16, 20, 26, 50] },
  { name: "k", values: [3, 5, 7, 9, 11] },
  { name: "macLatency", values: [0, 1, 2, 3] },
  { name: "fillPerQuery", values: [0, 1, 3, 5, 9] },
];

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

/** Checks axis names against the allowed ones and values for emptiness. */
export function validateAxes(axes: readonly SweepAxis[], allowed: readonly string[], model: string): void {
  if (axes.length === 0) throw new UserError(`sweep ${model}: no parameters to sweep`);
  for (const a of axes) {
    if (!allowed.includes(a.name)) throw new UserError(`sweep ${model}: unknown parameter "${a.name}" (accepted: ${allowed.join(", ")})`);
    if (a.values.length === 0) throw new UserError(`sweep ${model}: parameter "${a.name}" has no values`);
    for (const v of a.values) if (!Number.isFinite(v)) throw new UserError(`sweep ${model}: parameter "${a.name}" has a non-numeric value`);
  }
}

/** Parameters a ViTCoD sweep may vary. */
export const VITCOD_SWEEP_PARAMS = ["peWidth", "peHeight", "bandwidthGBps", "ratio", "featureDim", "clockHz"] as const;
/** Parameters a poster sweep may vary. */
export const POSTER_SWEEP_PARAMS = ["pesPerLine", "k", "macLatency", "fillPerQuery", "heads", "featureDim"] as const;

/**
 * Runs a sweep. `onProgress(done, total)` is called every `progressEvery` configurations and at the end.
 * @param workload per-layer {G, S} for the ViTCoD model (ignored by the poster model)
 */
export function runSweep(
  model: "vitcod" | "poster",
  axes: readonly SweepAxis[],
  workload: readonly VitcodLayerWorkload[] = [],
  onProgress?: (done: number, total: number) => void,
  progressEvery = 100,
): SweepRow[] {
  validateAxes(axes, model === "vitcod" ? VITCOD_SWEEP_PARAMS : POSTER_SWEEP_PARAMS, model);
  if (model === "vitcod" && workload.length === 0) throw new UserError("sweep vitcod: the workload has no layers");
  const total = gridSize(axes);
  const rows: SweepRow[] = [];
  for (let i = 0; i < total; i++) {
    const params = gridPoint(axes, i);
    try {
      if (model === "vitcod") {
        const cfg: VitcodConfig = { ...VITCOD_DEFAULTS, ...params };
        const r = simulateVitcodAttention(workload, cfg);
        rows.push({ params, values: { preload: r.preload, processing: r.processing, computation: r.computation, total: r.total, boundByBandwidth: r.preload >= r.processing + r.computation ? 1 : 0 } });
      } else {
        const { k, ...rest } = params;
        const a: PosterAssumptions = { ...POSTER_BASE_ASSUMPTIONS, ...rest };
        if (rest.pesPerLine !== undefined || rest.heads !== undefined) {
          const [r, c] = nearSquareFactors(a.heads * a.pesPerLine);
          a.systolicRows = r;
          a.systolicCols = c;
        }
        const r = simulatePoster(a, k ?? 3);
        rows.push({
          params,
          values: {
            qkSystolicFull: r.qk.systolicFull, qkLinesFull: r.qk.linesFull, qkLinesWindow: r.qk.linesWindow,
            svSystolicFull: r.sv.systolicFull, svLinesFull: r.sv.linesFull, svLinesWindow: r.sv.linesWindow,
            ...r.ratios,
          },
        });
      }
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
