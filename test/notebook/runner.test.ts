/**
 * The headless runner end to end (`scripts/reproduce.ts` in a child process) on tiny fixture notebooks
 * copied to a temporary folder, so nothing is written into notebooks/ or results/.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinText, readNotebook, serializeNotebook, type CellOutput, type CodeCell, type Notebook } from "../../lib/notebook/ipynb.ts";
import { copyFixtures, FIXTURES, makeTempRepo, runReproduce, snapshotCommitted, type CliRun } from "./helpers.ts";
import { repoRoot } from "../../lib/paths.ts";
import { runScriptInProcess } from "../cli/in-process.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function fixtures(...names: string[]): string {
  const dir = copyFixtures(...names);
  dirs.push(dir);
  return dir;
}

function codeCells(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
}

function streamText(outputs: CellOutput[], name: "stdout" | "stderr"): string {
  return outputs.map((o) => (o.output_type === "stream" && o.name === name ? joinText(o.text) : "")).join("");
}

describe("reproduce: a failing cell", () => {
  let dir: string;
  let run: CliRun;
  let before: Record<string, string>;
  beforeAll(() => {
    // Both notebooks are tracked in a throw-away repository with committed results and a ledger.
    dir = makeTempRepo({ failing: {}, "compile-error": {} }, { "failing/table.csv": "k\n3\n", "claims.arrow": "ARROW1", "CLAIMS.md": "# ledger\n" });
    dirs.push(dir);
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
  beforeAll(() => {
    dir = fixtures("basic");
    const path = join(dir, "basic.ipynb");
    firstRun = runReproduce([path, "--no-claims"]);
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

describe("reproduce: parameters", () => {
  it("overrides values of the parameters cell and records them in an injected cell", () => {
    const dir = fixtures("basic");
    const out = join(dir, "basic-k5.ipynb");
    const run = runReproduce([join(dir, "basic.ipynb"), "--param", "k=5", "--param=label=hello world", "--out", out, "--no-claims"]);
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, "basic.ipynb"), "utf8")).toBe(readFileSync(join(FIXTURES, "basic.ipynb"), "utf8"));
    const cells = codeCells(readNotebook(out));
    expect(cells[1]!.metadata).toEqual({ tags: ["injected-parameters"] });
    expect(joinText(cells[1]!.source)).toContain('let k = 5;\nlet label: string = "hello world";');
    expect(streamText(cells[2]!.outputs, "stdout")).toContain("k=5 label=hello world scale=0.5\n");
  }, 600_000);

  it("rejects an unknown parameter, listing the known ones, before running anything", async () => {
    const dir = fixtures("basic");
    const run = await runScriptInProcess("reproduce", [join(dir, "basic.ipynb"), "--param", "nope=1", "--no-claims"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('basic: --param nope=1: unknown parameter "nope" (known parameters: k, label, scale)');
  }, 600_000);

  it("refuses a value of another kind than a contract-less parameter's default before running anything", async () => {
    const dir = fixtures("basic");
    const run = await runScriptInProcess("reproduce", [join(dir, "basic.ipynb"), "--param", "scale=big", "--no-claims"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('basic: --param scale="big" refused: scale must be a number like its default 0.5');
  }, 600_000);
});

describe("reproduce: isolation, skipping and usage", () => {
  it("runs each notebook with fresh state", () => {
    const dir = fixtures("isolation-a", "isolation-b");
    const run = runReproduce([join(dir, "isolation-a.ipynb"), join(dir, "isolation-b.ipynb"), "--no-claims"]);
    expect(run.status).toBe(0);
    const b = codeCells(readNotebook(join(dir, "isolation-b.ipynb")));
    expect(streamText(b[0]!.outputs, "stdout")).toContain("global from A: undefined\n");
  }, 600_000);

  it("skips a notebook whose required reference data is missing: a partial run, exit 3", async () => {
    const dir = fixtures("needs-reference");
    const run = await runScriptInProcess("reproduce", [join(dir, "needs-reference.ipynb"), "--no-claims"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("needs-reference: skipped: reference data unavailable (run npm run data:import)");
    expect(run.stderr).toMatch(/reproduce: 0 ran, 1 skipped, 0 failed/);
    expect(readFileSync(join(dir, "needs-reference.ipynb"), "utf8")).toBe(readFileSync(join(FIXTURES, "needs-reference.ipynb"), "utf8"));
  }, 600_000);

  it("prints usage with --help and rejects bad input with exit 2 (in-process: scripts/reproduce.ts's main)", async () => {
    const help = await runScriptInProcess("reproduce", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("usage: npm run reproduce");
    expect(help.stdout).toContain("--param");
    const missing = await runScriptInProcess("reproduce", ["nowhere/x.ipynb"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe("reproduce: notebook not found: nowhere/x.ipynb");
    const twoWithParam = await runScriptInProcess("reproduce", [join(FIXTURES, "basic.ipynb"), join(FIXTURES, "failing.ipynb"), "--param", "k=1"]);
    expect(twoWithParam.code).toBe(2);
    expect(twoWithParam.stderr).toContain("--param needs exactly one notebook path (got 2 notebooks)");
  }, 600_000);
});

describe("reproduce --out", () => {
  it("writes the figures/tables of a parameter run beside the executed copy, not into results/", () => {
    const dir = copyFixtures("fixture-results");
    const out = join(dir, "executed.ipynb");
    const run = runReproduce([join(dir, "fixture-results.ipynb"), "--param", "rows=3", "--out", out]);
    expect(run.status, run.stderr).toBe(0);
    const csv = readFileSync(join(dir, "executed.results", "fixture-results", "numbers.csv"), "utf8");
    expect(csv).toBe("i\n0\n1\n2\n");
    expect(existsSync(join(repoRoot, "results", "fixture-results"))).toBe(false);
  }, 600_000);
});
