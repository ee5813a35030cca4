/**
 * The kit's data layer: column tables stored as Arrow IPC files (the "file" format, readable unchanged by
 * pyarrow, arrow-rs, DuckDB, ...) whose schema metadata carries provenance and whose field metadata carries
 * units. Reading validates the file against a declared schema and fails with a message that names the file,
 * the column, and what was expected vs found.
 */
import { relative } from "node:path";
import { readRegularFile, regularFileProblem } from "./read-file.ts";
import {
  Bool,
  DataType,
  Field,
  Float32,
  Float64,
  Int32,
  makeData,
  makeVector,
  Precision,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Uint8,
  Utf8,
  vectorFromArray,
  type Vector,
} from "apache-arrow";
import { ArrowLayoutError, checkArrowFileLayout } from "./arrow-bounds.ts";
import { writeFileAtomic } from "./atomic-write.ts";
import { dataFileProblem, manifestKey, recordDataFile, recordProblem } from "./manifest.ts";
import { UserError } from "../errors.ts";
import { repoRoot } from "../paths.ts";

/** Largest data file the reader accepts (1 GiB; the kit's largest is a few MB). */
export const MAX_DATA_FILE_BYTES = 1 << 30;

/** How the numbers in a file came to be. */
export type DataKind = "measured" | "derived" | "reported" | "digitized";

/** The kinds accepted in a file's `kind` metadata. */
export const DATA_KINDS: readonly DataKind[] = ["measured", "derived", "reported", "digitized"];

/** Provenance stored in every file's schema metadata. */
export interface Provenance {
  kind: DataKind;
  /** Paper or repository, figure/table/path, commit. */
  source: string;
  license: string;
  /** sha256 of the raw source file, where there is one. */
  sha256?: string;
  /** The command that made the file, e.g. `npm run data:import`. */
  generator: string;
  description: string;
  /** Further key/value facts (machine, versions, reading uncertainty, shape, ...). */
  extra?: Record<string, string>;
}

/** Column types the data layer supports. */
export type ColumnType = "float64" | "float32" | "int32" | "uint8" | "bool" | "utf8";

/** Declared column of a table. */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** Unit stored in the field metadata (`unit`), e.g. `ms`, `%`, `cycles`. */
  unit?: string;
  description?: string;
  /**
   * What NaN means in this (float) column, e.g. `"not reported"`. Without it, NaN is an error; ±Infinity
   * always is.
   */
  nan?: string;
  /** Allowed values, inclusive (`Infinity` for no upper bound). A column with unit `%` defaults to [0, 100]. */
  range?: readonly [number, number];
  /** Text column: the allowed values (an enumeration; `""` only when listed). */
  values?: readonly string[];
  /** Text column: a pattern every value matches (e.g. a comma-separated block list). */
  pattern?: RegExp;
  /** Text column of free text: what it holds (every value non-empty). */
  text?: string;
  /**
   * Float column of values as printed in a source, or rounded so by the command that writes them: at most
   * this many decimals (checked exactly, `Math.round(v·10^N) / 10^N === v`), so a changed value that is no
   * longer a printed number is refused even inside the range.
   */
  decimals?: number;
}

/** A rule every row of a table obeys (a relation between its columns), checked on write and on read. */
export interface RowRule {
  /** The rule in words, e.g. `density = nnz / n²`; a violation names it. */
  rule: string;
  /** The columns it relates (their values are shown when it does not hold). */
  columns: readonly string[];
  /** Whether `row` obeys it. */
  holds: (row: Readonly<Record<string, number | string | boolean>>) => boolean;
}

/** Value rules every table obeys on write and on read (beyond its declared columns). */
export interface TableRules {
  /** Accept a table without rows (default false: an empty data file is an error). */
  allowEmpty?: boolean;
  /** Relations between a row's columns (derived columns, bounds that depend on other columns). */
  rows?: readonly RowRule[];
}

const declaredRules = new WeakMap<readonly ColumnSpec[], TableRules>();

