/**
 * Remembers, across notebook processes, what tslab's compiler made of a cell, so that a process whose cells
 * all compiled before never builds a TypeScript program at all.
 *
 * Before it runs a cell, tslab's converter builds a TypeScript program of the cell, the declarations of the
 * earlier cells and everything they import, type-checks it and emits the cell's JavaScript and declarations.
 * Building that program parses `@types/node` and TypeScript's `lib.*.d.ts` (about 2.8 MB) in every notebook
 * process: about 1.2 s of CPU before the first cell, plus the checks of each cell. The tests run the same
 * fixture notebooks dozens of times, and a rerun of `npm run reproduce` compiles the same cells again.
 *
 * What the converter returns depends only on the cell's source, the declarations of the earlier cells, the
 * compiler (tslab's and its TypeScript's versions, the kit's patch of the options) and the text of every file
 * of the program. So a clean conversion — no diagnostics, nothing emitted besides the cell — is recorded
 * under `scratch/cache/cells/`, named by a SHA-256 of the first three, together with the real path and SHA-256 of
 * every file of the program. It is used only when every one of those files still has that SHA-256; an edit
 * of any imported file, of a package's declarations (or of the installed tree, `node_modules/.package-lock.json`)
 * or of the compiler makes the converter compile the cell again, and a cell with an error is never recorded, so
 * it fails every time.
 * The cell and the earlier declarations import by paths relative to the working directory (`./lib/x.ts`) and by
 * package names, so the name also covers where those lead: the real path of each top folder and package
 * they name (a checkout whose `lib/` links to this one's shares the records; a copy of `lib/` does not). A
 * conversion whose text names the working directory is not recorded (it could not serve another checkout).
 * Deleting the folder is always safe.
 *
 * The real converter is created only when a cell is not in the cache (and for completion and inspection in
 * Jupyter), so a fully cached notebook process runs without a TypeScript program.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { sha256Hex as sha256 } from "../data/sha256.ts";
import { scratchDir } from "../paths.ts";

/** Environment variable: `0` turns the cache off (every cell is compiled in every process). */
export const CELL_CACHE_ENV = "VITSPARSE_CELL_CACHE";

/** Version of the record format; records of another version are not read. */
const RECORD_FORMAT = 1;

/** Where the compiled cells are recorded. */
export function cellCacheDir(): string {
  return scratchDir("cache", "cells");
}

/** True when the cache is on (`VITSPARSE_CELL_CACHE` is not `0`). */
export function cellCacheEnabled(): boolean {
  return process.env[CELL_CACHE_ENV] !== "0";
}

/** What tslab's `convert(prevDecl, src)` returns (`tslab/dist/converter.js`). */
export interface ConvertResult {
  output?: string;
  declOutput?: string;
  diagnostics: readonly unknown[];
  hasToplevelAwait?: boolean;
  sideOutputs?: readonly unknown[];
  lastExpressionVar?: string;
}

/** tslab's converter, as far as its executor and kernel use it. */
export interface Converter {
  convert(prevDecl: string, src: string): ConvertResult;
  inspect(prevDecl: string, src: string, position: number): unknown;
  complete(prevDecl: string, src: string, position: number): unknown;
  addModule(name: string, content: string, meta?: unknown): unknown;
  close(): void;
}

/** The files of the program the last conversion built (absolute paths and the text the compiler read). */
export type ProgramFiles = () => readonly { fileName: string; text: string }[] | undefined;

/** How many cells this process took from the cache, compiled, and recorded. */
export interface CellCacheStats {
  hits: number;
  misses: number;
  recorded: number;
  /** Real converters created (0 when every cell came from the cache). */
  compilers: number;
}

const stats: CellCacheStats = { hits: 0, misses: 0, recorded: 0, compilers: 0 };

/** This process's counts so far. */
export function cellCacheStats(): CellCacheStats {
  return { ...stats };
}

/** A recorded conversion. */
interface CellRecord {
  format: number;
  /** Every file of the program, with the SHA-256 of its text. */
  files: [string, string][];
  result: { output: string; declOutput: string; hasToplevelAwait: boolean; lastExpressionVar?: string };
}

/** SHA-256 of each file's text as read now, once per process (a file is not expected to change during a run). */
const fileHashes = new Map<string, string | null>();

