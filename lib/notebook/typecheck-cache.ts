/**
 * Remembers, across notebook processes, which imported `.ts` files tslab's compiler found free of errors, so
 * that the next notebook importing the same file does not type-check it again.
 *
 * tslab checks every `.ts` file a cell imports (syntax, types and declaration emit) before it runs the cell.
 * For a notebook importing `lib/`, that is 60–70 files and 3–5 s of each notebook's run — the same files,
 * unchanged, in every notebook of a `npm run reproduce` and in every notebook the tests run. A file's
 * diagnostics depend only on its own text, the text of every file it imports (transitively), the files that
 * shape the global scope (TypeScript's `lib.*.d.ts`, `@types/node`, any script or `declare global`), the
 * compiler options and the compiler version. The key of a file is a SHA-256 over exactly those, with file
 * names and paths in the options written relative to the checkout, so that a copy of it elsewhere (a test's
 * throw-away copy of lib/) shares the records; a file is
 * recorded only when its check found nothing, as an empty file named by its key under
 * `scratch/cache/typecheck-clean/`. So an edit to the file or to anything it imports changes the key and the
 * file is checked again; a file with an error is never recorded and fails its cell every time. Deleting the
 * folder is always safe.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { sha256Hex as sha256 } from "../data/sha256.ts";
import { scratchDir } from "../paths.ts";

/** Environment variable: `0` turns the cache off (every imported file is checked in every process). */
export const TYPECHECK_CACHE_ENV = "VITSPARSE_TYPECHECK_CACHE";

/** Where the keys of clean files are recorded. */
export function typecheckCacheDir(): string {
  return scratchDir("cache", "typecheck-clean");
}

/** The parts of a TypeScript source file the cache reads. */
export interface CheckedSourceFile {
  fileName: string;
  text: string;
  /** TypeScript's internal marker of a module (a file with a top-level import or export). */
  externalModuleIndicator?: unknown;
  /** `declare global { … }` and `declare module "x" { … }` augmentations (internal). */
  moduleAugmentations?: readonly unknown[];
  /** Ambient `declare module "x"` names (internal). */
  ambientModuleNames?: readonly string[];
}

/** The parts of a TypeScript program the cache reads. */
export interface CheckedProgram {
  getSourceFiles(): readonly CheckedSourceFile[];
  getSourceFile(fileName: string): CheckedSourceFile | undefined;
  getCompilerOptions(): Record<string, unknown>;
  getCurrentDirectory(): string;
}

/** A TypeScript diagnostic, as far as the cache reads it. */
export interface Diagnostic {
  file?: { fileName: string } | undefined;
}

/** `ts.getPreEmitDiagnosticsOfFiles` (tslab's bundled TypeScript). */
export type PreEmitDiagnosticsOfFiles = (program: CheckedProgram, files: readonly CheckedSourceFile[], token?: unknown) => readonly Diagnostic[];

/** How many imported files this process took from the cache and how many it checked. */
export interface TypecheckCacheStats {
  /** Imported files skipped because an identical file with identical imports was found clean before. */
  hits: number;
  /** Imported files checked (and recorded when clean). */
  misses: number;
}

const stats: TypecheckCacheStats = { hits: 0, misses: 0 };

/** This process's counts so far. */
export function typecheckCacheStats(): TypecheckCacheStats {
  return { ...stats };
}

const textHashes = new WeakMap<CheckedSourceFile, string>();
const globalHashes = new WeakMap<CheckedProgram, string>();

function textHash(file: CheckedSourceFile): string {
  let h = textHashes.get(file);
  if (h === undefined) {
    h = sha256(file.text);
    textHashes.set(file, h);
  }
  return h;
}

/** True for a file that can change the global scope: a script, or a module with global or ambient declarations. */
function shapesGlobalScope(file: CheckedSourceFile): boolean {
  return file.externalModuleIndicator === undefined || (file.moduleAugmentations?.length ?? 0) > 0 || (file.ambientModuleNames?.length ?? 0) > 0;
}

/**
 * A file's name as the key records it, the same wherever the checkout is: relative to the working directory
 * (the repository root), and for a file in a `node_modules` folder, its path from the last `node_modules/` on.
 * TypeScript names a package's files by their real path, so a checkout whose node_modules is a link to
 * another's (a test's throw-away copy of lib/) would otherwise name them `../../other/node_modules/…`. The
 * name only identifies the file: what decides is its text, which the key hashes with it.
 */
function portableFileName(cwd: string, fileName: string): string {
  const at = fileName.lastIndexOf("/node_modules/");
  return at >= 0 ? fileName.slice(at + 1) : relative(cwd, fileName);
}

