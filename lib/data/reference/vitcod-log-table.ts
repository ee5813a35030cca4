/**
 * Long ("one row per printed value") Arrow layout shared by the two ViTCoD simulator logs: every value of the
 * chosen run becomes a row with its layer, head, section, verbatim label, a normalised key, its value and
 * its line number in the raw file, so nothing printed is lost and every value can be traced to its line.
 */
import type { ColumnSpec, DataTable } from "../arrow-table.ts";
import { tableRows } from "../arrow-table.ts";
import { UserError } from "../../errors.ts";
import type { LogRun } from "./vitcod-log.ts";

/** Columns of `vitcod-attention-log.arrow` and `vitcod-ffn-log.arrow`. */
export const VITCOD_LOG_SCHEMA: readonly ColumnSpec[] = [
  { name: "scope", type: "utf8", description: "layer (a per-layer value) or total (a run total)" },
  { name: "layer", type: "int32", description: "encoder layer (block) index; -1 for run totals" },
  { name: "head", type: "int32", description: "attention head the simulator printed (ViTCoD simulates head 0 only); -1 for run totals" },
  { name: "section", type: "int32", description: "0 before the layer's '************' line, 1 after it; -1 for run totals" },
  { name: "label", type: "utf8", description: "the label exactly as printed in the log (typos included)" },
  { name: "key", type: "utf8", description: "normalised name of the quantity used by the kit's readers" },
  { name: "value", type: "float64", description: "the printed number (cycles, except globalTokens: tokens, sparserRegionDensity: fraction)" },
  { name: "line", type: "int32", description: "1-based line number of the value in the raw log file" },
];

/** Maps a (section, label) of a layer value or a total label to its normalised key. */
export interface LogKeyMap {
  layer: Record<string, string>; // `${section}|${label}` → key
  total: Record<string, string>; // label → key
}

/** One row of the long layout. */
export interface LogRow {
  scope: "layer" | "total";
  layer: number;
  head: number;
  section: number;
  label: string;
  key: string;
  value: number;
  line: number;
}

/**
 * Turns a parsed run into rows, naming every value with `keys`.
 * @throws UserError naming the file and line of a label the key map does not know (the log format changed)
 */
export function logRunRows(run: LogRun, keys: LogKeyMap, name: string): LogRow[] {
  const rows: LogRow[] = [];
  for (const l of run.layers) {
    if (l.globalTokens) {
      rows.push({ scope: "layer", layer: l.layer, head: l.head, section: 0, label: "global tokens", key: "globalTokens", value: l.globalTokens.value, line: l.globalTokens.line });
    }
    for (const v of l.values) {
      const key = keys.layer[`${v.section}|${v.label}`];
      if (key === undefined) throw new UserError(`${name}:${v.line}: unknown layer value label "${v.label}" in section ${v.section}`);
      rows.push({ scope: "layer", layer: l.layer, head: l.head, section: v.section, label: v.label, key, value: v.value, line: v.line });
    }
  }
  for (const t of run.totals) {
    const key = keys.total[t.label];
    if (key === undefined) throw new UserError(`${name}:${t.line}: unknown run total label "${t.label}"`);
    rows.push({ scope: "total", layer: -1, head: -1, section: -1, label: t.label, key, value: t.value, line: t.line });
  }
  return rows;
}

/** Column values of rows in {@link VITCOD_LOG_SCHEMA} order. */
export function logRowsToColumns(rows: readonly LogRow[]): DataTable["columns"] {
  return {
    scope: rows.map((r) => r.scope),
    layer: rows.map((r) => r.layer),
    head: rows.map((r) => r.head),
    section: rows.map((r) => r.section),
    label: rows.map((r) => r.label),
    key: rows.map((r) => r.key),
    value: rows.map((r) => r.value),
    line: rows.map((r) => r.line),
  };
}

/** Reads the rows back from a decoded table. */
export function logRowsFromTable(table: DataTable): LogRow[] {
  return tableRows(table).map((r) => ({
    scope: r.scope as "layer" | "total",
    layer: r.layer as number,
    head: r.head as number,
    section: r.section as number,
    label: r.label as string,
    key: r.key as string,
    value: r.value as number,
    line: r.line as number,
  }));
}

/**
 * Pivots the rows to per-layer records and a totals record, checking every expected key is present once.
 * @throws UserError naming the file and the missing or repeated key
 */
export function pivotLogRows<L extends string, T extends string>(
  rows: readonly LogRow[],
  layerKeys: readonly L[],
  totalKeys: readonly T[],
  where: string,
): { layers: ({ layer: number; head: number } & Record<L, number>)[]; totals: Record<T, number> } {
  const byLayer = new Map<number, { head: number; values: Map<string, number> }>();
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (r.scope === "total") {
      if (totals.has(r.key)) throw new UserError(`${where}: run total "${r.key}" appears twice`);
      totals.set(r.key, r.value);
      continue;
    }
    let entry = byLayer.get(r.layer);
    if (!entry) {
      entry = { head: r.head, values: new Map() };
      byLayer.set(r.layer, entry);
    }
    if (entry.values.has(r.key)) throw new UserError(`${where}: layer ${r.layer} has "${r.key}" twice`);
    entry.values.set(r.key, r.value);
  }
  const layers = [...byLayer.keys()].sort((a, b) => a - b).map((layer) => {
    const entry = byLayer.get(layer)!;
    const rec: Record<string, number> = { layer, head: entry.head };
    for (const k of layerKeys) {
      const v = entry.values.get(k);
      if (v === undefined) throw new UserError(`${where}: layer ${layer} lacks "${k}"`);
      rec[k] = v;
    }
    return rec as { layer: number; head: number } & Record<L, number>;
  });
  const tot: Record<string, number> = {};
  for (const k of totalKeys) {
    const v = totals.get(k);
    if (v === undefined) throw new UserError(`${where}: run total "${k}" is missing`);
    tot[k] = v;
  }
  return { layers, totals: tot as Record<T, number> };
}
