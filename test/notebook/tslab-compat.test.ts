/**
 * The kit's patch of tslab's compiler (lib/notebook/tslab-compat.ts): the converter emits the cell only, not
 * a second JavaScript copy of each `.ts` file the cell imports, while imported files are still type-checked
 * (once per content: lib/notebook/typecheck-cache.ts) and imports written `./x`, `./x.js` or `./x.ts` all
 * still run; what the converter made of a cell is kept across processes (lib/notebook/cell-cache.ts) and
 * used only while every file it compiled against is unchanged.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, repoRoot } from "../../lib/paths.ts";
import type { TypecheckCacheStats } from "../../lib/notebook/typecheck-cache.ts";
import { CELL_CACHE_ENV, type CellCacheStats } from "../../lib/notebook/cell-cache.ts";

const dir = makeTempDir("tslab-compat");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rel = "./" + relative(repoRoot, dir);
writeFileSync(join(dir, "good.ts"), "export const seven: number = 7;\n");
writeFileSync(join(dir, "bad.ts"), 'export const notANumber: number = "x";\n');

interface KernelRun {
  /** Side outputs of a raw conversion of `convert` (when given). */
  sideOutputs: string[];
  cells: { ok: boolean; text: string }[];
  /** The type-check cache's counts in that process. */
  stats: TypecheckCacheStats;
  /** The cell cache's counts in that process. */
  cellStats: CellCacheStats;
}

/**
 * Runs `cells` in a fresh process (one kernel session), after a raw conversion of `convert` when given;
 * `cellCache: false` turns the cell cache off in that process.
 */
