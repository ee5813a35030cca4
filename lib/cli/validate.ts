/**
 * Shared, strict validation of command-line values: integer lists, output paths (checked before any work
 * starts), and a closed stdout (`| head`). Every failure is a {@link UserError} with one line naming the
 * input and what was expected.
 */
import { accessSync, constants, existsSync, realpathSync, statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { UserError } from "../errors.ts";

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

/** Folders no command writes into (kernel and device pseudo-filesystems). */
const FORBIDDEN_ROOTS = ["/proc", "/sys", "/dev"];

/** Throws when one of `paths` (absolute) lies under /proc, /sys or /dev. */
function checkNotUnderForbiddenRoot(paths: readonly string[], path: string, what: string): void {
  for (const root of FORBIDDEN_ROOTS) {
    for (const p of paths) {
      if (p === root || p.startsWith(root + sep)) throw new UserError(`${what} ${path}: cannot write under ${root} (expected a path on a regular filesystem)`);
    }
  }
}

/** The nearest existing ancestor of an absolute path (the path itself when it exists). */
function nearestExisting(abs: string): string {
  let p = abs;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * Checks, before any work starts, that `path` can be used as an output folder: not empty, not under /proc,
 * /sys or /dev (also through symlinks), an existing writable directory, or a folder that can be created
 * (its nearest existing ancestor is a writable directory, not a file).
 * @returns the absolute path
 */
export function checkOutputDir(path: string, what: string): string {
  if (path.trim() === "") throw new UserError(`${what} expects a folder path, got an empty value`);
  const abs = resolve(path);
  const existing = nearestExisting(abs);
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    // keep the unresolved path
  }
  checkNotUnderForbiddenRoot([abs, real], path, what);
  const st = statSync(existing);
  if (!st.isDirectory()) {
    throw new UserError(existing === abs ? `${what} ${path} is not a folder; expected a folder path` : `${what} ${path}: ${existing} is a file, not a folder`);
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw new UserError(`${what} ${path}: the folder ${existing} is not writable`);
  }
  return abs;
}

/**
 * Checks, before any work starts, that `path` can be written as a new or replaced regular file: not empty,
 * not a directory, not under /proc, /sys or /dev, its parent an existing writable directory.
 * @returns the absolute path
 */
export function checkOutputPath(path: string, what: string): string {
  if (path.trim() === "") throw new UserError(`${what} expects a file path, got an empty value`);
  const abs = resolve(path);
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const parent = dirname(abs);
  checkNotUnderForbiddenRoot([abs, real(parent)], path, what);
  if (existsSync(abs)) {
    const st = statSync(abs);
    if (st.isDirectory()) throw new UserError(`${what} ${path} is a directory; expected a file path`);
    if (!st.isFile()) throw new UserError(`${what} ${path} is not a regular file; expected a file path`);
  }
  // The nearest existing ancestor must be a directory (a path "under a regular file" is rejected).
  const ancestor = nearestExisting(parent);
  if (!statSync(ancestor).isDirectory()) throw new UserError(`${what} ${path}: ${ancestor} is a file, not a directory`);
  if (ancestor !== parent) throw new UserError(`${what} ${path}: the folder ${parent} does not exist (create it first)`);
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    throw new UserError(`${what} ${path}: the folder ${parent} is not writable`);
  }
  return abs;
}

/**
 * Makes a closed stdout (`vitsparse ... | head -1`) end the process quietly with status 0 instead of an
 * EPIPE stack trace. Idempotent.
 */
export function exitQuietlyOnClosedStdout(): void {
  const flagged = process.stdout as NodeJS.WriteStream & { __vitsparseEpipe?: true };
  if (flagged.__vitsparseEpipe) return;
  flagged.__vitsparseEpipe = true;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}
