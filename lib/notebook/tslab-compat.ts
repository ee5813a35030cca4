/**
 * Loads tslab's own executor and converter (pinned tslab 1.0.22, bundled TypeScript 5.0) with two
 * compiler options added: `allowImportingTsExtensions`, and `types: ["node"]` (as in the repository's
 * tsconfig.json: only @types/node is global; other @types packages are not pulled in, ~1 s less per
 * notebook). The kit's convention is that relative imports carry
 * the `.ts` extension (`import { repoRoot } from "./lib/paths.ts"`), which tslab's fixed compiler options
 * reject (TS5097). tslab passes a literal options object to `ts.createWatchCompilerHost` and the
 * TypeScript namespace is frozen (getter-only exports), so the options are added by swapping the cached
 * module's `exports` for a copy whose `createWatchCompilerHost` adds it, when the kit loads the compiler
 * ({@link bundledTypeScript}). `loadTslab` must run before anything loads `tslab/dist/converter.js` in this
 * process; both the headless runner and the Jupyter kernel call it. It loads no compiler itself: a process
 * whose cells all come from the cell cache never does (see {@link loadTslab}).
 * Three behaviours are patched as well: the converter emits only the cell (below), it builds one program per
 * cell instead of two ({@link ONE_PROGRAM_PER_CELL}), and the imported `.ts` files are type-checked once per
 * content across processes (`./typecheck-cache.ts`). The bundled TypeScript
 * itself loads through V8's code cache (`./code-cache.ts`), and what the converter makes of a cell is kept
 * across processes (`./cell-cache.ts`): a process whose cells all compiled before builds no program.
 *
 * At run time, an import of `./lib/x.ts` from a cell is not served from tslab's own compiled copy (that
 * is keyed by `.js` names) but by Node's `require`, which tsx handles: the process must be started with
 * `node --import tsx` or `--require tsx/cjs` (`./child-entry.ts`). ESM-only packages (`@observablehq/plot`) load through Node's `require(esm)`
 * (Node ≥ 20.19).
 */
