/**
 * The type-check cache (lib/notebook/typecheck-cache.ts): an imported `.ts` file found clean is recorded by a
 * key over its text and the text of everything it imports, and a later process skips it; a change in a file it
 * imports checks it again, and a file with an error is never recorded. The cell cache is off here: with it, a
 * later process would not compile the cell at all (cell-cache.test.ts).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kernelSourceDir, runInKernel } from "./kernel-run.ts";
import { cacheKey, type CheckedProgram, type CheckedSourceFile } from "../../lib/notebook/typecheck-cache.ts";

const { dir, rel } = kernelSourceDir("typecheck-cache");

describe("the type-check cache (lib/notebook/typecheck-cache.ts)", () => {
  // The cell cache off: with it, a later process would not compile the cell at all.
  writeFileSync(join(dir, "dep.ts"), "export const width: number = 3;\n");
  writeFileSync(join(dir, "user.ts"), 'import { width } from "./dep.ts";\nexport const doubled: number = width * 2;\n');
  const cell = `import { doubled } from "${rel}/user.ts";\ndoubled`;
  const first = runInKernel([cell], { cellCache: false });
  const second = runInKernel([cell], { cellCache: false });
  writeFileSync(join(dir, "dep.ts"), 'export const width: string = "3";\n');
  const afterDependencyChange = runInKernel([cell], { cellCache: false });
  const afterDependencyChangeAgain = runInKernel([cell], { cellCache: false });

  it("with the cell cache off (VITSPARSE_CELL_CACHE=0), every cell is compiled: one converter, nothing recorded", () => {
    for (const run of [first, second, afterDependencyChange, afterDependencyChangeAgain]) expect(run.cellStats).toEqual({ hits: 0, misses: 0, recorded: 0, compilers: 1 });
  });

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

describe("the type-check cache's key (cacheKey) is the same for the same checkout elsewhere", () => {
  // A program as TypeScript gives it: files by real path (a linked node_modules resolves to the other checkout's),
  // tslab's absolute rootDir and typeRoots. `where` is the working directory; `nodeModules` the real folder.
  const program = (where: string, nodeModules: string, userText = "export const u = 1;"): CheckedProgram => {
    const files: CheckedSourceFile[] = [
      { fileName: `${nodeModules}/@types/node/globals.d.ts`, text: "declare var process: unknown;" },
      { fileName: `${nodeModules}/@tslab/typescript-for-tslab/lib/lib.es2022.d.ts`, text: "interface Array<T> {}" },
      { fileName: `${where}/lib/dep.ts`, text: "export const d = 2;", externalModuleIndicator: true },
      { fileName: `${where}/lib/user.ts`, text: userText, externalModuleIndicator: true },
    ];
    return {
      getSourceFiles: () => files,
      getSourceFile: (name) => files.find((f) => f.fileName === name),
      getCompilerOptions: () => ({ rootDir: where, typeRoots: [`${where}/node_modules/@types`], types: ["node"], outDir: "outDir" }),
      getCurrentDirectory: () => where,
    };
  };
  // The dependencies in the given order, or reversed (the builder's order is not the key's concern).
  const keyOf = (p: CheckedProgram, reversed = false): string => {
    const where = p.getCurrentDirectory();
    const deps = [`${where}/lib/user.ts`, `${where}/lib/dep.ts`, p.getSourceFiles()[0]!.fileName];
    return cacheKey(p, "5.0", reversed ? deps.reverse() : deps);
  };

  it("a copy of lib/ with node_modules linked to this checkout's gets this checkout's key", () => {
    expect(keyOf(program("/tmp/copy", "/repo/node_modules"), true)).toBe(keyOf(program("/repo", "/repo/node_modules")));
  });

  it("a changed text still changes the key", () => {
    expect(keyOf(program("/tmp/copy", "/repo/node_modules", "export const u = 3;"))).not.toBe(keyOf(program("/repo", "/repo/node_modules")));
  });
});
