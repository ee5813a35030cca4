/**
 * The fields of a command's `--json` object, declared once per command: `--help` prints them (with meaning
 * and unit) and the tests compare every command's actual `--json` output against the same declaration, so a
 * field that is added without a description, or described but no longer printed, fails a test.
 */
import type { ColumnSpec } from "../data/arrow-table.ts";

/** One field of a `--json` object. */
export interface JsonField {
  /** The key as printed. */
  name: string;
  /** One line: what the value is. */
  meaning: string;
  /** Unit of a number (`cycles`, `µs`, `fraction 0..1`, …); omit for names, labels, counts of things named in `meaning`. */
  unit?: string;
  /** The fields of an object value, or of every element of an array of objects (a table's rows). */
  fields?: readonly JsonField[];
  /**
   * The value is an object whose keys are data (category names, sweep parameters): what a key is. Its values are
   * described by `meaning`/`unit`; with `fields` as well, the keys must be exactly those fields' names.
   */
  keys?: string;
  /** The key may be absent (e.g. `error` on a sweep row the model accepted). */
  optional?: boolean;
  /** The value may be `null` instead of the object described by `fields`. */
  nullable?: boolean;
}

/** JSON fields of one row per column of a data-file schema (the file's column descriptions and units). */
export function fieldsFromColumns(schema: readonly ColumnSpec[]): JsonField[] {
  return schema.map((c) => ({ name: c.name, meaning: c.description ?? c.name, ...(c.unit !== undefined ? { unit: c.unit } : {}) }));
}

/** The help section that lists `fields` (appended to a command's `--help`). */
export function formatJsonFields(fields: readonly JsonField[]): string {
  const lines = ["JSON fields (--json prints one object):"];
  const walk = (fs: readonly JsonField[], depth: number, prefix: string): void => {
    for (const f of fs) {
      const shape = f.fields && !f.keys ? (f.nullable ? " (object or null)" : "") : "";
      const keyNote = f.keys ? ` {${f.keys}: …}` : "";
      const label = `${"  ".repeat(depth + 1)}${prefix}${f.name}${keyNote}`;
      const unit = f.unit ? ` [${f.unit}]` : "";
      const opt = f.optional ? " (optional)" : "";
      lines.push(`${label.padEnd(30)} ${f.meaning}${unit}${opt}${shape}`);
      if (f.fields) walk(f.fields, depth + 1, ".");
    }
  };
  walk(fields, 0, "");
  return lines.join("\n");
}

/**
 * Where `value` (a parsed `--json` output) differs from `fields`: keys that are printed but not documented,
 * documented keys that are missing, nested objects and every row of arrays of objects checked the same way.
 * An empty list means the output matches its documentation. `seen` collects the documented paths the value
 * prints (see {@link documentedPaths}), so that several outputs together can be checked to print every field.
 */
export function jsonFieldProblems(value: unknown, fields: readonly JsonField[], seen?: Set<string>, path = ""): string[] {
  const problems: string[] = [];
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [`${path || "(top level)"}: expected an object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`];
  }
  const record = value as Record<string, unknown>;
  const documented = new Map(fields.map((f) => [f.name, f]));
  for (const key of Object.keys(record)) {
    if (!documented.has(key)) problems.push(`${path}${key}: printed but not documented`);
  }
  for (const f of fields) {
    const where = `${path}${f.name}`;
    if (!(f.name in record)) {
      if (!f.optional) problems.push(`${where}: documented but not printed`);
      continue;
    }
    seen?.add(where);
    const v = record[f.name];
    if (f.keys !== undefined) {
      if (v === null || typeof v !== "object" || Array.isArray(v)) problems.push(`${where}: expected an object keyed by ${f.keys}`);
      else if (f.fields) problems.push(...jsonFieldProblems(v, f.fields, seen, `${where}.`));
      continue;
    }
    if (!f.fields) continue;
    if (v === null && f.nullable) continue;
    if (Array.isArray(v)) for (const row of v) problems.push(...jsonFieldProblems(row, f.fields, seen, `${where}.`));
    else problems.push(...jsonFieldProblems(v, f.fields, seen, `${where}.`));
  }
  return [...new Set(problems)];
}

/** Every path `fields` documents, as {@link jsonFieldProblems} records them in `seen` (`rows.design` for the field of every row, `window.k`). */
export function documentedPaths(fields: readonly JsonField[], path = ""): string[] {
  return fields.flatMap((f) => {
    const where = `${path}${f.name}`;
    return f.fields ? [where, ...documentedPaths(f.fields, `${where}.`)] : [where];
  });
}