function runInKernel(cells: string[], convert?: string, cellCache = true): KernelRun {
  const script = `
    import { loadTslab } from "./lib/notebook/tslab-compat.ts";
    import { createCellExecutor } from "./lib/notebook/cell-executor.ts";
    import { typecheckCacheStats } from "./lib/notebook/typecheck-cache.ts";
    import { cellCacheStats } from "./lib/notebook/cell-cache.ts";
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
    process.stdout.write("\\n@@" + JSON.stringify({ sideOutputs, cells, stats: typecheckCacheStats(), cellStats: cellCacheStats() }));
  `;
  const env = { ...process.env, [CELL_CACHE_ENV]: cellCache ? "1" : "0" };
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, env, encoding: "utf8", timeout: 120_000 });
  const at = r.stdout.lastIndexOf("\n@@");
  if (at < 0) throw new Error(`kernel run failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.slice(at + 3)) as KernelRun;
}

describe("tslab's converter as the kit patches it", () => {
  const run = runInKernel(
    [
      `import { seven as a } from "${rel}/good.ts";\na`,
      `import { seven as b } from "${rel}/good";\nb`,
      `import { seven as c } from "${rel}/good.js";\nc`,
      `import { notANumber } from "${rel}/bad.ts";\nnotANumber`,
    ],
    `import { seven } from "${rel}/good.ts";\nseven`,
  );

  it("emits no JavaScript copy of an imported .ts file", () => {
    expect(run.sideOutputs).toEqual([]);
  });

  it("runs imports written ./x.ts, ./x and ./x.js", () => {
    expect(run.cells.slice(0, 3)).toEqual([
      { ok: true, text: "7\n" },
      { ok: true, text: "7\n" },
      { ok: true, text: "7\n" },
    ]);
  });

  it("still type-checks the imported file: a type error there fails the cell", () => {
    expect(run.cells[3]!.ok).toBe(false);
    expect(run.cells[3]!.text).toMatch(/CompileError: .*Type 'string' is not assignable to type 'number'/);
  });
});

describe("the type-check cache (lib/notebook/typecheck-cache.ts)", () => {
  // The cell cache off: with it, a later process would not compile the cell at all.
  writeFileSync(join(dir, "dep.ts"), "export const width: number = 3;\n");
  writeFileSync(join(dir, "user.ts"), 'import { width } from "./dep.ts";\nexport const doubled: number = width * 2;\n');
  const cell = `import { doubled } from "${rel}/user.ts";\ndoubled`;
  const first = runInKernel([cell], undefined, false);
  const second = runInKernel([cell], undefined, false);
  writeFileSync(join(dir, "dep.ts"), 'export const width: string = "3";\n');
  const afterDependencyChange = runInKernel([cell], undefined, false);
  const afterDependencyChangeAgain = runInKernel([cell], undefined, false);

  it("checks the imported files in the first process and records them; a later process takes them from the cache", () => {
    expect(first.cells).toEqual([{ ok: true, text: "6\n" }]);
    expect(first.stats).toEqual({ hits: 0, misses: 2 });
    expect(second.cells).toEqual(first.cells);
    expect(second.stats).toEqual({ hits: 2, misses: 0 });
  });

  it("checks a file again when a file it imports changed though its own text did not: the new type error fails the cell", () => {
    expect(afterDependencyChange.cells[0]!.ok).toBe(false);
    expect(afterDependencyChange.cells[0]!.text).toMatch(/CompileError: .*user\.ts.*arithmetic operation/);
    expect(afterDependencyChange.stats.misses).toBe(2);
  });

  it("never records a file with an error: it fails its cell in every process", () => {
    expect(afterDependencyChangeAgain.cells).toEqual(afterDependencyChange.cells);
    expect(afterDependencyChangeAgain.stats).toEqual({ hits: 1, misses: 1 });
  });
});

describe("the cell cache (lib/notebook/cell-cache.ts)", () => {
  // Two cells: the second uses what the first declared (tslab passes it on as declarations), and imports a
  // file that imports another; a unique constant keeps these cells out of any other test's records.
  const tag = `${process.pid}${Date.now()}`;
  writeFileSync(join(dir, "cc-dep.ts"), "export const base: number = 20;\n");
  writeFileSync(join(dir, "cc-user.ts"), 'import { base } from "./cc-dep.ts";\nexport const plusOne: number = base + 1;\n');
  const cells = [`const fromFirst = ${tag} * 0 + 1;`, `import { plusOne } from "${rel}/cc-user.ts";\nfromFirst + plusOne`];
  const first = runInKernel(cells);
  const second = runInKernel(cells);
  const off = runInKernel(cells, undefined, false);
  writeFileSync(join(dir, "cc-dep.ts"), 'export const base: string = "20";\n');
  const afterDependencyChange = runInKernel(cells);
  const afterDependencyChangeAgain = runInKernel(cells);
  writeFileSync(join(dir, "cc-dep.ts"), "export const base: number = 40;\n");
  const afterFix = runInKernel(cells);

  it("compiles the cells in the first process and records them; a later process runs them without building a program", () => {
    expect(first.cells).toEqual([{ ok: true, text: "" }, { ok: true, text: "22\n" }]);
    expect(first.cellStats).toEqual({ hits: 0, misses: 2, recorded: 2, compilers: 1 });
    expect(second.cells).toEqual(first.cells);
    expect(second.cellStats).toEqual({ hits: 2, misses: 0, recorded: 0, compilers: 0 });
  });

  it("is off with VITSPARSE_CELL_CACHE=0: every cell is compiled", () => {
    expect(off.cells).toEqual(first.cells);
    expect(off.cellStats).toEqual({ hits: 0, misses: 0, recorded: 0, compilers: 1 });
  });

  it("compiles a cell again when a file it imports (transitively) changed: the new type error fails the cell", () => {
    expect(afterDependencyChange.cells[0]).toEqual({ ok: true, text: "" });
    expect(afterDependencyChange.cells[1]!.ok).toBe(false);
    expect(afterDependencyChange.cells[1]!.text).toMatch(/CompileError: .*cc-user\.ts.*'\+'|CompileError: .*cc-user\.ts.*not assignable/);
    // The first cell's program has none of those files: it still comes from the cache.
    expect(afterDependencyChange.cellStats).toEqual({ hits: 1, misses: 1, recorded: 0, compilers: 1 });
  });

  it("never records a cell that failed to compile: it fails in every process", () => {
    expect(afterDependencyChangeAgain.cells).toEqual(afterDependencyChange.cells);
    expect(afterDependencyChangeAgain.cellStats).toMatchObject({ misses: 1, recorded: 0, compilers: 1 });
  });

  it("runs the fixed file's new value once the error is fixed", () => {
    expect(afterFix.cells).toEqual([{ ok: true, text: "" }, { ok: true, text: "42\n" }]);
  });
});

describe("one program per cell (ONE_PROGRAM_PER_CELL in lib/notebook/tslab-compat.ts)", () => {
  // tslab's converter as shipped and as patched, side by side in one process, on cells that declare every kind
  // of name (or none), use earlier cells' names, await at top level, end in an expression or fail to compile.
  const cells = [
    "const a = 1; let b = \"x\"; function f(n: number) { return n + a; } class C { v = 2 }",
    `type T = { k: number }; interface I { j: string } enum E { A, B } import { repoRoot } from "./lib/paths.ts";`,
    "const { p, q } = { p: 1, q: 2 }; const [r1, r2] = [3, 4]; const t: T = { k: E.B }; f(p) + r1 + q + r2 + t.k",
    "await Promise.resolve(1); const later = await Promise.resolve(b);",
    'const bad: number = "no";',
    "console.log(a, b, typeof repoRoot)",
    "namespace N { export const z = 1 } N.z",
    "for (const i of [1]) { console.log(i) }",
    "let a = 5; const c = new C(); a + c.v",
  ];
  const script = `
    import { readFileSync } from "node:fs";
    import Module, { createRequire } from "node:module";
    import { dirname } from "node:path";
    import { loadTslab, patchedConverterSource } from "./lib/notebook/tslab-compat.ts";
    loadTslab();
    const tslabRequire = createRequire(createRequire(import.meta.url).resolve("tslab/package.json"));
    const path = tslabRequire.resolve("./dist/converter.js");
    const original = readFileSync(path, "utf8");
    const compile = (source, tag) => {
      const m = new Module(path + tag);
      m.filename = path;
      m.paths = Module._nodeModulePaths(dirname(path));
      m._compile(source, path);
      return m.exports;
    };
    const run = (source, tag) => {
      const converter = compile(source, tag).createConverter({ isJS: false, isBrowser: false });
      let prevDecl = "";
      const out = [];
      for (const src of ${JSON.stringify(cells)}) {
        const r = converter.convert(prevDecl, src);
        out.push({ output: r.output, declOutput: r.declOutput, hasToplevelAwait: r.hasToplevelAwait, lastExpressionVar: r.lastExpressionVar, sideOutputs: r.sideOutputs,
          diagnostics: r.diagnostics.map((d) => [d.start.line, d.start.character, d.messageText]) });
        if (r.diagnostics.length === 0) prevDecl = r.declOutput ?? "";
      }
      converter.close();
      return out;
    };
    const patched = patchedConverterSource(original);
    process.stdout.write("\\n@@" + JSON.stringify({ applied: patched !== original, shipped: run(original, "#shipped"), patched: run(patched, "#patched") }));
  `;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
  const at = r.stdout.lastIndexOf("\n@@");
  const result = at < 0 ? null : (JSON.parse(r.stdout.slice(at + 3)) as { applied: boolean; shipped: unknown[]; patched: unknown[] });

  it("applies to the pinned tslab", () => {
    expect(result, r.stderr).not.toBeNull();
    expect(result!.applied).toBe(true);
  });

  it("gives what tslab gives, cell by cell: JavaScript, declarations, diagnostics, top-level await, last expression", () => {
    expect(result!.patched).toEqual(result!.shipped);
    const cellsOut = result!.shipped as { output?: string; diagnostics: unknown[]; hasToplevelAwait?: boolean; lastExpressionVar?: string }[];
    expect(cellsOut.map((c) => c.diagnostics.length > 0)).toEqual([false, false, false, false, true, false, false, false, false]);
    expect(cellsOut[3]!.hasToplevelAwait).toBe(true);
    expect(cellsOut[2]!.lastExpressionVar).toBeDefined();
    expect(cellsOut[0]!.output).toContain("exports.f = f");
  });
});