/**
 * Declares the rules of the tables of `schema` once, beside its columns: every read and write with that
 * schema applies them (rules passed to a call replace them). Returns the schema.
 */
export function declareTableRules<S extends readonly ColumnSpec[]>(schema: S, rules: TableRules): S {
  declaredRules.set(schema, rules);
  return schema;
}

/** The rules in force for `schema`: `given`, over those declared with {@link declareTableRules}. */
function effectiveRules(schema: readonly ColumnSpec[], given: TableRules): TableRules {
  const declared = declaredRules.get(schema);
  return declared === undefined ? given : { ...declared, ...given };
}

/**
 * The declared domain of a column in words, or null when it declares none: a numeric column needs a range
 * (or unit `%`), a text column allowed values, a pattern or a free-text description; bool is {true, false}.
 * Every column of every committed data file declares one (checked in test/data/domains.test.ts).
 */
export function columnDomain(spec: ColumnSpec): string | null {
  if (spec.type === "bool") return "true or false";
  if (spec.type === "utf8") {
    if (spec.values !== undefined) return `one of ${spec.values.map((v) => JSON.stringify(v)).join(", ")}`;
    if (spec.pattern !== undefined) return `text matching ${String(spec.pattern)}`;
    if (spec.text !== undefined) return `non-empty text (${spec.text})`;
    return null;
  }
  const range = columnRange(spec);
  if (range === undefined) return null;
  const integer = spec.type === "int32" || spec.type === "uint8" ? "an integer " : "";
  return `${integer}in [${range[0]}, ${range[1]}]${spec.unit ? ` ${spec.unit}` : ""}${spec.nan ? ` or NaN (${spec.nan})` : ""}`;
}

/** The allowed range of a column, if any (see {@link ColumnSpec.range}). */
export function columnRange(spec: ColumnSpec): readonly [number, number] | undefined {
  return spec.range ?? (spec.unit === "%" ? [0, 100] : undefined);
}

/**
 * What a text decoder puts where the bytes are not valid UTF-8. The kit never writes it, so a string holding
 * it is a damaged file (a flipped byte in a text value or in the metadata), even when its manifest entry was
 * updated to match.
 */
const REPLACEMENT_CHARACTER = "\uFFFD";
const NOT_UTF8 = "holds bytes that are not valid UTF-8 (decoded as U+FFFD): the file was damaged";

/** Refuses metadata (schema or column) holding U+FFFD in a key or value (see {@link REPLACEMENT_CHARACTER}). */
function checkMetadataText(meta: ReadonlyMap<string, string>, where: string, what: string): void {
  for (const [k, v] of meta) {
    if (k.includes(REPLACEMENT_CHARACTER) || v.includes(REPLACEMENT_CHARACTER)) {
      throw new DataFileError(`${where}: ${what} ${JSON.stringify(k.length > 40 ? k.slice(0, 40) + "…" : k)} ${NOT_UTF8}`);
    }
  }
}

/**
 * Checks the values of every declared numeric column (finite, or NaN where the spec says what NaN means;
 * inside the column's range) and that the table has rows.
 * @throws DataFileError naming the file, the column and the row.
 */
