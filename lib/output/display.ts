/**
 * Rich output for notebooks: HTML, Markdown, SVG and tables.
 *
 * Inside a tslab kernel (Jupyter, or the headless runner of `npm run reproduce`) each call emits one
 * Jupyter `display_data` message through tslab's own display channel, so the output appears inline and is
 * saved into the executed notebook. In plain Node (a script, a test) the same calls print a text form to
 * stdout instead.
 */
import { createRequire } from "node:module";

/** A Jupyter MIME bundle: content type → content (text, or base64 for binary types). */
export type MimeBundle = Record<string, string>;

/** The shape of the message tslab's display API hands to the kernel (see tslab `dist/public.js`). */
interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, never>;
  transient: Record<string, never>;
}

/** tslab's process-wide hook that a kernel sets while a cell runs (`tslab/dist/jupyter.js`). */
interface TslabJupyterModule {
  lastWriteDisplayData: ((message: DisplayMessage, update: boolean) => void) | null;
}

/** A value in a row of {@link showTable}. */
export type TableValue = number | string | boolean | bigint | null | undefined;

/**
 * A table row: any object whose fields are {@link TableValue}s — a `Record`, an object literal, or a value of an
 * interface type such as `maskStats(m)` (interfaces have no index signature, so `Record<string, TableValue>`
 * alone would reject them).
 */
export type TableRow<R> = { [K in keyof R]: TableValue };

/** Options of {@link showTable}, {@link renderTableHtml} and {@link renderTableText}. */
export interface TableOptions {
  /** Decimal places for non-integer numbers (default 3). Integers are printed in full. */
  digits?: number;
  /** Columns to show, in order (default: the keys of the rows, in first-seen order). */
  columns?: readonly string[];
  /** A caption shown above the table. */
  caption?: string;
}

/**
 * Returns tslab's display hook when the code runs inside a tslab kernel that is executing a cell,
 * else `null`. tslab's executor defines `globalThis.__tslab__`; the hook itself is set per cell.
 */
function kernelDisplayHook(): TslabJupyterModule["lastWriteDisplayData"] {
  if (!("__tslab__" in globalThis)) return null;
  const require = createRequire(import.meta.url);
  const jupyter = require("tslab/dist/jupyter.js") as TslabJupyterModule;
  return jupyter.lastWriteDisplayData;
}

/** True when display calls render inline in a notebook (a tslab kernel is executing a cell). */
export function inNotebook(): boolean {
  return kernelDisplayHook() !== null;
}

/**
 * Displays a MIME bundle inline in the notebook; outside a notebook prints `text` (or the bundle's
 * `text/plain`) to stdout.
 */
export function showBundle(bundle: MimeBundle, text?: string): void {
  const hook = kernelDisplayHook();
  if (hook) {
    hook({ data: sortedBundle(bundle), metadata: {}, transient: {} }, false);
    return;
  }
  const plain = text ?? bundle["text/plain"] ?? "";
  process.stdout.write(plain.endsWith("\n") ? plain : plain + "\n");
}

/** Keys in a fixed order so saved notebooks do not depend on insertion order. */
function sortedBundle(bundle: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const key of Object.keys(bundle).sort()) out[key] = bundle[key]!;
  return out;
}

/**
 * Displays HTML inline. Outside a notebook prints `text` if given, else the HTML with its tags removed.
 * `text`, when given, is also stored as the `text/plain` fallback of the notebook output.
 */
export function showHtml(html: string, text?: string): void {
  const bundle: MimeBundle = { "text/html": html };
  if (text !== undefined) bundle["text/plain"] = text;
  showBundle(bundle, text ?? htmlToText(html));
}

/** Displays Markdown inline; outside a notebook prints the Markdown source. */
export function showMarkdown(markdown: string): void {
  showBundle({ "text/markdown": markdown, "text/plain": markdown });
}

