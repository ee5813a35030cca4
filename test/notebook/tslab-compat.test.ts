/**
 * The kit's patch of tslab's compiler (lib/notebook/tslab-compat.ts): the converter emits the cell only, not
 * a second JavaScript copy of each `.ts` file the cell imports, while imported files are still type-checked
 * and imports written `./x`, `./x.js` or `./x.ts` all still run; and it builds one program per cell, with
 * exactly tslab's outputs. The compile caches are tested in typecheck-cache.test.ts and cell-cache.test.ts.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kernelSourceDir, runInKernel, runModuleScript } from "./kernel-run.ts";

const { dir, rel } = kernelSourceDir("tslab-compat");
writeFileSync(join(dir, "good.ts"), "export const seven: number = 7;\n");
writeFileSync(join(dir, "bad.ts"), 'export const notANumber: number = "x";\n');

describe("tslab's converter as the kit patches it", () => {
  // The cell cache off: the raw conversion and every cell go through the patched converter itself.
  const run = runInKernel(
    [
      `import { seven as a } from "${rel}/good.ts";\na`,
      `import { seven as b } from "${rel}/good";\nb`,
      `import { seven as c } from "${rel}/good.js";\nc`,
      `import { notANumber } from "${rel}/bad.ts";\nnotANumber`,
    ],
    { convert: `import { seven } from "${rel}/good.ts";\nseven`, cellCache: false },
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
    import fs, { readFileSync, statSync } from "node:fs";
    import Module, { createRequire } from "node:module";
    import { dirname } from "node:path";
    import { bundledTypeScript, loadTslab, patchedConverterSource } from "./lib/notebook/tslab-compat.ts";
    loadTslab();
    // The patched compiler, loaded as the kit loads it before tslab's converter (loadTslab itself loads no compiler).
    bundledTypeScript();
    // What TypeScript's watch host watches (it calls fs.watch for folders and, on Linux, for files).
    const watched = [];
    const fsWatch = fs.watch;
    fs.watch = (path, ...rest) => (watched.push(String(path)), fsWatch(path, ...rest));
    const watchedFolders = () => watched.splice(0).filter((p) => { try { return statSync(p).isDirectory(); } catch { return false; } }).length;
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
    // tslab as shipped with folder watchers (tslab's own behaviour), the patched converter as the runner uses
    // it: in a batch process, without them (LoadTslabOptions.watchDirectories).
    const shipped = run(original, "#shipped");
    const foldersWatched = watchedFolders();
    loadTslab({ watchDirectories: false });
    const patchedOut = run(patched, "#patched");
    const batchFoldersWatched = watchedFolders();
    process.stdout.write("\\n@@" + JSON.stringify({ applied: patched !== original, shipped, patched: patchedOut, foldersWatched, batchFoldersWatched }));
  `;
  const result = runModuleScript<{ applied: boolean; shipped: unknown[]; patched: unknown[]; foldersWatched: number; batchFoldersWatched: number }>(script);

  it("applies to the pinned tslab", () => {
    expect(result.applied).toBe(true);
  });

  it("gives what tslab gives, cell by cell (also without folder watchers): JavaScript, declarations, diagnostics, top-level await, last expression", () => {
    expect(result.patched).toEqual(result.shipped);
    const cellsOut = result.shipped as { output?: string; diagnostics: unknown[]; hasToplevelAwait?: boolean; lastExpressionVar?: string }[];
    expect(cellsOut.map((c) => c.diagnostics.length > 0)).toEqual([false, false, false, false, true, false, false, false, false]);
    expect(cellsOut[3]!.hasToplevelAwait).toBe(true);
    expect(cellsOut[2]!.lastExpressionVar).toBeDefined();
    expect(cellsOut[0]!.output).toContain("exports.f = f");
  });

  it("watches no folder in a batch process (loadTslab's watchDirectories: false); tslab as shipped watches hundreds", () => {
    expect(result.foldersWatched).toBeGreaterThan(100);
    expect(result.batchFoldersWatched).toBe(0);
  });
});
