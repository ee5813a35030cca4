/**
 * Sweeping a registered design over experiment-spec keys: every configuration is the base spec with some keys
 * set (`hardware.pes.rows=4,8,16`, `workload.attention.window.k=3,5,7`, `mapping.mac-lines.pesPerLine=8,10`),
 * resolved and evaluated like `vitsparse run` would. Each axis carries its meaning and unit (the schema's for
 * hardware and workload keys, the design's declared mapping parameters for `mapping.<design>.<key>`). A
 * configuration the design rejects (e.g. hardware that cannot hold the workload) becomes a row with its error.
 */
import { UserError } from "../errors.ts";
import { energyEstimate } from "../cycles/energy.ts";
import type { BaseMapping, CycleModel } from "../cycles/model.ts";
import { cycleModel } from "../cycles/registry.ts";
import { describeDomain, gridPoint, gridSize, inDomain } from "../cycles/sweep.ts";
import { resolveExperiment, resolveWorkload, type ResolvedWorkload } from "./resolve.ts";
import { specKeyDoc, validateSpec, withSpecKey, type ExperimentSpec, type SpecInput } from "./spec.ts";

/** A value a spec key takes in a sweep (a block list may be a list). */
export type SweepValue = number | string | boolean | number[];

/** One swept key with its values, meaning and unit. */
export interface SpecAxis {
  key: string;
  values: SweepValue[];
  meaning: string;
  unit?: string;
}

/** One evaluated configuration. */
export interface SpecSweepRow {
  params: Record<string, SweepValue>;
  /** Outputs (see {@link SWEEP_OUTPUTS}); empty when `error` is set. */
  values: Record<string, number>;
  /** The configuration's workload, in words (absent when `error` is set). */
  workload?: string;
  error?: string;
}

/** The outputs of every configuration, with meaning and unit (the `--json` and CSV columns). */
export const SWEEP_OUTPUTS: readonly { name: string; meaning: string; unit: string }[] = [
  { name: "total", meaning: "cycles of one inference", unit: "cycles" },
  { name: "attentionMatmuls", meaning: "Q×K and S×V of all heads and blocks", unit: "cycles" },
  { name: "projections", meaning: "QKV and output projections", unit: "cycles" },
  { name: "mlp", meaning: "the two MLP layers", unit: "cycles" },
  { name: "nonlinear", meaning: "softmax + GELU + LayerNorm on the nonlinear unit", unit: "cycles" },
  { name: "selector", meaning: "token selectors", unit: "cycles" },
  { name: "exposedDataMovement", meaning: "off-chip transfers not hidden under compute", unit: "cycles" },
  { name: "utilisation", meaning: "useful matmul MACs / (matmul cycles × PEs)", unit: "fraction 0..1" },
  { name: "attentionUtilisation", meaning: "useful attention MACs / (attention cycles × PEs)", unit: "fraction 0..1" },
  { name: "pes", meaning: "processing elements", unit: "PEs" },
  { name: "ms", meaning: "one inference at the clock", unit: "ms" },
  { name: "energyUj", meaning: "energy estimate (Horowitz ISSCC 2014 table), not a measurement", unit: "µJ" },
];

/** Meaning and unit of a spec key: a design's mapping parameter, or the schema's description. */
export function keyDoc(key: string, what: string): { meaning: string; unit?: string } {
  const m = /^mapping\.([^.]+)\.([^.]+)$/.exec(key);
  if (m) {
    const model = cycleModel(m[1]!);
    const p = model.mappingParams[m[2]!];
    if (!p) throw new UserError(`${what}: unknown key ${key} (expected one of: ${Object.keys(model.mappingParams).map((k) => `mapping.${model.id}.${k}`).join(", ")})`);
    return { meaning: p.meaning, ...(p.unit ? { unit: p.unit } : {}) };
  }
  const d = specKeyDoc(key, what);
  if (d.key.startsWith("mapping")) throw new UserError(`${what}: ${key} is not a mapping key (expected mapping.<design>.<key>)`);
  return { meaning: d.meaning, ...(d.unit ? { unit: d.unit } : {}) };
}

/**
 * The axes of a design's sweep: exactly the `--set` axes when any is given (`--set hardware.pes.rows=4,8,16` is a
 * sweep of 3 configurations), else the design's default axes.
 */
export function sweepAxes(model: CycleModel<BaseMapping>, sets: readonly { key: string; values: SweepValue[] }[], what: string): SpecAxis[] {
  const axes: SpecAxis[] = sets.length > 0 ? [] : (model.sweep ?? []).map((a) => ({ key: a.key, values: [...a.values], ...keyDoc(a.key, what) }));
  const seen = new Set<string>();
  for (const s of sets) {
    if (seen.has(s.key)) throw new UserError(`${what}: --set ${s.key}= given twice (put all values of an axis in one --set ${s.key}=v1,v2,...)`);
    seen.add(s.key);
    const doc = keyDoc(s.key, what);
    if (s.values.length === 0) throw new UserError(`${what}: --set ${s.key}= has no values`);
    const texts = s.values.map((v) => JSON.stringify(v));
    const dup = s.values.find((_, i) => texts.indexOf(texts[i]!) !== i);
    if (dup !== undefined) throw new UserError(`${what}: --set ${s.key}: ${String(dup)} is listed twice (each value once)`);
    const i = axes.findIndex((a) => a.key === s.key);
    const axis = { key: s.key, values: [...s.values], ...doc };
    if (i >= 0) axes[i] = axis;
    else axes.push(axis);
  }
  if (axes.length === 0) throw new UserError(`${what}: no keys to sweep (give --set KEY=v1,v2,...)`);
  return axes;
}

