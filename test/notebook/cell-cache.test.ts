/**
 * The cell cache (lib/notebook/cell-cache.ts): what tslab's converter made of a cell is recorded with the
 * SHA-256 of every file it compiled against; a later process runs the cells without building a program while
 * those files are unchanged (without loading the compiler at all: lib/notebook/text-memo.ts), compiles again
 * when one changed, and never records a cell that failed. (Off with VITSPARSE_CELL_CACHE=0:
 * typecheck-cache.test.ts runs that way.)
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../lib/paths.ts";
import { describe, expect, it } from "vitest";
import { kernelSourceDir, runInKernel } from "./kernel-run.ts";

const { dir, rel } = kernelSourceDir("cell-cache");

describe("the cell cache (lib/notebook/cell-cache.ts)", () => {
  // Two cells: the second uses what the first declared (tslab passes it on as declarations), and imports a
  // file that imports another; a unique constant keeps these cells out of any other test's records.
  const tag = `${process.pid}${Date.now()}`;
  writeFileSync(join(dir, "cc-dep.ts"), "export const base: number = 20;\n");
  writeFileSync(join(dir, "cc-user.ts"), 'import { base } from "./cc-dep.ts";\nexport const plusOne: number = base + 1;\n');
  const cells = [`const fromFirst = ${tag} * 0 + 1;`, `import { plusOne } from "${rel}/cc-user.ts";\nfromFirst + plusOne`];
  const first = runInKernel(cells);
  const second = runInKernel(cells);
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

  it("a process whose cells all come from the cache never loads the compiler: what TypeScript said about each text is remembered too", () => {
    expect(first.compilerLoaded).toBe(true);
    expect(first.textMemo.computed).toBeGreaterThan(0);
    expect(second.textMemo).toMatchObject({ computed: 0 });
    expect(second.textMemo.recalled).toBeGreaterThanOrEqual(cells.length * 3); // shorthand, metadata and imports of each cell
    expect(second.compilerLoaded).toBe(false);
    // A cell compiled again loads it (the changed dependency below).
    expect(afterDependencyChange.compilerLoaded).toBe(true);
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

describe("a cached cell that imports tslab itself", () => {
  // tslab's public module reads the compiler's version when it loads: without the compiler it gets that version alone.
  const cells = [`import { versions } from "tslab";\nconsole.log(versions.typescript, ${process.pid}${Date.now()} * 0);`];
  const first = runInKernel(cells);
  const second = runInKernel(cells);

  it("runs without loading the compiler, and tslab's versions still name the compiler's own", () => {
    expect(first.compilerLoaded).toBe(true); // compiled: the real compiler was loaded before tslab's public module
    expect(first.cells).toEqual([{ ok: true, text: expect.stringMatching(/^\d+\.\d+\.\d+ 0\n$/) as unknown as string }]);
    expect(second.cellStats).toMatchObject({ hits: 1, misses: 0, compilers: 0 });
    expect(second.cells).toEqual(first.cells);
    expect(second.compilerLoaded).toBe(false);
  });
});

describe("the cell cache across checkouts", () => {
  // Working folders with the kit's lib/ and node_modules/ linked in: `a` and `copy` each have their own
  // mod/x.ts (different values); `throw-away` and `linked` have mod/ as a link to a's. The same cell imports
  // ./mod/x.ts in each. It is first compiled in `throw-away`, which is then removed (as the tests' throw-away
  // repositories are).
  const { dir: base } = kernelSourceDir("cell-cache-checkouts");
  const folder = (name: string, mod: (at: string) => void): string => {
    const at = join(base, name);
    mkdirSync(at);
    for (const entry of ["lib", "node_modules"]) symlinkSync(join(repoRoot, entry), join(at, entry));
    mod(join(at, "mod"));
    return at;
  };
  const tag = `${process.pid}${Date.now()}`;
  const a = folder("a", (mod) => {
    mkdirSync(mod);
    writeFileSync(join(mod, "x.ts"), `export const v: number = ${tag} * 0 + 1;\n`);
  });
  const copy = folder("copy", (mod) => {
    mkdirSync(mod);
    writeFileSync(join(mod, "x.ts"), `export const v: number = ${tag} * 0 + 2;\n`);
  });
  const cells = [`import { v } from "./mod/x.ts";\nv`];
  const throwAway = folder("throw-away", (mod) => symlinkSync(join(a, "mod"), mod));
  const inThrowAway = runInKernel(cells, { cwd: throwAway });
  rmSync(throwAway, { recursive: true });
  const inA = runInKernel(cells, { cwd: a });
  const inLinked = runInKernel(cells, { cwd: folder("linked", (mod) => symlinkSync(join(a, "mod"), mod)) });
  const inCopy = runInKernel(cells, { cwd: copy });

  it("a record made through a link serves the folder linked to after the linking one is gone (files by real path)", () => {
    expect(inThrowAway.cells).toEqual([{ ok: true, text: "1\n" }]);
    expect(inThrowAway.cellStats).toMatchObject({ misses: 1, recorded: 1 });
    expect(inA.cells).toEqual([{ ok: true, text: "1\n" }]);
    expect(inA.cellStats).toEqual({ hits: 1, misses: 0, recorded: 0, compilers: 0 });
  });

  it("a folder whose imports lead to the same files (a link) shares the record", () => {
    expect(inLinked.cells).toEqual([{ ok: true, text: "1\n" }]);
    expect(inLinked.cellStats).toEqual({ hits: 1, misses: 0, recorded: 0, compilers: 0 });
  });

  it("a folder whose imports lead to other files compiles the cell again and runs its own files", () => {
    expect(inCopy.cells).toEqual([{ ok: true, text: "2\n" }]);
    expect(inCopy.cellStats).toMatchObject({ hits: 0, misses: 1, compilers: 1 });
  });
});