export function checkTableValues(schema: readonly ColumnSpec[], columns: Record<string, ColumnValues>, where: string, rules: TableRules = {}): void {
  let rows = 0;
  for (const spec of schema) {
    const values = columns[spec.name];
    if (values === undefined) continue;
    rows = Math.max(rows, values.length);
    if (spec.type === "bool") continue;
    if (spec.type === "utf8") {
      const allowed = spec.values === undefined ? null : new Set(spec.values);
      // One closure per column, not per value: a closure per value costs ~0.3 s per notebook under tsx.
      const fail = (i: number, v: string, what: string): never => {
        throw new DataFileError(`${where}: column "${spec.name}" row ${i}: ${JSON.stringify(v.length > 60 ? v.slice(0, 60) + "…" : v)} ${what}`);
      };
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as string;
        if (v.includes(REPLACEMENT_CHARACTER)) fail(i, v, NOT_UTF8);
        if (allowed !== null) {
          if (!allowed.has(v)) fail(i, v, `is not ${columnDomain(spec)}`);
        } else if (spec.pattern !== undefined) {
          if (!spec.pattern.test(v)) fail(i, v, `does not match ${String(spec.pattern)}`);
        } else if (spec.text !== undefined && v.trim() === "") fail(i, v, `is empty, expected ${columnDomain(spec)}`);
      }
      continue;
    }
    const range = columnRange(spec);
    const scale = spec.decimals === undefined ? null : 10 ** spec.decimals;
    const fail = (i: number, what: string): never => {
      throw new DataFileError(`${where}: column "${spec.name}" row ${i}: ${what}`);
    };
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) {
        if (spec.nan === undefined) fail(i, `NaN, expected a finite number${range ? ` in [${range[0]}, ${range[1]}]` : ""}`);
        continue;
      }
      if (!Number.isFinite(v)) fail(i, `${v}, expected a finite number`);
      if (range && (v < range[0] || v > range[1])) fail(i, `${v}${spec.unit ? ` ${spec.unit}` : ""} is outside [${range[0]}, ${range[1]}]`);
      if (scale !== null && Math.round(v * scale) / scale !== v) fail(i, `${v} has more than ${spec.decimals} decimal${spec.decimals === 1 ? "" : "s"}, expected a value as printed (at most ${spec.decimals})`);
    }
  }
  if (rows === 0 && !rules.allowEmpty && schema.length > 0) {
    throw new DataFileError(`${where}: the table has no rows, expected at least one (regenerate it with the command in its provenance)`);
  }
  if (rules.rows !== undefined && rules.rows.length > 0) {
    const names = schema.map((s) => s.name).filter((n) => columns[n] !== undefined);
    for (let i = 0; i < rows; i++) {
      const row: Record<string, number | string | boolean> = {};
      for (const n of names) row[n] = columns[n]![i] as number | string | boolean;
      for (const r of rules.rows) {
        if (!r.holds(row)) throw new DataFileError(`${where}: row ${i}: ${r.rule} does not hold (${r.columns.map((n) => `${n} ${String(row[n])}`).join(", ")})`);
      }
    }
  }
}

/** Whether `a` and `b` agree to a relative tolerance (for derived columns stored as float64). */
export function near(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/** Values of one column. */
export type ColumnValues = ArrayLike<number> | ArrayLike<string> | ArrayLike<boolean>;

/** A column table with its provenance. */
export interface DataTable {
  columns: Record<string, ColumnValues>;
  provenance: Provenance;
}

/** Error raised for a data file that does not match its declared schema. */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataFileError";
  }
}

const RESERVED_KEYS = ["kind", "source", "license", "sha256", "generator", "description"] as const;

function displayPath(path: string): string {
  const rel = relative(repoRoot, path);
  return rel.startsWith("..") ? path : rel;
}

function arrowType(type: ColumnType): DataType {
  switch (type) {
    case "float64":
      return new Float64();
    case "float32":
      return new Float32();
    case "int32":
      return new Int32();
    case "uint8":
      return new Uint8();
    case "bool":
      return new Bool();
    case "utf8":
      return new Utf8();
  }
}

function typeName(type: DataType): string {
  if (DataType.isFloat(type)) {
    if (type.precision === Precision.DOUBLE) return "float64";
    if (type.precision === Precision.SINGLE) return "float32";
    return "float16";
  }
  if (DataType.isInt(type)) return `${type.isSigned ? "int" : "uint"}${type.bitWidth}`;
  if (DataType.isBool(type)) return "bool";
  if (DataType.isUtf8(type)) return "utf8";
  return String(type);
}

