/**
 * Tables a notebook produces: written to `results/<notebook>/<name>.csv` (deterministic, atomic) and shown
 * inline.
 */
import { writeFileAtomic } from "../data/atomic-write.ts";
import { resultsPath } from "../paths.ts";
import { showTable, type TableRow, type TableValue } from "./display.ts";

/** Formats one CSV field (RFC 4180 quoting; numbers as JavaScript prints them, full precision). */
function csvField(value: TableValue): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Renders rows as CSV with the columns of the first row (or `columns`). */
export function toCsv<R extends TableRow<R>>(rowsIn: readonly R[], columns?: readonly string[]): string {
  const rows = rowsIn as unknown as readonly Record<string, TableValue>[];
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const lines = [cols.map(csvField).join(",")];
  for (const row of rows) lines.push(cols.map((c) => csvField(row[c])).join(","));
  return lines.join("\n") + "\n";
}

/**
 * Writes `results/<notebook>/<name>.csv` and shows the table inline with `digits` decimals.
 * Returns nothing, so a notebook cell ending with it prints nothing more; {@link toCsv} gives the text.
 */
export function saveTable<R extends TableRow<R>>(
  notebook: string,
  name: string,
  rows: readonly R[],
  options: { digits?: number; columns?: readonly string[] } = {},
): void {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`saveTable: table name "${name}" must use letters, digits, . _ - only`);
  const csv = toCsv(rows, options.columns);
  writeFileAtomic(resultsPath(notebook, `${name}.csv`), csv);
  showTable(rows, { digits: options.digits ?? 2, ...(options.columns ? { columns: [...options.columns] } : {}) });
}
