/**
 * The output guard: the one check every command runs on an output path (`--out`, `--out-dir`, the runner's
 * staging folder) before any work starts. Nothing committed is touched by anything but its owner (see
 * `owners.ts`): `results/` and the tracked notebooks only by a complete default `npm run reproduce`, each
 * committed data file only by its regeneration command, and no other git-tracked file by any command. An
 * output path is also refused when it cannot be written: empty, a directory where a file is expected (or a
 * file where a folder is), under a file, under /proc, /sys or /dev, an existing symbolic link (a loop
 * included: the write would replace the link, not its target), a missing or unwritable folder. Each refusal
 * is a {@link UserError} of one line naming the path, what was expected and, for a guarded path, the
 * command that owns it (exit 2). {@link checkFreeSpace} and {@link checkSameFilesystem} are the preflight of
 * writes that must fit on a disk or be renamed into place ({@link IoError}, exit 1).
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, lstatSync, readlinkSync, realpathSync, statfsSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { IoError, UserError } from "../errors.ts";
import { repoRoot } from "../paths.ts";
import { dataPathOwner, isOwnerCommand, REPRODUCE_OWNER } from "./owners.ts";

/** Options of {@link checkOutputFile} and {@link checkOutputFolder}. */
export interface OutputCheck {
  /**
   * The command asking, as `owners.ts` names it (e.g. `npm run bench`): it may write the files it owns.
   * Without it, no guarded path is accepted.
   */
  command?: string;
  /** The repository whose tracked files are guarded (default: this one). */
  root?: string;
  /** Bytes about to be written: checked against the free space of the target's filesystem. */
  bytes?: number;
}

/** Folders no command writes into (kernel and device pseudo-filesystems). */
const FORBIDDEN_ROOTS = ["/proc", "/sys", "/dev"];