function buildVector(spec: ColumnSpec, values: ColumnValues, where: string): Vector {
  const fail = (what: string): never => {
    throw new DataFileError(`${where}: column "${spec.name}" (${spec.type}): ${what}`);
  };
  const n = values.length;
  switch (spec.type) {
    case "float64":
    case "float32": {
      const out = spec.type === "float64" ? new Float64Array(n) : new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v !== "number") fail(`row ${i} holds ${typeof v}, expected a number`);
        out[i] = v as number;
      }
      return makeVector(out);
    }
    case "int32":
    case "uint8": {
      const out = spec.type === "int32" ? new Int32Array(n) : new Uint8Array(n);
      const [lo, hi] = spec.type === "int32" ? [-2147483648, 2147483647] : [0, 255];
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
          fail(`row ${i} holds ${String(v)}, expected an integer in [${lo}, ${hi}]`);
        }
        out[i] = v as number;
      }
      return makeVector(out);
    }
    case "bool": {
      const out: boolean[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v !== "boolean") fail(`row ${i} holds ${String(v)}, expected true or false`);
        out[i] = v as boolean;
      }
      return vectorFromArray(out, new Bool());
    }
    case "utf8": {
      const out: string[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v !== "string") fail(`row ${i} holds ${String(v)}, expected a string`);
        out[i] = v as string;
      }
      return vectorFromArray(out, new Utf8());
    }
  }
}

function provenanceMetadata(p: Provenance, where: string): Map<string, string> {
  if (!DATA_KINDS.includes(p.kind)) {
    throw new DataFileError(`${where}: provenance kind "${String(p.kind)}" is not one of ${DATA_KINDS.join(", ")}`);
  }
  for (const key of ["source", "license", "generator", "description"] as const) {
    if (typeof p[key] !== "string" || p[key].trim() === "") {
      throw new DataFileError(`${where}: provenance "${key}" is missing (every data file states it)`);
    }
  }
  const m = new Map<string, string>();
  m.set("kind", p.kind);
  m.set("source", p.source);
  m.set("license", p.license);
  if (p.sha256 !== undefined) m.set("sha256", p.sha256);
  m.set("generator", p.generator);
  m.set("description", p.description);
  for (const key of Object.keys(p.extra ?? {}).sort()) {
    if ((RESERVED_KEYS as readonly string[]).includes(key)) {
      throw new DataFileError(`${where}: provenance extra key "${key}" clashes with a reserved key`);
    }
    m.set(key, p.extra![key]!);
  }
  checkMetadataText(m, where, "provenance");
  return m;
}

/**
 * Encodes a table as Arrow IPC file bytes. Deterministic: the same table and schema give the same bytes.
 * @throws DataFileError when a column is missing, has the wrong length or holds values of the wrong type.
 */
export function encodeArrowTable(schema: readonly ColumnSpec[], table: DataTable, where = "table", rules: TableRules = {}): Uint8Array {
  rules = effectiveRules(schema, rules);
  const names = schema.map((s) => s.name);
  for (const name of Object.keys(table.columns)) {
    if (!names.includes(name)) {
      throw new DataFileError(`${where}: column "${name}" is not declared in the schema (declared: ${names.join(", ")})`);
    }
  }
  let length = -1;
  const vectors: Vector[] = [];
  const fields: Field[] = [];
  for (const spec of schema) {
    const values = table.columns[spec.name];
    if (values === undefined) throw new DataFileError(`${where}: column "${spec.name}" (${spec.type}) has no values`);
    if (length < 0) length = values.length;
    else if (values.length !== length) {
      throw new DataFileError(`${where}: column "${spec.name}" has ${values.length} rows, expected ${length} like the others`);
    }
    vectors.push(buildVector(spec, values, where));
    const fieldMeta = new Map<string, string>();
    if (spec.unit !== undefined) fieldMeta.set("unit", spec.unit);
    if (spec.description !== undefined) fieldMeta.set("description", spec.description);
    fields.push(new Field(spec.name, arrowType(spec.type), false, fieldMeta));
  }
  checkTableValues(schema, table.columns, where, rules);
  const arrowSchema = new Schema(fields, provenanceMetadata(table.provenance, where));
  const rows = Math.max(length, 0);
  const data = makeData({
    type: new Struct(arrowSchema.fields),
    length: rows,
    nullCount: 0,
    children: vectors.map((v) => v.data[0]!),
  });
  return tableToIPC(new Table([new RecordBatch(arrowSchema, data)]), "file");
}