/** The i-th configuration of the axes (last axis fastest). */
function point(axes: readonly SpecAxis[], i: number): Record<string, SweepValue> {
  const idx = gridPoint(axes.map((a) => ({ name: a.key, values: a.values.map((_, j) => j) })), i);
  return Object.fromEntries(axes.map((a) => [a.key, a.values[idx[a.key]!]!]));
}

/** Sets every swept key in a copy of the base spec, the design alone in `designs`. */
function configSpec(base: SpecInput, model: CycleModel<BaseMapping>, params: Record<string, SweepValue>, what: string): SpecInput {
  let spec: ExperimentSpec = { ...base.spec, designs: [model.id] };
  for (const [k, v] of Object.entries(params)) spec = withSpecKey(spec, k, v, what);
  return { ...base, spec };
}

/**
 * Checks every value of every axis against the schema before any configuration runs (a value of the wrong type
 * or out of range is an error naming the key, never a row of errors).
 */
export function checkAxisValues(base: SpecInput, model: CycleModel<BaseMapping>, axes: readonly SpecAxis[], what: string): void {
  // A workload value is also resolved alone on the base spec (an even window side, a block outside the model),
  // unless another workload key is swept too (the two may only fit together).
  const workloadAxes = axes.filter((a) => a.key.startsWith("workload."));
  for (const a of axes) {
    for (const v of a.values) {
      const s = configSpec(base, model, { [a.key]: v }, what);
      validateSpec(s.spec, `${what}: --set ${a.key}=${JSON.stringify(v)}`);
      if (workloadAxes.length === 1 && a.key.startsWith("workload.")) {
        try {
          resolveWorkload(s);
        } catch (e) {
          if (e instanceof UserError) throw new UserError(`${e.message.replace(/^[^:]*: /, `${what}: --set ${a.key}=${JSON.stringify(v)}: `)}; no configuration was run`);
          throw e;
        }
      }
      const mk = /^mapping\.([^.]+)\.([^.]+)$/.exec(a.key);
      if (mk) {
        const p = model.mappingParams[mk[2]!];
        if (mk[1] !== model.id) throw new UserError(`${what}: ${a.key} maps another design (this sweep runs ${model.id}: use mapping.${model.id}.<key>)`);
        if (p?.values ? !p.values.includes(String(v)) : typeof v !== "number" || (p?.domain !== undefined && !inDomain(v, p.domain))) {
          throw new UserError(`${what}: --set ${a.key}: got ${JSON.stringify(v)}, expected ${p?.values ? `one of: ${p.values.join(", ")}` : p?.domain ? describeDomain(p.domain) : "a number"}`);
        }
      }
    }
  }
}

/** The number of configurations the axes make (the product of their lengths). */
export function sweepSize(axes: readonly SpecAxis[]): number {
  return gridSize(axes.map((a) => ({ name: a.key, values: a.values.map((_, j) => j) })));
}

/**
 * Evaluates the configurations one at a time, last axis fastest, yielding each row as it is computed (a caller
 * that streams them holds none, and may stop early). Every axis value is checked at the first `next()`, before
 * any configuration runs.
 * @throws UserError when a value is invalid for its key
 */
export function* specSweepRows(base: SpecInput, model: CycleModel<BaseMapping>, axes: readonly SpecAxis[], what: string): Generator<SpecSweepRow, void, undefined> {
  checkAxisValues(base, model, axes, what);
  const total = sweepSize(axes);
  const cache = new Map<string, ResolvedWorkload>();
  for (let i = 0; i < total; i++) {
    const params = point(axes, i);
    let row: SpecSweepRow;
    try {
      const r = resolveExperiment(configSpec(base, model, params, what), cache);
      const d = r.designs[0]!;
      const b = d.model.evaluate(r.arch, r.workload.workload, d.mapping);
      const e = energyEstimate(b, r.arch);
      row = {
        params,
        workload: r.workload.workload.label,
        values: {
          total: b.total, attentionMatmuls: b.attentionMatmuls, projections: b.projections, mlp: b.mlp,
          nonlinear: b.nonlinear.softmax + b.nonlinear.gelu + b.nonlinear.layerNorm, selector: b.selector,
          exposedDataMovement: b.exposedDataMovement, utilisation: b.utilisation, attentionUtilisation: b.attentionUtilisation,
          pes: b.pes, ms: b.ms, energyUj: e.totalUj,
        },
      };
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // The row's error is the design's reason alone; the command's name prefixes the line that reports it.
      row = { params, values: {}, error: e.message.startsWith(`${what}: `) ? e.message.slice(what.length + 2) : e.message };
    }
    yield row;
  }
}

/** The CSV header line (with its newline): the swept keys, the outputs, then `error`. */
export function specSweepCsvHeader(axes: readonly SpecAxis[]): string {
  return [...axes.map((a) => a.key), ...SWEEP_OUTPUTS.map((o) => o.name), "error"].join(",") + "\n";
}

/** One row as a CSV line (with its newline); numbers in shortest round-trip form. */
export function specSweepCsvLine(axes: readonly SpecAxis[], row: SpecSweepRow): string {
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const cells = [
    ...axes.map((a) => { const v = row.params[a.key]; return q(Array.isArray(v) ? JSON.stringify(v) : String(v)); }),
    ...SWEEP_OUTPUTS.map((o) => (row.values[o.name] === undefined ? "" : String(row.values[o.name]))),
    row.error ? q(row.error) : "",
  ];
  return cells.join(",") + "\n";
}

/** Formats rows as CSV: {@link specSweepCsvHeader}, then {@link specSweepCsvLine} of each row. */
export function specSweepCsv(axes: readonly SpecAxis[], rows: readonly SpecSweepRow[]): string {
  return specSweepCsvHeader(axes) + rows.map((r) => specSweepCsvLine(axes, r)).join("");
}