import Module, { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { sha256Hex } from "../data/sha256.ts";
import { cachedConverter, type Converter } from "./cell-cache.ts";
import { requireWithCodeCache } from "./code-cache.ts";
import { memoizedByText } from "./text-memo.ts";
import { withTypecheckCache, type CheckedProgram, type CheckedSourceFile, type Diagnostic, type PreEmitDiagnosticsOfFiles } from "./typecheck-cache.ts";

/** tslab's compiled `createConverter` options. */
export interface ConverterOptions {
  isJS: boolean;
  isBrowser: boolean;
}

/** The subset of tslab's converter used by its executor. */
export interface TslabConverter {
  close(): void;
}

/** The console tslab's executor prints diagnostics, errors and the last expression value to. */
export interface ExecutorConsole {
  log: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
}

/** tslab's executor (`tslab/dist/executor.js`). */
export interface TslabExecutor {
  /** Runs one cell; resolves `false` when it failed (after printing the reason to the console). */
  execute(src: string): Promise<boolean>;
  interrupt(): void;
  close(): void;
}

/** The converter set tslab's executor expects. */
export interface ConverterSet {
  readonly node: TslabConverter;
  readonly browser: TslabConverter;
  close(): void;
}

/** The message tslab's display API sends (`tslab/dist/public.js`). */
export interface TslabDisplayMessage {
  data: Record<string, string>;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

/** tslab's process-wide display hook module (`tslab/dist/jupyter.js`). */
export interface TslabJupyterModule {
  lastWriteDisplayData: ((message: TslabDisplayMessage, update: boolean) => void) | null;
}

/** A message of tslab's Jupyter wire layer (`ZmqMessage` in `tslab/dist/jupyter.js`). */
export interface TslabZmqMessage {
  header: Record<string, unknown>;
  content: Record<string, unknown>;
  createReply(): TslabZmqMessage;
  signAndSend(key: string, socket: unknown): void;
}

/** tslab's kernel message handler class (`JupyterHandlerImpl`). */
export interface TslabHandlerClass {
  prototype: {
    execCount: number;
    /** The handler's executor (set by its constructor). */
    executor: TslabExecutor;
    /** Runs one execute request's code through `this.executor` (throws its execution count on failure). */
    handleExecuteImpl(req: unknown, writeStream: unknown, writeDisplayData: unknown): Promise<unknown>;
    handleKernel(this: { isJs: boolean }): { language_info: Record<string, unknown> };
    handleExecute(
      req: unknown,
      writeStream: (name: string, text: string) => void,
      writeDisplayData: (message: TslabDisplayMessage, update: boolean) => void,
    ): Promise<unknown>;
  };
}

/** tslab's ZeroMQ server class (`ZmqServer`). */
export interface TslabServerClass {
  prototype: {
    handler: { execCount: number };
    connInfo: { key: string };
    iopub: unknown;
    handleExecute(sock: unknown, msg: TslabZmqMessage): Promise<void>;
  };
}

/** tslab's process-wide display hook module plus its kernel classes (`tslab/dist/jupyter.js`). */
export interface TslabJupyterModuleWithClasses extends TslabJupyterModule {
  JupyterHandlerImpl: TslabHandlerClass;
  ZmqServer: TslabServerClass;
}

/** What tslab reads from a cell's leading `//%` comments (`tslab/dist/metadata.js`). */
export interface CodeMetadata {
  /** `//%module NAME`: the cell defines a module other cells import. */
  module?: string;
  /** `//%browser`: the cell runs in the browser, not in the kernel. */
  mode?: string;
}

/** The pieces of tslab the kit uses. */
export interface TslabModules {
  createConverter(options: ConverterOptions): TslabConverter;
  getCodeMetadata(src: string): CodeMetadata;
  createExecutor(rootDir: string, convs: ConverterSet, console: ExecutorConsole): TslabExecutor;
  jupyter: TslabJupyterModuleWithClasses;
  startKernel(options: { configPath: string; enableFindLocal: boolean }): void;
}

/** The few TypeScript compiler calls used to rewrite cell sources (tslab's bundled TypeScript 5.0). */
interface MiniTs {
  createSourceFile(name: string, text: string, target: number, setParents: boolean, kind: number): MiniNode;
  ScriptTarget: { Latest: number };
  ScriptKind: { TS: number };
  SyntaxKind: { ShorthandPropertyAssignment: number };
  forEachChild(node: MiniNode, visit: (child: MiniNode) => void): void;
}
interface MiniNode {
  kind: number;
  name?: MiniNode & { end: number; escapedText?: string; text?: string };
}

/**
 * Rewrites object-literal shorthand properties `{ x }` to `{ x: x }` in a cell's source. Semantically
 * identical, and it works around a tslab 1.0.22 bug: a shorthand property naming a variable declared in an
 * EARLIER cell is not rewritten to tslab's cross-cell storage, so `{ x }` throws "ReferenceError: x is not
 * defined". Both the headless runner and the Jupyter kernel apply it before execution.
 */
export function expandShorthandProperties(source: string): string {
  const ts = bundledTypeScript() as unknown as MiniTs;
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: MiniNode): void => {
    if (node.kind === ts.SyntaxKind.ShorthandPropertyAssignment && node.name) {
      const name = node.name.escapedText ?? node.name.text ?? "";
      if (name !== "") inserts.push({ at: node.name.end, text: `: ${name}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = source;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

/** Version of {@link expandShorthandProperties}'s rewrite, part of its remembered answers' identity: raise it with every change there. */
const SHORTHAND_REWRITE = 1;

/**
 * {@link expandShorthandProperties}, its answers remembered across processes (`./text-memo.ts`): a cell
 * expanded before is not parsed again, and the compiler is not loaded for it.
 */
export function expandShorthandPropertiesOnce(source: string): string {
  expandRemembered ??= memoizedByText("expandShorthandProperties", `rewrite ${SHORTHAND_REWRITE}; typescript ${tslabFiles().typescriptVersion}`, expandShorthandProperties);
  return expandRemembered(source);
}
let expandRemembered: ((source: string) => string) | undefined;

/** Where tslab and its bundled TypeScript are, and their versions (read from their package.json files, without loading either). */
interface TslabFiles {
  tslabRequire: NodeJS.Require;
  typescriptPath: string;
  typescriptVersion: string;
  tslabVersion: string;
}
let files: TslabFiles | undefined;

function tslabFiles(): TslabFiles {
  if (files === undefined) {
    const tslabRequire = createRequire(createRequire(import.meta.url).resolve("tslab/package.json"));
    files = {
      tslabRequire,
      typescriptPath: tslabRequire.resolve("@tslab/typescript-for-tslab"),
      typescriptVersion: String((tslabRequire("@tslab/typescript-for-tslab/package.json") as { version: unknown }).version),
      tslabVersion: String((tslabRequire("./package.json") as { version: unknown }).version),
    };
  }
  return files;
}

/**
 * tslab's bundled TypeScript, patched (below): loaded through V8's code cache on the first call, so that a
 * process which never needs the compiler (every cell from the cell cache) never loads it.
 */
export function bundledTypeScript(): Record<string, unknown> {
  const { tslabRequire, typescriptPath } = tslabFiles();
  patchBundledTypeScript(tslabRequire);
  return tslabRequire(typescriptPath) as Record<string, unknown>;
}

/**
 * Puts a stand-in for tslab's CommonJS module at `path` into the require cache: `own` are the stand-in's own
 * exports, and each of `forwarded` reads the real module's export of that name. The real module is loaded by
 * `load` on the first such read or call of the returned function (which gives the real module's exports), after
 * the stand-in has left the require cache (so `load` may `require` the path itself). A module already loaded
 * gets no stand-in: `load` runs at once.
 */
function standIn(path: string, own: Record<string, unknown>, forwarded: readonly string[], load: () => Record<string, unknown>): () => Record<string, unknown> {
  const { tslabRequire } = tslabFiles();
  if (tslabRequire.cache[path] !== undefined) {
    const already = load();
    return () => already;
  }
  let loaded: Record<string, unknown> | undefined;
  const real = (): Record<string, unknown> => {
    if (loaded === undefined) {
      if (tslabRequire.cache[path] === mod) delete tslabRequire.cache[path];
      loaded = load();
    }
    return loaded;
  };
  const exports: Record<string, unknown> = { ...own };
  Object.defineProperty(exports, "__esModule", { value: true });
  for (const name of forwarded) Object.defineProperty(exports, name, { enumerable: true, get: () => real()[name] });
  const mod = loadedModule(path, exports);
  tslabRequire.cache[path] = mod;
  return real;
}

/** A CommonJS module object for `path`, loaded, with `exports` (for the require cache). */
function loadedModule(path: string, exports: Record<string, unknown>): NodeJS.Module {
  const M = Module as unknown as { new (id: string): NodeJS.Module; _nodeModulePaths(from: string): string[] };
  const mod = new M(path);
  mod.filename = path;
  mod.paths = M._nodeModulePaths(dirname(path));
  mod.exports = exports;
  mod.loaded = true;
  return mod;
}

const PATCHED = Symbol.for("vitsparse.tslab.allowImportingTsExtensions");

/** The part of TypeScript's watch compiler host and builder program the patch below touches. */
interface WatchHost {
  afterProgramCreate?: (builder: BuilderProgram) => void;
}
interface BuilderProgram {
  emit(sourceFile?: { fileName: string }, ...rest: unknown[]): unknown;
  getProgram(): CheckedProgram;
  getAllDependencies(sourceFile: CheckedSourceFile): readonly string[];
}

/** The builder of each program tslab created in this process (for the type-check cache's dependency lists). */
const builders = new WeakMap<CheckedProgram, BuilderProgram>();

/** The cell file tslab compiles (`__tslab__.ts`, or `.js` for its JavaScript kernel). */
const CELL_FILE = /(^|\/)__tslab__\.[jt]s$/;
/** The declarations of the earlier cells, which tslab keeps in memory as `__prev__.d.ts`. */
const DECLARATIONS_FILE = "__prev__.d.ts";

/**
 * What the kit changes in tslab's compiler (below), part of the cell cache's key: a change here must make
 * the cache compile every cell again.
 */
const COMPILER_PATCH = "allowImportingTsExtensions; types: node; emit: the cell only; imported files: syntax and types; one program per cell";

/** The program of the last cell tslab checked in this process (its files are what the cell compiled against). */
let lastCellProgram: CheckedProgram | undefined;

/** The files of the program the last cell was checked in, without tslab's in-memory cell and declarations. */
function lastCellProgramFiles(): { fileName: string; text: string }[] | undefined {
  const files = lastCellProgram?.getSourceFiles().filter((f) => !CELL_FILE.test(f.fileName) && basename(f.fileName) !== DECLARATIONS_FILE);
  return files?.map((f) => ({ fileName: f.fileName, text: f.text }));
}

/**
 * Makes tslab's converter emit only the cell itself, not each `.ts` file the cell imports. tslab compiles
 * every imported file once more to JavaScript (with declarations) and keeps it to serve a later
 * `require("./x")` or `require("./x.js")`; the kit's cells import `./lib/x.ts`, which tslab never serves from
 * that copy (see above: tsx loads it), so the copy was built and never used — seconds per notebook. Type
 * checking of the imported files is unchanged (a type error in lib still fails the cell), and a cell that
 * imports `./x` or `./x.js` still works: tsx resolves those to `x.ts`. Imported `.js` files are emitted as before.
 */
function skipDependencyEmit(host: WatchHost): WatchHost {
  let after = host.afterProgramCreate;
  Object.defineProperty(host, "afterProgramCreate", {
    configurable: true,
    enumerable: true,
    get: () => after,
    set: (callback: (builder: BuilderProgram) => void) => {
      after = (builder: BuilderProgram): void => {
        const cellOnly: BuilderProgram = Object.create(builder) as BuilderProgram;
        cellOnly.emit = (sourceFile, ...rest) =>
          sourceFile !== undefined && sourceFile.fileName.endsWith(".ts") && !CELL_FILE.test(sourceFile.fileName)
            ? { emitSkipped: true, diagnostics: [] }
            : builder.emit(sourceFile, ...rest);
        builders.set(builder.getProgram(), builder);
        callback(cellOnly);
      };
    },
  });
  return host;
}

/** The per-file diagnostics of a TypeScript program used below. */
interface DiagnosticsProgram extends CheckedProgram {
  getSyntacticDiagnostics(file: CheckedSourceFile, token?: unknown): readonly Diagnostic[];
  getSemanticDiagnostics(file: CheckedSourceFile, token?: unknown): readonly Diagnostic[];
}

/**
 * Checks the files a cell imports as `npm run typecheck` (tsconfig.json) does: syntax and types. tslab
 * compiles with `declaration: true`, because it needs the declarations of each cell for the next one, so its
 * check also runs declaration emit over every imported file just to collect declaration-only diagnostics,
 * which the repository's own check (`noEmit`) never reports — about a quarter of the check's time. The
 * cell itself is checked in full, declaration diagnostics included.
 */
function asTsconfigChecks(original: PreEmitDiagnosticsOfFiles): PreEmitDiagnosticsOfFiles {
  return (program, files, token) => {
    const p = program as DiagnosticsProgram;
    const cells = files.filter((f) => CELL_FILE.test(f.fileName));
    if (cells.length > 0) lastCellProgram = program;
    const imported = files.filter((f) => !CELL_FILE.test(f.fileName));
    return [...original(program, cells, token), ...imported.flatMap((f) => [...p.getSyntacticDiagnostics(f, token), ...p.getSemanticDiagnostics(f, token)])];
  };
}

/** Whether the converters created from now on watch folders ({@link LoadTslabOptions.watchDirectories}). */
let watchDirectories = true;

/** A watch host's file system without folder watchers: TypeScript then watches no folder (its no-op watcher). */
function withoutDirectoryWatchers(system: unknown): unknown {
  const noFolderWatch = Object.create(system as object) as { watchDirectory?: unknown };
  noFolderWatch.watchDirectory = undefined;
  return noFolderWatch;
}

/** Adds the options above to tslab's compiler options (idempotent). */
function patchBundledTypeScript(tslabRequire: NodeJS.Require): void {
  const tsPath = tslabRequire.resolve("@tslab/typescript-for-tslab");
  const real = requireWithCodeCache(tsPath) as Record<string | symbol, unknown>;
  if (real[PATCHED]) return;
  const cached = tslabRequire.cache[tsPath];
  if (!cached) throw new Error(`tslab-compat: ${tsPath} is not in the require cache`);
  const copy: Record<string | symbol, unknown> = {};
  for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(real))) {
    Object.defineProperty(copy, key, { ...desc, configurable: true });
  }
  const original = real["createWatchCompilerHost"] as (...args: unknown[]) => unknown;
  Object.defineProperty(copy, "createWatchCompilerHost", {
    enumerable: true,
    value: (rootFiles: unknown, options: Record<string, unknown>, system: unknown, ...rest: unknown[]) =>
      skipDependencyEmit(original(rootFiles, { ...options, allowImportingTsExtensions: true, types: ["node"] }, watchDirectories ? system : withoutDirectoryWatchers(system), ...rest) as WatchHost),
  });
  const diagnostics = asTsconfigChecks(real["getPreEmitDiagnosticsOfFiles"] as PreEmitDiagnosticsOfFiles);
  Object.defineProperty(copy, "getPreEmitDiagnosticsOfFiles", {
    enumerable: true,
    value: withTypecheckCache(diagnostics, `${String(real["version"])}, imported files: syntax and types`, (program, file) => builders.get(program)?.getAllDependencies(file), (name) => CELL_FILE.test(name)),
  });
  Object.defineProperty(copy, PATCHED, { value: true });
  cached.exports = copy;
}

/**
 * tslab's `convert` builds the program twice per cell: once with the cell as written, only to read which
 * names the cell declares (the bound source file's `locals`), then again with `export { those names }`
 * appended, which it checks and emits. Each build re-creates the type checker, which merges the global
 * declarations of `@types/node` and the `lib.*.d.ts` again: about 0.15 s of CPU per cell (a tenth of a cold
 * notebook's run). The names a file declares depend on that file alone, so the patch reads them by parsing
 * and binding the cell by itself (the same parser and binder, the program's options) and builds the program
 * once, with the same final text as before: the same diagnostics, JavaScript and declarations.
 * `from` is the text of tslab 1.0.22's `dist/converter.js` that `to` replaces; when tslab's file does not
 * contain it exactly once, the converter is loaded unchanged.
 */
export const ONE_PROGRAM_PER_CELL = {
  from: `    function convert(prevDecl, src) {
        updateContent(prevDecl, src);
        let declsFile = builder.getSourceFile(declFilename);
        let srcFile = builder.getSourceFile(srcFilename);
        const locals = srcFile.locals;
        const keys = new Set();
        if (locals) {
            locals.forEach((_, key) => {
                keys.add(key);
            });
        }
        if (keys.size > 0) {
            // Export all local variables.
            // TODO: Disallow "export" in the input.
            const suffix = "\\nexport {" + Array.from(keys).join(", ") + "}";
            updateContent(prevDecl, src + suffix);
            declsFile = builder.getSourceFile(declFilename);
            srcFile = builder.getSourceFile(srcFilename);
        }
`,
  to: `    function convert(prevDecl, src) {
        // vitsparse: the names the cell declares, from the cell parsed and bound by itself (one program per cell).
        const cellOnly = ts.createSourceFile(srcFilename, srcPrefix + src, transpileTarget, false);
        ts.bindSourceFile(cellOnly, builder.getProgram().getCompilerOptions());
        const locals = cellOnly.locals;
        const keys = new Set();
        if (locals) {
            locals.forEach((_, key) => {
                keys.add(key);
            });
        }
        updateContent(prevDecl, keys.size > 0 ? src + "\\nexport {" + Array.from(keys).join(", ") + "}" : src);
        let declsFile = builder.getSourceFile(declFilename);
        let srcFile = builder.getSourceFile(srcFilename);
`,
};

/** True when `PATCH.from` occurs exactly once in `source`. */
function appliesTo(patch: { from: string }, source: string): boolean {
  const at = source.indexOf(patch.from);
  return at >= 0 && source.indexOf(patch.from, at + 1) < 0;
}

/** `dist/converter.js` of tslab with {@link ONE_PROGRAM_PER_CELL} applied (unchanged where it does not apply). */
export function patchedConverterSource(source: string): string {
  return appliesTo(ONE_PROGRAM_PER_CELL, source) ? source.replace(ONE_PROGRAM_PER_CELL.from, () => ONE_PROGRAM_PER_CELL.to) : source;
}

/**
 * tslab's `createConverter`, returning converters that take compiled cells from the cell cache
 * (`./cell-cache.ts`) and create tslab's real converter (`create`) only when a cell is not there. The key names
 * tslab's and TypeScript's versions, {@link COMPILER_PATCH}, the converter's options and the installed packages
 * (`node_modules/.package-lock.json`); the import specifiers of each text come from TypeScript's `preProcessFile`,
 * remembered across processes (`./text-memo.ts`), so that a process whose cells are all in the cache loads no
 * compiler.
 */
function withCellCache(create: (options: ConverterOptions) => TslabConverter): (options: ConverterOptions) => TslabConverter {
  const { typescriptVersion, tslabVersion } = tslabFiles();
  const importsOf = memoizedByText("preProcessFile imports", `typescript ${typescriptVersion}`, (text: string): string[] => {
    const preProcessFile = bundledTypeScript()["preProcessFile"] as (text: string, readImports: boolean, detectJavaScriptImports: boolean) => { importedFiles: { fileName: string }[] };
    return preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  });
  let packages = "none";
  try {
    // npm's record of the installed tree (written by every install), read through the working directory's
    // node_modules/: a throw-away repository whose node_modules/ links to this checkout's shares the records.
    packages = sha256Hex(readFileSync(join(process.cwd(), "node_modules", ".package-lock.json")));
  } catch {
    // No installed tree in the working directory: the recorded declaration files still pin the packages' types.
  }
  const programFiles = (): { fileName: string; text: string }[] | undefined => {
    const files = lastCellProgramFiles();
    lastCellProgram = undefined;
    return files;
  };
  return (options: ConverterOptions): TslabConverter => {
    const compiler = JSON.stringify({ tslab: tslabVersion, typescript: typescriptVersion, patch: COMPILER_PATCH, options, packages });
    return cachedConverter(() => create(options) as Converter, compiler, programFiles, importsOf);
  };
}

/** Options of {@link loadTslab}. */
export interface LoadTslabOptions {
  /**
   * Whether the converters this process creates from now on watch folders (until a later call says otherwise;
   * without any, true: tslab's own behaviour). TypeScript's watch host watches every folder where module
   * resolution looked for a file and found none, so that an import which failed resolves once its file
   * appears: the Jupyter kernel keeps that (a user adds the missing file and runs the cell again). The
   * headless runner's processes (the notebook worker and the precompiler) pass false: a run stops at the first
   * cell that fails, so a failed import is never resolved again there, and cells do not create the folders
   * resolution looks in. On Linux, TypeScript emulates recursive folder watching by reading every folder below
   * each watched one (node_modules included) and watching each: about 1,000 folders for a cell importing
   * `./lib/paths.ts`, measured at 0.1–0.15 CPU-s of each converter's first cell. Files already compiled are
   * still watched, so an imported file that a cell rewrites is read again.
   */
  watchDirectories?: boolean;
}

/**
 * Returns tslab's executor, converter, display hook and kernel entry, with the bundled TypeScript patched
 * (see above). The compiler itself loads only when something needs it: a cell not in the cell cache, a text
 * whose metadata, shorthand expansion or imports were not remembered (`./text-memo.ts`). Until then tslab's converter, metadata and public modules are stand-ins in the require
 * cache whose exports load the real module on first use ({@link standIn}). Throws if tslab's converter was
 * already loaded unpatched.
 */
export function loadTslab(options: LoadTslabOptions = {}): TslabModules {
  if (options.watchDirectories !== undefined) watchDirectories = options.watchDirectories;
  loaded ??= loadTslabModules();
  return loaded;
}
let loaded: TslabModules | undefined;

function loadTslabModules(): TslabModules {
  const { tslabRequire, typescriptPath } = tslabFiles();
  const converterPath = tslabRequire.resolve("./dist/converter.js");
  if (tslabRequire.cache[converterPath] && !(tslabRequire(typescriptPath) as Record<symbol, unknown>)[PATCHED]) {
    throw new Error("tslab-compat: tslab's converter was loaded before the compiler patch; call loadTslab() first");
  }
  // The converter: tslab's own `createConverter` (its kernel calls it too) goes through the cell cache, and
  // the real one (with the patched compiler) loads when a cell is not there or the kernel asks for more.
  let realCreate: ((options: ConverterOptions) => TslabConverter) | undefined;
  const createConverter = withCellCache((converterOptions) => {
    realConverter();
    return realCreate!(converterOptions);
  });
  const realConverter = standIn(converterPath, { createConverter }, ["isCompleteCode"], () => {
    bundledTypeScript();
    const real = requireWithCodeCache(converterPath, patchedConverterSource) as Record<string, unknown>;
    realCreate = real["createConverter"] as (options: ConverterOptions) => TslabConverter;
    real["createConverter"] = createConverter;
    return real;
  });
  // tslab's metadata of a cell (its executor reads it for every cell), remembered per text.
  const metadataPath = tslabRequire.resolve("./dist/metadata.js");
  const getCodeMetadata = memoizedByText("getCodeMetadata", `tslab ${tslabFiles().tslabVersion}; typescript ${tslabFiles().typescriptVersion}`, (src: string): CodeMetadata =>
    (realMetadata()["getCodeMetadata"] as (src: string) => CodeMetadata)(src),
  );
  const realMetadata = standIn(metadataPath, { getCodeMetadata }, [], () => {
    bundledTypeScript();
    return tslabRequire(metadataPath) as Record<string, unknown>;
  });
  // `import … from "tslab"` in a cell: tslab's public module reads only the compiler's version (for its
  // `versions`), so while the compiler is not loaded it loads against a module holding just that version.
  const publicPath = tslabRequire.resolve("./dist/public.js");
  standIn(publicPath, {}, ["display", "newDisplay", "versions"], () => {
    if (tslabRequire.cache[typescriptPath] !== undefined) return tslabRequire(publicPath) as Record<string, unknown>;
    const versionOnly = loadedModule(typescriptPath, { version: tslabFiles().typescriptVersion });
    tslabRequire.cache[typescriptPath] = versionOnly;
    try {
      return tslabRequire(publicPath) as Record<string, unknown>;
    } finally {
      if (tslabRequire.cache[typescriptPath] === versionOnly) delete tslabRequire.cache[typescriptPath];
    }
  });
  const executor = tslabRequire("./dist/executor.js") as Pick<TslabModules, "createExecutor">;
  const jupyter = tslabRequire("./dist/jupyter.js") as TslabJupyterModuleWithClasses;
  return {
    createConverter,
    getCodeMetadata,
    createExecutor: executor.createExecutor,
    jupyter,
    startKernel: (kernelOptions) => (tslabRequire("./dist/main.js") as Pick<TslabModules, "startKernel">).startKernel(kernelOptions),
  };
}
