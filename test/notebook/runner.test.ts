/**
 * The headless runner end to end (`scripts/reproduce.ts` in a child process) on tiny fixture notebooks
 * copied to a temporary folder, so nothing is written into notebooks/ or results/: a failing cell, outputs,
 * determinism and display capture. (Parameters: runner-parameters.test.ts; isolation, skipping, usage and
 * --out: runner-isolation.test.ts; a repository with a lib/ of its own: runner-own-lib.test.ts.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { joinText, readNotebook, serializeNotebook } from "../../lib/notebook/ipynb.ts";
import { codeCells, FIXTURES, runReproduce, snapshotCommitted, streamText, tempFixtures, tempRepos, type CliRun } from "./helpers.ts";

const fixtures = tempFixtures();
const repo = tempRepos();

describe("reproduce: a failing cell", () => {
  let dir: string;
  let run: CliRun;
  let before: Record<string, string>;
  beforeAll(() => {
    // Both notebooks are tracked in a throw-away repository with committed results and a ledger.
    dir = repo({ failing: {}, "compile-error": {} }, { "failing/table.csv": "k\n3\n", "claims.arrow": "ARROW1", "CLAIMS.md": "# ledger\n" });
    before = snapshotCommitted(dir);
    run = runReproduce(["--root", dir]);
  }, 600_000);

  it("exits 1 naming the notebook, the cell and the message, without a stack trace", () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`reproduce: ${join(dir, "notebooks", "failing.ipynb")}: error in cell 3 of 4: RangeError: deliberate failure with k=3\n`);
    expect(run.stderr).toContain(`${join(dir, "notebooks", "compile-error.ipynb")}: error in cell 1 of 1: CompileError: 1:5 - Type 'string' is not assignable to type 'number'.`);
    expect(run.stderr).toMatch(/reproduce: 0 ran, 0 skipped, 2 failed in \d+\.\d s/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("leaves the failed notebooks, their committed results and the ledger unchanged", () => {
    const after = snapshotCommitted(dir);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after).toEqual(before);
    expect(readFileSync(join(dir, "notebooks", "failing.ipynb"), "utf8")).toBe(serializeNotebook(readNotebook(join(FIXTURES, "failing.ipynb"))));
    expect(readFileSync(join(dir, "results", "CLAIMS.md"), "utf8")).toBe("# ledger\n");
  });
});

describe("reproduce: outputs, determinism and display capture", () => {
  let dir: string;
  let first: string;
  let second: string;
  let firstRun: CliRun;
  let tmp: string;
  beforeAll(() => {
    dir = fixtures("basic");
    const path = join(dir, "basic.ipynb");
    // A temporary folder of its own, where the worker's tsx keeps its transform cache.
    tmp = fixtures();
    firstRun = runReproduce([path, "--no-claims"], { TMPDIR: tmp });
    first = readFileSync(path, "utf8");
    runReproduce([path, "--no-claims"]); // reruns on the executed notebook: old outputs must be replaced
    second = readFileSync(path, "utf8");
  }, 600_000);

  it("reports progress per cell and a summary", () => {
    expect(firstRun.status).toBe(0);
    expect(firstRun.stderr).toContain("basic: cell 1/6\n");
    expect(firstRun.stderr).toContain("basic: cell 6/6\n");
    expect(firstRun.stderr).toMatch(/reproduce: 1 ran, 0 skipped, 0 failed in \d+\.\d s/);
  });

  it("lets the worker's file writes finish before it exits: tsx's transform cache is recorded, no entry truncated", () => {
    const cacheDirs = readdirSync(tmp).filter((name) => name.startsWith("tsx-"));
    expect(cacheDirs).toHaveLength(1);
    const entries = readdirSync(join(tmp, cacheDirs[0]!));
    expect(entries.length).toBeGreaterThan(10); // lib/*.ts the cells import, Plot and d3 (ESM-only) as CommonJS
    const unreadable = entries.filter((name) => {
      try {
        JSON.parse(readFileSync(join(tmp, cacheDirs[0]!, name), "utf8"));
        return false;
      } catch {
        return true;
      }
    });
    expect(unreadable).toEqual([]);
  });

  it("gives byte-identical notebooks on two runs", () => {
    expect(second).toBe(first);
    expect(first.endsWith("}\n")).toBe(true);
    expect(first).not.toMatch(/"execution":|iopub|\d{4}-\d\d-\d\dT\d\d:/); // no timing metadata
  });

  it("numbers executed cells sequentially and leaves the empty cell unexecuted", () => {
    const counts = codeCells(readNotebook(join(dir, "basic.ipynb"))).map((c) => c.execution_count);
    expect(counts).toEqual([1, 2, 3, 4, null, 5]);
  });

  it("captures streams, imports of ./lib/*.ts and ESM-only packages, and relative paths", () => {
    const cells = codeCells(readNotebook(join(dir, "basic.ipynb")));
    expect(streamText(cells[1]!.outputs, "stdout")).toBe("k=3 label=demo scale=0.5\ndata file: data/fixture.arrow\nPlot.plot is a function\n");
    expect(streamText(cells[3]!.outputs, "stderr")).toBe("rows: 3\n");
    expect(streamText(cells[5]!.outputs, "stdout")).toBe("{ k: 3, doubled: 6, label: 'demo' }\n");
  });

  it("captures display_data from lib/output/display.ts and tslab.display", () => {
    const cells = codeCells(readNotebook(join(dir, "basic.ipynb")));
    const displays = cells.flatMap((c) => c.outputs).filter((o) => o.output_type === "display_data");
    expect(displays.map((d) => Object.keys(d.data))).toEqual([["text/html", "text/plain"], ["text/markdown", "text/plain"], ["text/html"]]);
    const [table, markdown, html] = displays.map((d) => (d.output_type === "display_data" ? d.data : {}));
    expect(joinText(table!["text/html"])).toContain('<td style="text-align:right">1.50</td>');
    expect(joinText(table!["text/plain"])).toBe("name  value\n----  -----\na      1.50\nb      0.33");
    expect(joinText(markdown!["text/markdown"])).toBe("**k** is 3");
    expect(joinText(html!["text/html"])).toBe("<b>from tslab.display</b>");
  });
});