/**
 * Writes a table to `path` as an Arrow IPC file, atomically (temp file + rename): a failure never leaves a
 * half-written file. Provenance goes to the schema metadata, units to the field metadata. A committed data
 * file (under `data/`) is written only when the provenance's generator is its owner (`owners.ts`).
 * @throws UserError when another command's committed data file would be replaced (nothing written)
 */
export function writeArrowTable(path: string, schema: readonly ColumnSpec[], table: DataTable, rules: TableRules = {}): void {
  const bytes = encodeArrowTable(schema, table, displayPath(path), rules);
  // Only a committed data file's own command writes it (and records it in data/manifest.json): checked
  // before the file is touched.
  const notOwner = recordProblem(path, table.provenance.generator);
  if (notOwner !== null) throw new UserError(notOwner);
  writeFileAtomic(path, bytes);
  recordDataFile(path, bytes, table.provenance.generator);
}

function columnValues(vector: Vector | null, spec: ColumnSpec): ColumnValues {
  if (vector === null) return [];
  switch (spec.type) {
    case "float64":
      return Float64Array.from(vector.toArray() as ArrayLike<number>);
    case "float32":
      return Float32Array.from(vector.toArray() as ArrayLike<number>);
    case "int32":
      return Int32Array.from(vector.toArray() as ArrayLike<number>);
    case "uint8":
      return Uint8Array.from(vector.toArray() as ArrayLike<number>);
    case "bool":
    case "utf8":
      return Array.from(vector.toArray() as ArrayLike<boolean | string>) as boolean[] | string[];
  }
}

/** Reads provenance from Arrow schema metadata, validating the required keys. */
function readProvenance(meta: Map<string, string>, where: string): Provenance {
  const kind = meta.get("kind");
  if (kind === undefined || !(DATA_KINDS as readonly string[]).includes(kind)) {
    throw new DataFileError(`${where}: schema metadata "kind": expected one of ${DATA_KINDS.join(", ")}, found ${kind === undefined ? "nothing" : `"${kind}"`}`);
  }
  const get = (key: string): string => {
    const v = meta.get(key);
    if (v === undefined) throw new DataFileError(`${where}: schema metadata "${key}": expected a value, found nothing`);
    return v;
  };
  const extra: Record<string, string> = {};
  for (const [k, v] of meta) if (!(RESERVED_KEYS as readonly string[]).includes(k)) extra[k] = v;
  const p: Provenance = {
    kind: kind as DataKind,
    source: get("source"),
    license: get("license"),
    generator: get("generator"),
    description: get("description"),
  };
  const sha = meta.get("sha256");
  if (sha !== undefined) p.sha256 = sha;
  if (Object.keys(extra).length > 0) p.extra = extra;
  return p;
}

/**
 * Decodes Arrow IPC bytes and validates them against `schema` (every declared column present with its
 * type and unit; extra columns are allowed and ignored). `where` names the file in errors.
 */