/**
 * Compiler options as stable JSON (keys sorted; function-valued entries dropped), with the absolute paths
 * tslab sets (`rootDir`, the working directory; `typeRoots`, its node_modules/@types) written relative to
 * the working directory, so that the same checkout elsewhere has the same key.
 */
function optionsJson(options: Record<string, unknown>, cwd: string): string {
  const portable = (v: unknown): unknown => (typeof v === "string" && isAbsolute(v) ? portableFileName(cwd, v) : Array.isArray(v) ? v.map(portable) : v);
  const keys = Object.keys(options).filter((k) => typeof options[k] !== "function").sort();
  return JSON.stringify(keys.map((k) => [k, portable(options[k])]));
}

/** Hash of everything every file's diagnostics share: compiler version, options and the global scope. */
function globalContextHash(program: CheckedProgram, compilerVersion: string): string {
  let h = globalHashes.get(program);
  if (h === undefined) {
    const cwd = program.getCurrentDirectory();
    const parts = [compilerVersion, optionsJson(program.getCompilerOptions(), cwd)];
    for (const f of program.getSourceFiles()) if (shapesGlobalScope(f)) parts.push(`${portableFileName(cwd, f.fileName)}\0${textHash(f)}`);
    h = sha256(parts.sort().join("\n"));
    globalHashes.set(program, h);
  }
  return h;
}

/**
 * The cache key of `file`: the global context plus the portable name ({@link portableFileName}) and text hash
 * of the file and of every file it depends on (`dependencies`, TypeScript's builder's transitive list, which includes it).
 */
export function cacheKey(program: CheckedProgram, compilerVersion: string, dependencies: readonly string[]): string {
  const cwd = program.getCurrentDirectory();
  const parts = [globalContextHash(program, compilerVersion)];
  const named = dependencies.map((name) => {
    const dep = program.getSourceFile(name);
    return `${portableFileName(cwd, name)}\0${dep ? textHash(dep) : "missing"}`;
  });
  return sha256([...parts, ...named.sort()].join("\n"));
}

/** True when the cache is on (`VITSPARSE_TYPECHECK_CACHE` is not `0`). */
export function typecheckCacheEnabled(): boolean {
  return process.env[TYPECHECK_CACHE_ENV] !== "0";
}

function isCached(key: string): boolean {
  return existsSync(join(typecheckCacheDir(), key));
}

function record(key: string): void {
  try {
    mkdirSync(typecheckCacheDir(), { recursive: true });
    writeFileSync(join(typecheckCacheDir(), key), "");
  } catch {
    // A cache that cannot be written only costs time: the file is checked again next time.
  }
}

/**
 * Wraps `ts.getPreEmitDiagnosticsOfFiles` so that imported `.ts` files recorded as clean are not checked
 * again. `dependenciesOf(program, file)` returns the file's transitive dependencies (or `undefined` when
 * unknown: the file is then checked). Files that are not imported `.ts` sources — the cell itself, `.d.ts`
 * and `.js` files — are always checked.
 */
export function withTypecheckCache(
  original: PreEmitDiagnosticsOfFiles,
  compilerVersion: string,
  dependenciesOf: (program: CheckedProgram, file: CheckedSourceFile) => readonly string[] | undefined,
  isCell: (fileName: string) => boolean,
): PreEmitDiagnosticsOfFiles {
  return (program, files, token) => {
    if (!typecheckCacheEnabled()) return original(program, files, token);
    const toCheck: CheckedSourceFile[] = [];
    const toRecord: { file: CheckedSourceFile; key: string }[] = [];
    for (const file of files) {
      const deps = file.fileName.endsWith(".ts") && !file.fileName.endsWith(".d.ts") && !isCell(file.fileName) ? dependenciesOf(program, file) : undefined;
      if (deps === undefined) {
        toCheck.push(file);
        continue;
      }
      const key = cacheKey(program, compilerVersion, deps);
      if (isCached(key)) {
        stats.hits++;
        continue;
      }
      stats.misses++;
      toCheck.push(file);
      toRecord.push({ file, key });
    }
    const diagnostics = original(program, toCheck, token);
    // Diagnostics without a file (compiler options, global) are the same for every file and are not the
    // file's own; tslab does not show them either.
    const withDiagnostics = new Set(diagnostics.flatMap((d) => (d.file ? [d.file.fileName] : [])));
    for (const { file, key } of toRecord) if (!withDiagnostics.has(file.fileName)) record(key);
    return diagnostics;
  };
}