function currentHash(path: string): string | null {
  let h = fileHashes.get(path);
  if (h === undefined) {
    try {
      h = sha256(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
    } catch {
      h = null;
    }
    fileHashes.set(path, h);
  }
  return h;
}

/** The real path of each file recorded, once per process (null when it cannot be resolved). */
const realPaths = new Map<string, string | null>();

function realPath(path: string): string | null {
  let real = realPaths.get(path);
  if (real === undefined) {
    try {
      real = realpathSync(path);
    } catch {
      real = null;
    }
    realPaths.set(path, real);
  }
  return real;
}

/** SHA-256 of the text the compiler read for each file (the compiler keeps an unchanged file's text: compared by identity first). */
const programTextHashes = new Map<string, { text: string; hash: string }>();

function programTextHash(fileName: string, text: string): string {
  const known = programTextHashes.get(fileName);
  if (known !== undefined && known.text === text) return known.hash;
  const hash = sha256(text);
  programTextHashes.set(fileName, { text, hash });
  return hash;
}

/** The key of a conversion: the compiler's identity, the converter's options, the earlier declarations, the cell, where their imports lead. */
function recordName(compiler: string, prevDecl: string, src: string, imports: readonly string[]): string {
  return `${sha256(JSON.stringify([RECORD_FORMAT, compiler, prevDecl, src, imports]))}.json`;
}

function realOrMissing(path: string, shownAs: string): string {
  try {
    return realpathSync(path);
  } catch {
    return `missing: ${shownAs}`;
  }
}

/**
 * Where the import specifiers of a cell and of the earlier declarations lead from `cwd`, independently of
 * `cwd` itself: for `./top/…` the real path of `cwd/top`, for `../…` the real path of the target, for a
 * package the real path of the `node_modules/NAME` Node would find first from `cwd` (`node:` modules are
 * the compiler's own declarations). Sorted and without repeats.
 */
export function importTargets(cwd: string, specifiers: readonly string[]): string[] {
  const targets = new Set<string>();
  for (const spec of specifiers) {
    if (spec.startsWith("node:")) continue;
    if (spec === "." || spec === ".." || spec.startsWith("./") || spec.startsWith("../") || isAbsolute(spec)) {
      const abs = resolve(cwd, spec);
      const rel = relative(cwd, abs);
      const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
      const top = inside ? rel.split(sep)[0]! : "";
      targets.add(inside ? realOrMissing(join(cwd, top), top) : realOrMissing(abs, spec));
      continue;
    }
    const parts = spec.split("/");
    const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
    let found = `missing: node_modules/${name}`;
    for (let dir = cwd; ; dir = dirname(dir)) {
      const candidate = join(dir, "node_modules", name);
      if (existsSync(candidate)) {
        found = realOrMissing(candidate, name);
        break;
      }
      if (dirname(dir) === dir) break;
    }
    targets.add(found);
  }
  return [...targets].sort();
}

function readRecord(path: string): CellRecord | null {
  try {
    const record = JSON.parse(readFileSync(path, "utf8")) as CellRecord;
    return record.format === RECORD_FORMAT && Array.isArray(record.files) && typeof record.result?.output === "string" ? record : null;
  } catch {
    return null;
  }
}

/** True when every file the recorded program had is still there with the same text. */
function stillValid(record: CellRecord): boolean {
  return record.files.every(([path, hash]) => isAbsolute(path) && currentHash(path) === hash);
}

/**
 * Wraps the creation of a tslab converter: `convert` answers from the cache when it can and creates the real
 * converter (once) when it cannot; everything else goes to the real converter. `compiler` names the compiler
 * and the converter's options (part of every key); `programFiles` returns the files of the program the real
 * converter's last `convert` built; `importsOf` lists the import specifiers of a text (TypeScript's
 * `preProcessFile`). After `addModule` (a cell defining a module other cells may import) the
 * cache is bypassed for the rest of the session, since later cells then depend on that module's text.
 */
export function cachedConverter(create: () => Converter, compiler: string, programFiles: ProgramFiles, importsOf: (text: string) => string[], cwd = process.cwd()): Converter {
  let real: Converter | null = null;
  let modulesAdded = false;
  const compilerOf = (): Converter => {
    if (real === null) {
      stats.compilers++;
      real = create();
    }
    return real;
  };

  function convert(prevDecl: string, src: string): ConvertResult {
    if (!cellCacheEnabled() || modulesAdded) return compilerOf().convert(prevDecl, src);
    const path = join(cellCacheDir(), recordName(compiler, prevDecl, src, importTargets(cwd, [...importsOf(prevDecl), ...importsOf(src)])));
    const record = existsSync(path) ? readRecord(path) : null;
    if (record !== null && stillValid(record)) {
      stats.hits++;
      const { output, declOutput, hasToplevelAwait, lastExpressionVar } = record.result;
      return { output, declOutput, diagnostics: [], hasToplevelAwait, ...(lastExpressionVar !== undefined ? { lastExpressionVar } : {}) };
    }
    stats.misses++;
    const result = compilerOf().convert(prevDecl, src);
    const files = programFiles();
    if (result.diagnostics.length === 0 && result.sideOutputs === undefined && typeof result.output === "string" && files !== undefined) {
      record_(path, result, files);
    }
    return result;
  }

  function record_(path: string, result: ConvertResult, files: readonly { fileName: string; text: string }[]): void {
    const output = result.output ?? "";
    const declOutput = result.declOutput ?? "";
    if (output.includes(cwd) || declOutput.includes(cwd)) return;
    const entries: [string, string][] = [];
    for (const f of files) {
      const hash = programTextHash(f.fileName, f.text);
      // The compiler read this text; record the file only if the disk still has it (else it changed meanwhile).
      if (!isAbsolute(f.fileName) || currentHash(f.fileName) !== hash) return;
      // By its real path: a checkout whose lib/ links here reads the same file under another name, and the
      // key already says where the imports lead, so the record serves every such checkout (not only one that
      // still exists under the name it had).
      const real = realPath(f.fileName);
      if (real === null) return;
      entries.push([real, hash]);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const record: CellRecord = {
      format: RECORD_FORMAT,
      files: entries,
      result: { output, declOutput, hasToplevelAwait: result.hasToplevelAwait === true, ...(result.lastExpressionVar !== undefined ? { lastExpressionVar: result.lastExpressionVar } : {}) },
    };
    try {
      writeFileAtomic(path, JSON.stringify(record));
      stats.recorded++;
    } catch {
      // A cache that cannot be written only costs time: the cell is compiled again next time.
    }
  }

  return {
    convert,
    inspect: (prevDecl, src, position) => compilerOf().inspect(prevDecl, src, position),
    complete: (prevDecl, src, position) => compilerOf().complete(prevDecl, src, position),
    addModule: (name, content, meta) => {
      modulesAdded = true;
      return compilerOf().addModule(name, content, meta);
    },
    close: () => real?.close(),
  };
}
