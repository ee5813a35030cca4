/**
 * Loads a large CommonJS file through V8's code cache, so that a fresh process does not compile it again.
 *
 * Every notebook process (each notebook of `npm run reproduce`, each Jupyter kernel, each notebook a test
 * runs) loads tslab's bundled TypeScript, an 8 MB JavaScript file, and compiles the functions it calls; with
 * Node 20 there is no built-in on-disk compile cache. This module compiles the file with `vm.Script` and the
 * code V8 produced for it in an earlier process (`scratch/cache/v8/`), and, when there was none or V8
 * refused it, records the code of this process at exit (functions compiled lazily during the run
 * included). The cache file is named by the file's SHA-256, Node's version and the architecture; V8 checks
 * its own version and flags and refuses a mismatch, which only costs the compile. Measured on the 2-core
 * machine: about 0.3 s less per notebook process.
 */
import { existsSync, readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { sha256Hex } from "../data/sha256.ts";
import { scratchDir } from "../paths.ts";

/** Environment variable: `0` loads files the plain way (no code cache read or written). */
export const CODE_CACHE_ENV = "VITSPARSE_CODE_CACHE";

/** Where the code caches are kept. */
export function codeCacheDir(): string {
  return scratchDir("cache", "v8");
}

/** Node's internal module API used here (public enough: it is what `require` itself uses). */
interface ModuleInternals {
  new (id: string, parent?: unknown): NodeJS.Module;
  _nodeModulePaths(from: string): string[];
  wrap(source: string): string;
}

/** What loading a file with {@link requireWithCodeCache} did with the cache. */
export type CodeCacheUse = "off" | "already loaded" | "used" | "created" | "refused";

let lastUse: CodeCacheUse = "off";

/** What the last {@link requireWithCodeCache} call did (for tests). */
export function lastCodeCacheUse(): CodeCacheUse {
  return lastUse;
}

/**
 * `require(path)` for an absolute path of a CommonJS file, compiled with the V8 code cache of an earlier
 * process when there is one. The module is registered in `require.cache` exactly like a plain `require`, so
 * later `require` calls get the same exports. `rewrite`, when given, is applied to the file's text before it
 * is compiled (the cache is then named by the rewritten text), also with the cache off.
 */
export function requireWithCodeCache(path: string, rewrite?: (source: string) => string): unknown {
  const plainRequire = createRequire(path);
  if (plainRequire.cache[path]) {
    lastUse = "already loaded";
    return plainRequire.cache[path]!.exports;
  }
  const cacheOff = process.env[CODE_CACHE_ENV] === "0";
  if (cacheOff && rewrite === undefined) {
    lastUse = "off";
    return plainRequire(path);
  }
  const source = rewrite === undefined ? readFileSync(path, "utf8") : rewrite(readFileSync(path, "utf8"));
  const digest = sha256Hex(source).slice(0, 16);
  const cacheFile = join(codeCacheDir(), `${basename(path)}-${digest}-node${process.version}-${process.arch}.bin`);
  const cachedData = !cacheOff && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const M = Module as unknown as ModuleInternals;
  const script = new Script(M.wrap(source), { filename: path, ...(cachedData ? { cachedData } : {}) });
  const mod = new M(path);
  mod.filename = path;
  mod.paths = M._nodeModulePaths(dirname(path));
  plainRequire.cache[path] = mod;
  try {
    const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;
    fn.call(mod.exports, mod.exports, createRequire(path), mod, path, dirname(path));
  } catch (err) {
    delete plainRequire.cache[path];
    throw err;
  }
  mod.loaded = true;
  lastUse = cacheOff ? "off" : cachedData === undefined ? "created" : script.cachedDataRejected === true ? "refused" : "used";
  if (lastUse === "created" || lastUse === "refused") process.once("exit", () => writeCodeCache(cacheFile, script));
  return mod.exports;
}

/** Writes the code cache atomically; a failure only costs the next process the compile. */
function writeCodeCache(cacheFile: string, script: Script): void {
  try {
    writeFileAtomic(cacheFile, script.createCachedData());
  } catch {
    // no space, read-only scratch/: the next process compiles the file again
  }
}
