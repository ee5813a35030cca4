/**
 * The run's cell precompiler (`lib/notebook/precompile.ts`): the walk over a notebook's cells matches tslab's
 * executor, and a reproduce of two notebooks whose cells were never compiled before runs each notebook
 * without its process compiling a cell.
 */
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeNotebook, type Notebook } from "../../lib/notebook/ipynb.ts";
import { precompileNotebook, type CellCompiler } from "../../lib/notebook/precompile.ts";
import { makeTempDir } from "../../lib/paths.ts";
import { notebookOf, runReproduce } from "./helpers.ts";

/** A notebook of a Markdown cell (not compiled) and code cells with `sources`. */
const notebook = (...sources: string[]): Notebook => notebookOf([{ cell_type: "markdown", metadata: {}, source: "# title" }, ...sources]);

/** A compiler that records each call; a cell containing `BAD` gets a diagnostic. */
function recordingCompiler(metadata: CellCompiler["metadata"] = () => ({})): CellCompiler & { calls: [string, string][] } {
  const calls: [string, string][] = [];
  return {
    calls,
    metadata,
    convert(prevDecl, src) {
      calls.push([prevDecl, src]);
      return src.includes("BAD") ? { diagnostics: ["error"] } : { declOutput: `${prevDecl}[${calls.length}]`, diagnostics: [] };
    },
  };
}

describe("precompileNotebook", () => {
  it("compiles the cells tslab's executor runs, in order, each with the earlier cells' declarations", () => {
    const compiler = recordingCompiler();
    const n = precompileNotebook(notebook("let a = 1;", "   \n", "({ a })", "a + 1"), compiler);
    expect(n).toBe(3);
    // The empty cell is skipped; the shorthand property is expanded as the executor does.
    expect(compiler.calls).toEqual([
      ["", "let a = 1;"],
      ["[1]", "({ a: a })"],
      ["[1][2]", "a + 1"],
    ]);
  });

  it("stops at a cell that does not compile, and at a cell defining a module; skips a browser cell", () => {
    const failing = recordingCompiler();
    expect(precompileNotebook(notebook("let a = 1;", "BAD", "a"), failing)).toBe(1);
    expect(failing.calls.map(([, src]) => src)).toEqual(["let a = 1;", "BAD"]);

    const modes = recordingCompiler((src) => (src.startsWith("//%module") ? { module: "m" } : src.startsWith("//%browser") ? { mode: "browser" } : {}));
    expect(precompileNotebook(notebook("let a = 1;", "//%browser\nx", "a", "//%module\nexport const m = 1;", "a"), modes)).toBe(2);
    expect(modes.calls).toEqual([
      ["", "let a = 1;"],
      ["[1]", "a"],
    ]);
  });
});

describe("reproduce with two notebooks never compiled before", () => {
  const dir = makeTempDir("precompile-test");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("compiles their cells in one process first: neither notebook's process compiles a cell", () => {
    // A fresh comment in every cell: no earlier run can have recorded these cells.
    const nonce = randomUUID();
    const paths = ["a", "b"].map((name) => {
      const path = join(dir, `${name}.ipynb`);
      writeNotebook(path, notebook(`// ${nonce}\nlet n = 2;`, `// ${nonce}\nconsole.log("${name}", n * 3);`));
      return path;
    });
    const run = runReproduce([...paths, "--no-claims", "--json"]);
    expect(run.stderr).toContain("reproduce: compiling the cells of 2 notebooks in one process");
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as { reports: { status: string; compiledCells?: number }[] };
    expect(summary.reports.map((r) => [r.status, r.compiledCells])).toEqual([
      ["ran", 0],
      ["ran", 0],
    ]);
  }, 120_000);
});