export function decodeArrowTable(bytes: Uint8Array, schema: readonly ColumnSpec[], where: string, rules: TableRules = {}): DataTable {
  rules = effectiveRules(schema, rules);
  let table: Table;
  try {
    // Every stated length is checked against the bytes first, so corrupted files never reach the decoder.
    checkArrowFileLayout(bytes);
    table = tableFromIPC(bytes);
  } catch (err) {
    if (err instanceof ArrowLayoutError) throw new DataFileError(`${where}: not a valid Arrow IPC file (${err.message})`);
    throw new DataFileError(`${where}: not a readable Arrow IPC file (${(err as Error).message})`);
  }
  const provenance = readProvenance(table.schema.metadata, where);
  const damaged = (what: string): never => {
    throw new DataFileError(`${where}: ${what}; regenerate it with \`${provenance.generator}\``);
  };
  try {
    checkMetadataText(table.schema.metadata, where, "schema metadata");
    for (const f of table.schema.fields) {
      if (f.name.includes(REPLACEMENT_CHARACTER)) throw new DataFileError(`${where}: column name ${JSON.stringify(f.name)} ${NOT_UTF8}`);
      checkMetadataText(f.metadata, where, `column "${f.name}" metadata`);
    }
  } catch (err) {
    if (err instanceof DataFileError) damaged(err.message.slice(where.length + 2));
    throw err;
  }
  const found = new Map(table.schema.fields.map((f) => [f.name, f]));
  const columns: Record<string, ColumnValues> = {};
  for (const spec of schema) {
    const field = found.get(spec.name);
    if (!field) {
      throw new DataFileError(
        `${where}: column "${spec.name}": expected ${spec.type}, found no such column (columns: ${[...found.keys()].join(", ")})`,
      );
    }
    const actual = typeName(field.type);
    if (actual !== spec.type) throw new DataFileError(`${where}: column "${spec.name}": expected ${spec.type}, found ${actual}`);
    const unit = field.metadata.get("unit");
    if (spec.unit !== undefined && unit !== spec.unit) {
      throw new DataFileError(`${where}: column "${spec.name}": expected unit "${spec.unit}", found ${unit === undefined ? "no unit" : `"${unit}"`}`);
    }
    const vector = table.getChild(spec.name);
    if (vector !== null && vector.nullCount > 0) {
      throw new DataFileError(`${where}: column "${spec.name}": expected no nulls, found ${vector.nullCount}`);
    }
    columns[spec.name] = columnValues(vector, spec);
  }
  try {
    checkTableValues(schema, columns, where, rules);
  } catch (err) {
    // A value outside its declared domain: name the command that regenerates the file.
    if (err instanceof DataFileError) throw new DataFileError(`${err.message}; regenerate it with \`${provenance.generator}\``);
    throw err;
  }
  return { columns, provenance };
}

/**
 * Reads an Arrow IPC file and validates it against `schema`.
 * @throws DataFileError naming the file, the column, and expected vs found.
 */
export function readArrowTable(path: string, schema: readonly ColumnSpec[], rules: TableRules = {}): DataTable {
  const where = displayPath(path);
  if (regularFileProblem(path)?.endsWith(": no such file")) {
    throw new DataFileError(`${where}: cannot read the file (missing? run the command that makes it)`);
  }
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, "data file", MAX_DATA_FILE_BYTES);
  } catch (err) {
    throw new DataFileError((err as Error).message);
  }
  const problem = dataFileProblem(path, bytes);
  if (problem !== null) throw new DataFileError(problem);
  try {
    return decodeArrowTable(bytes, schema, where, rules);
  } catch (err) {
    if (err instanceof DataFileError && manifestKey(path) !== null && err.message.includes("; regenerate it with `")) {
      throw new DataFileError(`${err.message} or restore it with git checkout -- ${where}`);
    }
    throw err;
  }
}

/** Number of rows of a table (0 for a table without columns). */
export function tableLength(table: DataTable): number {
  const first = Object.values(table.columns)[0];
  return first === undefined ? 0 : first.length;
}

/** The table as an array of row objects (column order preserved). */
export function tableRows(table: DataTable): Record<string, number | string | boolean>[] {
  const names = Object.keys(table.columns);
  const n = tableLength(table);
  const rows: Record<string, number | string | boolean>[] = [];
  for (let i = 0; i < n; i++) {
    const row: Record<string, number | string | boolean> = {};
    for (const name of names) row[name] = table.columns[name]![i] as number | string | boolean;
    rows.push(row);
  }
  return rows;
}

/** Turns row objects into columns for `schema` (the inverse of {@link tableRows}). */
export function rowsToColumns(
  schema: readonly ColumnSpec[],
  rows: readonly Record<string, number | string | boolean>[],
): Record<string, ColumnValues> {
  const columns: Record<string, (number | string | boolean)[]> = {};
  for (const spec of schema) columns[spec.name] = rows.map((r) => r[spec.name] as number | string | boolean);
  return columns as Record<string, ColumnValues>;
}