/** Displays an SVG image inline; outside a notebook prints a one-line note with its size. */
export function showSvg(svg: string): void {
  showBundle({ "image/svg+xml": svg }, `[SVG image, ${svg.length} characters]`);
}

/**
 * Displays rows as a table: an HTML table plus a `text/plain` fallback with aligned columns.
 * Outside a notebook prints the text form. Numbers are formatted with `opts.digits` decimals.
 */
export function showTable<R extends TableRow<R>>(rows: readonly R[], opts: TableOptions = {}): void {
  const text = renderTableText(rows, opts);
  showBundle({ "text/html": renderTableHtml(rows, opts), "text/plain": text }, text);
}

/** Formats one table cell: integers in full, other numbers with `digits` decimals, nullish as empty. */
export function formatTableValue(value: TableValue, digits = 3): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
    if (Number.isInteger(value)) return String(value);
    const fixed = value.toFixed(digits);
    return /^-0(\.0*)?$/.test(fixed) ? fixed.slice(1) : fixed;
  }
  return String(value);
}

/** The columns of a table: `opts.columns`, else every key of the rows in first-seen order. */
function tableColumns(rows: readonly Record<string, TableValue>[], opts: TableOptions): string[] {
  if (opts.columns) return [...opts.columns];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** True when every non-empty value of the column is a number (such columns are right-aligned). */
function isNumericColumn(rows: readonly Record<string, TableValue>[], column: string): boolean {
  let any = false;
  for (const row of rows) {
    const v = row[column];
    if (v === null || v === undefined) continue;
    if (typeof v !== "number" && typeof v !== "bigint") return false;
    any = true;
  }
  return any;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Renders rows as an HTML `<table>` (numeric columns right-aligned). */
export function renderTableHtml<R extends TableRow<R>>(rowsIn: readonly R[], opts: TableOptions = {}): string {
  const rows = rowsIn as unknown as readonly Record<string, TableValue>[];
  const columns = tableColumns(rows, opts);
  const numeric = columns.map((c) => isNumericColumn(rows, c));
  const align = (i: number): string => (numeric[i] ? ' style="text-align:right"' : ' style="text-align:left"');
  const lines: string[] = ["<table>"];
  if (opts.caption !== undefined) lines.push(`<caption>${escapeHtml(opts.caption)}</caption>`);
  lines.push("<thead><tr>" + columns.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join("") + "</tr></thead>");
  lines.push("<tbody>");
  for (const row of rows) {
    const cells = columns.map((c, i) => `<td${align(i)}>${escapeHtml(formatTableValue(row[c], opts.digits))}</td>`);
    lines.push("<tr>" + cells.join("") + "</tr>");
  }
  lines.push("</tbody>", "</table>");
  return lines.join("\n");
}

/** Renders rows as plain text with aligned columns, a header and a rule (numeric columns right-aligned). */
export function renderTableText<R extends TableRow<R>>(rowsIn: readonly R[], opts: TableOptions = {}): string {
  const rows = rowsIn as unknown as readonly Record<string, TableValue>[];
  const columns = tableColumns(rows, opts);
  const numeric = columns.map((c) => isNumericColumn(rows, c));
  const body = rows.map((row) => columns.map((c) => formatTableValue(row[c], opts.digits)));
  const widths = columns.map((c, i) => Math.max(c.length, ...body.map((cells) => cells[i]!.length)));
  const pad = (s: string, i: number): string => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: string[]): string => cells.map(pad).join("  ").trimEnd();
  const out: string[] = [];
  if (opts.caption !== undefined) out.push(opts.caption);
  out.push(line(columns), widths.map((w) => "-".repeat(w)).join("  "));
  for (const cells of body) out.push(line(cells));
  return out.join("\n");
}

/** A rough text form of HTML for terminals: tags removed, common entities decoded, blank runs collapsed. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/(p|div|tr|h[1-6]|li|caption|figcaption)>/gi, "\n")
    .replace(/<\/t[dh]>/gi, "\t")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
