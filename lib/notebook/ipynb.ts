/**
 * Jupyter notebook files (nbformat 4): reading with clear errors, and writing in exactly the on-disk form
 * that Python's `nbformat.write` produces (keys sorted, one-space indent, multi-line strings split into
 * lists of lines, a final newline), so executed notebooks diff cleanly and reruns are byte-identical.
 */
import { existsSync } from "node:fs";
import { readRegularFile } from "../data/read-file.ts";
import { UserError } from "../errors.ts";
import { writeFileAtomic } from "../data/atomic-write.ts";

/** A JSON value as stored in a notebook. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Text as nbformat stores it: one string, or a list of lines that concatenate to it. */
export type MultilineText = string | string[];

/** A `stream` output (stdout or stderr text). */
export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineText;
}

/** A `display_data` output (a MIME bundle shown by the cell). */
export interface DisplayDataOutput {
  output_type: "display_data";
  data: Record<string, MultilineText>;
  metadata: JsonObject;
}

/** An `execute_result` output (the value of a cell's last expression, in kernels that send one). */
export interface ExecuteResultOutput {
  output_type: "execute_result";
  data: Record<string, MultilineText>;
  metadata: JsonObject;
  execution_count: number | null;
}

/** An `error` output. */
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

/** One output of a code cell. */
export type CellOutput = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** A code cell. */
export interface CodeCell {
  cell_type: "code";
  source: MultilineText;
  metadata: JsonObject;
  outputs: CellOutput[];
  execution_count: number | null;
  id?: string;
}

/** A Markdown or raw cell (never executed). */
export interface TextCell {
  cell_type: "markdown" | "raw";
  source: MultilineText;
  metadata: JsonObject;
  id?: string;
  attachments?: JsonObject;
}

/** Any notebook cell. */
export type Cell = CodeCell | TextCell;

/** A notebook (nbformat 4). */
export interface Notebook {
  cells: Cell[];
  metadata: JsonObject;
  nbformat: number;
  nbformat_minor: number;
}

/** Joins nbformat text (string or list of lines) into one string. */
export function joinText(text: MultilineText | undefined): string {
  if (text === undefined) return "";
  return typeof text === "string" ? text : text.join("");
}

/** Splits text into lines that keep their line endings, like Python's `str.splitlines(True)`. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  const re = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    lines.push(text.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The tags of a cell (`metadata.tags`), or an empty list. */
export function cellTags(cell: Cell): string[] {
  const tags = cell.metadata["tags"];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/**
 * Parses notebook JSON text. Throws {@link UserError} naming `label` when the text is not JSON or not an
 * nbformat 4 notebook.
 */
export function parseNotebook(text: string, label: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${label}: not a valid notebook (JSON parse error: ${(err as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UserError(`${label}: not a valid notebook (expected a JSON object at the top level)`);
  }
  const nb = raw as Partial<Notebook>;
  if (nb.nbformat !== 4) {
    throw new UserError(`${label}: expected nbformat 4, found ${JSON.stringify(nb.nbformat ?? null)}`);
  }
  if (!Array.isArray(nb.cells)) throw new UserError(`${label}: not a valid notebook (no "cells" list)`);
  nb.cells.forEach((cell, i) => {
    const type = (cell as Partial<Cell>).cell_type;
    if (type !== "code" && type !== "markdown" && type !== "raw") {
      throw new UserError(`${label}: cell ${i + 1} has unknown cell_type ${JSON.stringify(type ?? null)} (expected code, markdown or raw)`);
    }
    if (cell.metadata === undefined) cell.metadata = {};
    if (type === "code") {
      const code = cell as CodeCell;
      if (!Array.isArray(code.outputs)) code.outputs = [];
      if (code.execution_count === undefined) code.execution_count = null;
    }
  });
  return {
    cells: nb.cells,
    metadata: (nb.metadata ?? {}) as JsonObject,
    nbformat: 4,
    nbformat_minor: typeof nb.nbformat_minor === "number" ? nb.nbformat_minor : 5,
  };
}

/** Reads a notebook file. Throws {@link UserError} naming the file when it is missing or invalid. */
export function readNotebook(path: string): Notebook {
  if (!existsSync(path)) throw new UserError(`notebook not found: ${path}`);
  return parseNotebook(new TextDecoder().decode(readRegularFile(path, "notebook")), path);
}

/** Splits every multi-line string field the way `nbformat.v4.rwbase.split_lines` does, on a copy. */
function splitForDisk(nb: Notebook): JsonValue {
  const splitBundle = (bundle: Record<string, MultilineText>): Record<string, MultilineText> => {
    const out: Record<string, MultilineText> = {};
    for (const [key, value] of Object.entries(bundle)) {
      const split = typeof value === "string" && (key.startsWith("text/") || key === "application/javascript" || key === "image/svg+xml");
      out[key] = split ? splitLines(value) : value;
    }
    return out;
  };
  const cells = nb.cells.map((cell): Cell => {
    const source = splitLines(joinText(cell.source));
    if (cell.cell_type !== "code") return { ...cell, source };
    const outputs = cell.outputs.map((o): CellOutput => {
      if (o.output_type === "stream") return { ...o, text: splitLines(joinText(o.text)) };
      if (o.output_type === "display_data" || o.output_type === "execute_result") return { ...o, data: splitBundle(o.data) };
      return o;
    });
    return { ...cell, source, outputs };
  });
  return { ...nb, cells } as unknown as JsonValue;
}

/** JSON text with object keys sorted and a one-space indent, as Python's `json.dumps(sort_keys=True, indent=1)`. */
export function stableJson(value: JsonValue, indent = 1, depth = 0): string {
  const pad = " ".repeat(indent * (depth + 1));
  const end = " ".repeat(indent * depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return "[\n" + value.map((v) => pad + stableJson(v, indent, depth + 1)).join(",\n") + "\n" + end + "]";
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    if (keys.length === 0) return "{}";
    return "{\n" + keys.map((k) => pad + JSON.stringify(k) + ": " + stableJson(value[k]!, indent, depth + 1)).join(",\n") + "\n" + end + "}";
  }
  return JSON.stringify(value);
}

/** Serializes a notebook in nbformat's on-disk form (ends with a newline). */
export function serializeNotebook(nb: Notebook): string {
  return stableJson(splitForDisk(nb)) + "\n";
}

/** Writes a notebook atomically (temporary file + rename): a failure never leaves a half-written file. */
export function writeNotebook(path: string, nb: Notebook): void {
  writeFileAtomic(path, serializeNotebook(nb));
}