/** The nearest existing ancestor of an absolute path (the path itself when it exists, a dangling link too). */
function nearestExisting(abs: string): string {
  let p = abs;
  while (!lexists(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

function lexists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The absolute path with every existing ancestor's symbolic links resolved (the last part kept as named). */
function realTarget(abs: string): string {
  const parent = dirname(abs);
  const existing = nearestExisting(parent);
  return join(realOr(existing), relative(existing, parent), basename(abs));
}

function checkNotUnderForbiddenRoot(paths: readonly string[], path: string, what: string): void {
  for (const root of FORBIDDEN_ROOTS) {
    for (const p of paths) {
      if (p === root || p.startsWith(root + sep)) throw new UserError(`${what} ${path}: cannot write under ${root} (expected a path on a regular filesystem)`);
    }
  }
}

const trackedCache = new Map<string, Set<string> | null>();

/** The files git tracks in `root` (paths relative to it, with `/`), or null when `root` is not a git work tree. */
function trackedFiles(root: string): Set<string> | null {
  const cached = trackedCache.get(root);
  if (cached !== undefined) return cached;
  let files: Set<string> | null = null;
  const top = spawnSync("git", ["-C", root, "rev-parse", "--show-toplevel"], { encoding: "utf8" });
  if (top.status === 0 && realOr(top.stdout.trim()) === realOr(root)) {
    const ls = spawnSync("git", ["-C", root, "ls-files", "-z"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (ls.status === 0) files = new Set(ls.stdout.split("\0").filter((f) => f !== ""));
  }
  trackedCache.set(root, files);
  return files;
}

/** Without git, the layout's folders and files that are committed (the kit's source). */
const LAYOUT_TRACKED = /^(lib|scripts|test|notebooks|bin|jupyter|\.ci|experiments)\/|^(README\.md|package\.json|package-lock\.json|tsconfig\.json|\.gitignore|\.npmrc)$/;

/**
 * Who owns the path `rel` (relative to the repository root, with `/`): the command or sentence `owners.ts`
 * gives, or null when any command may write it (scratch/ and other git-ignored places, a new file at the
 * repository's top level or in a folder without tracked files).
 */
export function ownerOfRepoPath(rel: string, root: string = repoRoot): string | null {
  if (rel === "" || rel === ".") return "no command (the repository root itself)";
  if (rel === ".git" || rel.startsWith(".git/")) return "git itself (the repository's own folder)";
  if (rel === "results" || rel.startsWith("results/")) return REPRODUCE_OWNER;
  if (rel === "data") return dataPathOwner("");
  if (rel.startsWith("data/")) return dataPathOwner(rel.slice("data/".length));
  const tracked = trackedFiles(root);
  const isTracked = tracked !== null ? tracked.has(rel) : LAYOUT_TRACKED.test(rel);
  if (isTracked) return /^notebooks\/[^/]+\.ipynb$/.test(rel) ? REPRODUCE_OWNER : "nobody but a person (a source file git tracks)";
  if (tracked !== null) {
    const prefix = rel + "/";
    for (const f of tracked) if (f.startsWith(prefix)) return "nobody but a person (a folder of files git tracks)";
    // A new file in a folder of the kit's source (lib/, test/, notebooks/, ...) pollutes it, unless git ignores
    // that place (scratch-like folders such as test/browser/screenshots/).
    const slash = rel.indexOf("/");
    if (slash > 0) {
      const top = rel.slice(0, slash + 1);
      let source = false;
      for (const f of tracked) if (f.startsWith(top)) { source = true; break; }
      if (source && !isIgnored(root, rel)) return `nobody but a person (${top} holds the kit's source files git tracks)`;
    }
  }
  return null;
}

/** Whether git ignores the repository path `rel` (a place for generated files). */
function isIgnored(root: string, rel: string): boolean {
  return spawnSync("git", ["-C", root, "check-ignore", "-q", "--no-index", rel]).status === 0;
}

/** The repository path of `abs` relative to `root` (with `/`), or null when it lies outside. */
function repoRelative(abs: string, root: string): string | null {
  const rel = relative(realOr(root), abs);
  if (rel.startsWith("..") || isAbsolute(rel)) return null;
  return rel.split(sep).join("/");
}

/** Refuses `abs` when it is guarded and `command` does not own it. */
function checkOwner(abs: string, path: string, what: string, opts: OutputCheck): void {
  const root = resolve(opts.root ?? repoRoot);
  const rel = repoRelative(abs, root);
  if (rel === null) return;
  const owner = ownerOfRepoPath(rel, root);
  if (owner === null) return;
  if (opts.command !== undefined && isOwnerCommand(opts.command, owner)) return;
  const who = owner.startsWith("npm run ") ? `is written only by \`${owner.replace(/ \(.*\)$/, "")}\`${owner.includes("(") ? ` ${owner.slice(owner.indexOf("("))}` : ""}` : `is written by ${owner}`;
  throw new UserError(`${what} ${path}: ${rel} ${who}; write to scratch/ or outside the repository instead`);
}

/** Describes an existing symbolic link at `abs`, or null. */
function symlinkProblem(abs: string, path: string, what: string): string | null {
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    return null;
  }
  if (!st.isSymbolicLink()) return null;
  let target = "?";
  try {
    target = readlinkSync(abs);
  } catch {
    // keep "?"
  }
  let loop = false;
  try {
    statSync(abs);
  } catch (err) {
    loop = (err as NodeJS.ErrnoException).code === "ELOOP";
  }
  return `${what} ${path} is a symbolic link${loop ? " loop" : ""} (to ${target}); writing would replace the link, not its target: name a regular file`;
}

/**
 * Checks, before any work starts, that `path` can be written as a new or replaced regular file and that
 * nothing guarded is replaced (see the module comment).
 * @returns the absolute path
 * @throws UserError of one line (exit 2); IoError when `opts.bytes` do not fit on the disk (exit 1)
 */
export function checkOutputFile(path: string, what: string, opts: OutputCheck = {}): string {
  if (path.trim() === "") throw new UserError(`${what} expects a file path, got an empty value`);
  const abs = resolve(path);
  const link = symlinkProblem(abs, path, what);
  if (link !== null) throw new UserError(link);
  const parent = dirname(abs);
  const real = realTarget(abs);
  checkNotUnderForbiddenRoot([abs, real, realOr(parent)], path, what);
  if (existsSync(abs)) {
    const st = statSync(abs);
    if (st.isDirectory()) throw new UserError(`${what} ${path} is a directory; expected a file path`);
    if (!st.isFile()) throw new UserError(`${what} ${path} is not a regular file; expected a file path`);
  }
  // The nearest existing ancestor must be a directory (a path "under a regular file" is rejected).
  const ancestor = nearestExisting(parent);
  if (!statSync(ancestor).isDirectory()) throw new UserError(`${what} ${path}: ${ancestor} is a file, not a directory`);
  checkOwner(real, path, what, opts);
  if (ancestor !== parent) throw new UserError(`${what} ${path}: the folder ${parent} does not exist (create it first)`);
  try {
    accessSync(parent, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${what} ${path}: the folder ${parent} is not writable${code === "EROFS" ? " (read-only filesystem)" : ""}`);
  }
  if (opts.bytes !== undefined) checkFreeSpace(parent, opts.bytes, `${what} ${path}`);
  return abs;
}

/**
 * Checks, before any work starts, that `path` can be used as an output folder: not empty, not under /proc,
 * /sys or /dev (also through symlinks), an existing writable directory or one that can be created (its
 * nearest existing ancestor is a writable directory, not a file), and not guarded: with `files`, each file
 * the command will write there is checked as {@link checkOutputFile} would; without, the folder itself.
 * @returns the absolute path
 */
export function checkOutputFolder(path: string, what: string, opts: OutputCheck & { files?: readonly string[] } = {}): string {
  if (path.trim() === "") throw new UserError(`${what} expects a folder path, got an empty value`);
  const abs = resolve(path);
  const existing = nearestExisting(abs);
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP") throw new UserError(`${what} ${path}: ${existing} is a symbolic link loop; expected a folder`);
    throw new UserError(`${what} ${path}: ${existing} is a broken symbolic link; expected a folder`);
  }
  const realAbs = join(real, relative(existing, abs));
  checkNotUnderForbiddenRoot([abs, real, realAbs], path, what);
  const st = statSync(existing);
  if (!st.isDirectory()) {
    throw new UserError(existing === abs ? `${what} ${path} is not a folder; expected a folder path` : `${what} ${path}: ${existing} is a file, not a folder`);
  }
  if (opts.files !== undefined) for (const f of opts.files) checkOwner(join(realAbs, f), join(path, f), what, opts);
  else checkOwner(realAbs, path, what, opts);
  try {
    accessSync(existing, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${what} ${path}: the folder ${existing} is not writable${code === "EROFS" ? " (read-only filesystem)" : ""}`);
  }
  if (opts.bytes !== undefined) checkFreeSpace(existing, opts.bytes, `${what} ${path}`);
  return abs;
}

/** Free bytes for an unprivileged writer on the filesystem of `path` (its nearest existing ancestor). */
export function freeBytes(path: string): number {
  const s = statfsSync(nearestExisting(resolve(path)));
  return s.bavail * s.bsize;
}

/** Bytes kept free beyond what a write needs (the filesystem's own bookkeeping, other writers). */
export const FREE_SPACE_MARGIN = 16 * 1024 * 1024;

/**
 * Checks that `bytes` (plus {@link FREE_SPACE_MARGIN}) fit on the filesystem of `path` before writing.
 * @throws IoError `<what>: needs N MiB on the filesystem of PATH, M MiB free` (exit 1)
 */
export function checkFreeSpace(path: string, bytes: number, what: string): void {
  const free = freeBytes(path);
  if (bytes + FREE_SPACE_MARGIN > free) {
    const mib = (b: number): string => `${(b / 1024 ** 2).toFixed(1)} MiB`;
    throw new IoError(`${what}: needs ${mib(bytes)} (+${mib(FREE_SPACE_MARGIN)} margin) on the filesystem of ${nearestExisting(resolve(path))}, ${mib(free)} free; nothing was written`);
  }
}

/**
 * Checks that every path (or its nearest existing ancestor) is on the same filesystem as `staging`, so the
 * final renames from the staging folder cannot fail with EXDEV after the work is done.
 * @throws IoError naming the path and both filesystems' devices (exit 1)
 */
export function checkSameFilesystem(staging: string, paths: readonly string[], what: string): void {
  const dev = (p: string): number => statSync(nearestExisting(resolve(p))).dev;
  const stageDev = dev(staging);
  for (const p of paths) {
    if (dev(p) !== stageDev) {
      throw new IoError(`${what}: ${p} is on another filesystem than the staging folder ${staging} (devices ${dev(p)} and ${stageDev}); the outputs could not be moved into place, nothing was run`);
    }
  }
}

/**
 * Checks that a folder the run will replace files in is writable (a read-only `results/` is found before
 * the work, not after).
 * @throws IoError naming the folder (exit 1)
 */
export function checkWritableFolder(path: string, what: string): void {
  const existing = nearestExisting(resolve(path));
  try {
    accessSync(existing, constants.W_OK);
  } catch (err) {
    throw new IoError(`${what}: ${existing} is not writable (${(err as NodeJS.ErrnoException).code === "EROFS" ? "read-only filesystem" : (err as NodeJS.ErrnoException).code ?? "no access"}); nothing was run`);
  }
}
