/**
 * Shared, strict validation of command-line values: integer lists, output paths (checked before any work
 * starts), and a closed stdout (`| head`). Every failure is a {@link UserError} with one line naming the
 * input and what was expected.
 */
import { UserError } from "../errors.ts";
import { checkOutputFile, checkOutputFolder, type OutputCheck } from "../data/output-guard.ts";

/**
 * Parses a comma-separated list of names strictly — the one list rule, as for numbers: no empty list or
 * item (`a,,b`, `a,`), no name twice, every name one of `known`; `all` (alone) stands for every known name.
 * @param what the command and flag, e.g. `measure:latency: --models`
 */
export function parseNameList(text: string, what: string, known: readonly string[], options: { all?: boolean } = {}): string[] {
  const expected = `expected a comma-separated list of ${options.all !== false ? "all or " : ""}${known.join(", ")}`;
  if (text.trim() === "") throw new UserError(`${what} got an empty value; ${expected}`);
  const items = text.split(",").map((s) => s.trim());
  const out: string[] = [];
  for (const [i, item] of items.entries()) {
    if (item === "") throw new UserError(`${what} got an empty item at position ${i + 1} in "${text}"; ${expected}`);
    if (item === "all" && options.all !== false) {
      if (items.length > 1) throw new UserError(`${what}: "all" stands alone (it means every one of ${known.join(", ")}), got "${text}"`);
      return [...known];
    }
    if (!known.includes(item)) throw new UserError(`${what}: unknown "${item}"; ${expected}`);
    if (out.includes(item)) throw new UserError(`${what}: ${item} is listed twice in "${text}" (each value once)`);
    out.push(item);
  }
  return out;
}

/** A plain decimal number: optional sign, digits with an optional fraction; no exponent, no hex. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Parses a decimal number strictly, the one number rule of every flag and `--set` value (`0x3`, `1e0`,
 * `3abc`, `''`, ` 3`, `Infinity` are rejected).
 * @throws UserError `<what> expects a decimal number, got "<text>"`
 */
export function parseDecimal(text: string, what: string): number {
  const v = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(v)) throw new UserError(`${what} expects a decimal number, got "${text}" (digits with an optional fraction; no hex, no exponent)`);
  return v;
}

/**
 * Parses a comma-separated list of decimal numbers strictly: each item by {@link parseDecimal}, no empty
 * list or item, no value listed twice.
 */
export function parseDecimalList(text: string, what: string): number[] {
  if (text.trim() === "") throw new UserError(`${what} expects a comma-separated list of decimal numbers, got an empty value`);
  const out: number[] = [];
  for (const [i, raw] of text.split(",").entries()) {
    const item = raw.trim();
    if (item === "") throw new UserError(`${what} expects a comma-separated list of decimal numbers, got an empty item at position ${i + 1} in "${text}"`);
    const v = parseDecimal(item, what);
    if (out.includes(v)) throw new UserError(`${what}: ${item} is listed twice in "${text}" (each value once)`);
    out.push(v);
  }
  return out;
}

/**
 * Parses a comma-separated list of integers strictly: no empty list, no empty item (`3,,9`), no
 * non-integer, each in [min, max] when given, no duplicates.
 */
export function parseIntegerList(text: string, what: string, range: { min?: number; max?: number } = {}): number[] {
  if (text.trim() === "") throw new UserError(`${what} expects a comma-separated list of integers, got an empty value`);
  const items = text.split(",");
  const out: number[] = [];
  for (const [i, raw] of items.entries()) {
    const item = raw.trim();
    if (item === "") throw new UserError(`${what} expects a comma-separated list of integers, got an empty item at position ${i + 1} in "${text}"`);
    if (!/^[+-]?\d+$/.test(item)) throw new UserError(`${what} expects integers, got "${item}" in "${text}"`);
    const v = Number(item);
    if (range.min !== undefined && v < range.min) throw new UserError(`${what}: ${v} is below the minimum ${range.min}`);
    if (range.max !== undefined && v > range.max) throw new UserError(`${what}: ${v} is above the maximum ${range.max}`);
    if (out.includes(v)) throw new UserError(`${what}: ${v} is listed twice in "${text}"`);
    out.push(v);
  }
  return out;
}

/**
 * Checks, before any work starts, that `path` can be used as an output folder and that nothing guarded is
 * written (the one output guard, `lib/data/output-guard.ts`: see {@link checkOutputFolder}).
 * @returns the absolute path
 */
export function checkOutputDir(path: string, what: string, opts: OutputCheck & { files?: readonly string[] } = {}): string {
  return checkOutputFolder(path, what, opts);
}

/**
 * Checks, before any work starts, that `path` can be written as a new or replaced regular file and that it is
 * not a committed file another command owns (the one output guard, `lib/data/output-guard.ts`: see
 * {@link checkOutputFile}).
 * @returns the absolute path
 */
export function checkOutputPath(path: string, what: string, opts: OutputCheck = {}): string {
  return checkOutputFile(path, what, opts);
}
