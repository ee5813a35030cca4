/**
 * Runs cells through the kit's tslab executor in a fresh process (one kernel session) and reports what each
 * printed and what the compile caches did there: the helper of test/notebook/tslab-compat.test.ts,
 * typecheck-cache.test.ts and cell-cache.test.ts.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { relative } from "node:path";
import { afterAll } from "vitest";
import { makeTempDir, repoRoot } from "../../lib/paths.ts";
import type { TypecheckCacheStats } from "../../lib/notebook/typecheck-cache.ts";
import { CELL_CACHE_ENV, type CellCacheStats } from "../../lib/notebook/cell-cache.ts";
import type { TextMemoStats } from "../../lib/notebook/text-memo.ts";

/** What {@link runInKernel} saw. */
export interface KernelRun {
  /** Side outputs of a raw conversion of `convert` (when given). */
  sideOutputs: string[];
  cells: { ok: boolean; text: string }[];
  /** The type-check cache's counts in that process. */
  stats: TypecheckCacheStats;
  /** The cell cache's counts in that process. */
  cellStats: CellCacheStats;
  /** What TypeScript said about the cells' texts: answers read back and computed in that process. */
  textMemo: TextMemoStats;
  /** Whether that process loaded tslab's bundled TypeScript at all. */
  compilerLoaded: boolean;
}

/**
 * A folder under scratch/ for the `.ts` files a test's cells import (removed after the file's tests), and its
 * path as a cell imports it (`./scratch/…`, relative to the repository root where the kernel runs).
 */
export function kernelSourceDir(prefix: string): { dir: string; rel: string } {
  const dir = makeTempDir(prefix);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, rel: "./" + relative(repoRoot, dir) };
}

/**
 * Runs an ES module `script` in a fresh `node --import tsx` process (working directory `cwd`) and returns the
 * JSON value it printed last, after a line `@@`; throws with the process's stderr when it printed none.
 */
export function runModuleScript<T>(script: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): T {
  const { cwd = repoRoot, env = process.env } = options;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd, env, encoding: "utf8", timeout: 120_000 });
  const at = r.stdout.lastIndexOf("\n@@");
  if (at < 0) throw new Error(`the script printed no result (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.slice(at + 3)) as T;
}

/**
 * Runs `cells` in a fresh process (one kernel session), after a raw conversion of `convert` when given;
 * `cellCache: false` turns the cell cache off in that process; `cwd` (default: the repository root) must hold
 * `lib/` and `node_modules/` (links will do).
 */
export function runInKernel(cells: string[], options: { convert?: string; cellCache?: boolean; cwd?: string } = {}): KernelRun {
  const { convert, cellCache = true, cwd = repoRoot } = options;
  const script = `
    import { loadTslab } from "./lib/notebook/tslab-compat.ts";
    import { createCellExecutor } from "./lib/notebook/cell-executor.ts";
    import { typecheckCacheStats } from "./lib/notebook/typecheck-cache.ts";
    import { cellCacheStats } from "./lib/notebook/cell-cache.ts";
    import { textMemoStats } from "./lib/notebook/text-memo.ts";
    import { createRequire } from "node:module";
    const kitRequire = createRequire(import.meta.url);
    const compilerPath = createRequire(kitRequire.resolve("tslab/package.json")).resolve("@tslab/typescript-for-tslab");
    let sideOutputs = [];
    const convert = ${JSON.stringify(convert ?? null)};
    if (convert !== null) {
      const converter = loadTslab().createConverter({ isJS: false, isBrowser: false });
      sideOutputs = (converter.convert("", convert).sideOutputs ?? []).map((o) => o.path);
      converter.close();
    }
    const ex = createCellExecutor();
    const cells = [];
    for (const src of ${JSON.stringify(cells)}) {
      const r = await ex.run(src);
      cells.push({ ok: r.ok, text: r.outputs.map((o) => o.output_type === "stream" ? o.text : o.output_type === "error" ? o.ename + ": " + o.evalue : "").join("") });
    }
    ex.close();
    process.stdout.write("\\n@@" + JSON.stringify({ sideOutputs, cells, stats: typecheckCacheStats(), cellStats: cellCacheStats(), textMemo: textMemoStats(), compilerLoaded: compilerPath in kitRequire.cache }));
  `;
  return runModuleScript<KernelRun>(script, { cwd, env: { ...process.env, [CELL_CACHE_ENV]: cellCache ? "1" : "0" } });
}
