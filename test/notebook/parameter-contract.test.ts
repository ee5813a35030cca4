/**
 * Parameter contracts (`lib/notebook/parameter-contract.ts`): the grammar, the checks, and every tracked
 * notebook's parameters cell declaring a contract its own defaults keep. Bad `--param` values on notebook 03
 * exit 2 with one line before any notebook work starts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { committedNotebooks } from "../../lib/notebook/committed.ts";
import { joinText, readNotebook } from "../../lib/notebook/ipynb.ts";
import { contractProblem, describeContract, parseContract } from "../../lib/notebook/parameter-contract.ts";
import { contractViolations, defaultValue, injectParameters, parametersCellIndex, parseParameterArgs, parseParameterCell } from "../../lib/notebook/parameters.ts";
import { parametersCellDeclarations, withParametersCheck } from "../../lib/notebook/kernel-parameters.ts";
import { repoRoot } from "../../lib/paths.ts";
import { RUN_CONTEXT_ENV, runContext } from "../../lib/run-context.ts";

function contract(text: string) {
  const parsed = parseContract(text);
  if (parsed === null) throw new Error(`not a contract: ${text}`);
  return parsed.contract;
}

describe("contract grammar", () => {
  it("reads scalars, lists, pairs, choices and the description after the colon", () => {
    expect(parseContract("odd integer in [1, posterGrid]: the window side")).toMatchObject({ contract: { kind: "scalar", text: "odd integer in [1, posterGrid]" }, description: "the window side" });
    expect(parseContract("integers in [0, blocks - 1], distinct, non-empty: blocks")).toMatchObject({ contract: { kind: "list", distinct: true, nonEmpty: true } });
    expect(parseContract("integer pairs in [0, 13]")).toMatchObject({ contract: { kind: "list", element: { kind: "pair" } } });
    expect(parseContract('one of "clip", "shift": how the window meets the border')).toMatchObject({ contract: { kind: "one-of", choices: ["clip", "shift"] }, description: "how the window meets the border" });
    expect(parseContract("one of 0, 1, 2")).toMatchObject({ contract: { kind: "one-of", choices: [0, 1, 2] } });
    expect(parseContract("boolean: draw it")).toMatchObject({ contract: { kind: "boolean" }, description: "draw it" });
    expect(parseContract("the poster's value")).toBeNull();
  });

  it("refuses a malformed contract with what is wrong", () => {
    expect(() => parseContract("integer in [1, 3")).toThrow(/not closed/);
    expect(() => parseContract("integer in [1]")).toThrow(/expected \[lo, hi\]/);
    expect(() => parseContract("odd number in [1, 3]")).toThrow(/only integers can be odd/);
    expect(() => parseContract("integer in [1, 3], distinct")).toThrow(/applies to a list/);
    expect(() => parseContract("integer in [1, k +]")).toThrow(/bound "k \+"/);
    expect(() => parseContract("one of clip, shift")).toThrow(/not a JSON literal/);
  });

  it("checks parity, open and closed ends, ranges naming other parameters, lists and choices", () => {
    const k = contract("odd integer in [1, min(gridH, gridW)]");
    const scope = new Map([["gridH", 16], ["gridW", 9]]);
    expect(contractProblem(9, k, scope)).toBeNull();
    expect(contractProblem(4, k, scope)).toBe("4 is even");
    expect(contractProblem(11, k, scope)).toBe("11 is out of range");
    expect(contractProblem(2.5, k, scope)).toBe("2.5 is not an integer");
    expect(contractProblem("5", k, scope)).toBe('"5" is not a whole number');
    expect(describeContract(k, scope)).toBe("an odd integer in [1, min(gridH, gridW)] = [1, 9]");
    const share = contract("number in (0, 1]");
    expect(contractProblem(0, share)).toBe("0 is out of range");
    expect(contractProblem(1, share)).toBeNull();
    const blocks = contract("integers in [0, blocks - 1], distinct");
    expect(contractProblem([], blocks, new Map([["blocks", 12]]))).toBeNull();
    expect(contractProblem([0, 12], blocks, new Map([["blocks", 12]]))).toBe("12 is out of range");
    expect(contractProblem([1, 1], blocks, new Map([["blocks", 12]]))).toBe("1 is listed twice");
    expect(contractProblem(3, blocks, new Map([["blocks", 12]]))).toBe("3 is not a list");
    expect(contractProblem([], contract("integers in [0, 3], non-empty"))).toBe("the list is empty");
    expect(contractProblem([[1, 14]], contract("integer pairs in [0, 13]"))).toBe("14 in [1,14] is out of range");
    expect(contractProblem("wrap", contract('one of "clip", "shift"'))).toBe('"wrap" is not one of them');
    expect(contractProblem(1, contract("boolean"))).toBe("1 is not true or false");
    expect(contractProblem(["a=1", 2], contract("strings"))).toBe("2 is not a string");
    expect(contractProblem("a=1", contract("strings"))).toBe("\"a=1\" is not a list");
    expect(contractProblem(["a=1"], contract("strings: overrides"))).toBeNull();
  });
});

describe("every tracked notebook's parameters cell", () => {
  const notebooks = committedNotebooks(repoRoot).paths;
  it("has notebooks to check", () => expect(notebooks.length).toBeGreaterThan(5));
  for (const path of notebooks) {
    const label = path.split("/").pop()!.replace(/\.ipynb$/, "");
    it(`${label}: each parameter declares a contract and a description; the defaults keep them`, () => {
      const nb = readNotebook(path);
      const index = parametersCellIndex(nb);
      expect(index, "a code cell tagged parameters").toBeGreaterThanOrEqual(0);
      const declared = parseParameterCell(joinText(nb.cells[index]!.source), label);
      expect(declared.length).toBeGreaterThan(0);
      for (const d of declared) {
        expect(d.contract, `${label}: ${d.name} has no contract comment`).toBeDefined();
        expect(d.description ?? "", `${label}: ${d.name} has no description`).not.toBe("");
        expect(defaultValue(d), `${label}: ${d.name}'s default ${d.defaultText} is not a JSON literal`).not.toBeUndefined();
      }
      const values = new Map(declared.map((d) => [d.name, defaultValue(d)]));
      expect(contractViolations(declared, values, new Set(), (n) => n)).toEqual([]);
    });
  }
});

describe("bad --param values on notebook 03", () => {
  const nb = readNotebook(join(repoRoot, "notebooks", "03-pruning-ratio.ipynb"));
  const inject = (...args: string[]) => () => injectParameters(nb, parseParameterArgs(args), "03-pruning-ratio");
  it("an unknown parameter, an even k, a k larger than the grid, a grid that breaks the default k", () => {
    expect(inject("heads=6")).toThrow(/^03-pruning-ratio: --param heads=6: unknown parameter "heads" \(known parameters: gridSides, windowSizes, posterK, posterGrid, /);
    expect(inject("posterK=4")).toThrow("03-pruning-ratio: --param posterK=4 refused: posterK must be an odd integer in [1, posterGrid] = [1, 14]; 4 is even");
    expect(inject("posterK=15")).toThrow(/posterK=15 refused: .* = \[1, 14\]; 15 is out of range/);
    expect(inject("posterGrid=2")).toThrow("03-pruning-ratio: posterK = 3 in the parameters cell refused with --param posterGrid=2: posterK must be an odd integer in [1, posterGrid] = [1, 2]; 3 is out of range");
    expect(inject("windowedBlocks=[0,12]")).toThrow(/windowedBlocks=\[0,12\] refused: .*\[0, blocks - 1\] = \[0, 11\].*12 is out of range/);
    expect(inject("posterK=5", "posterGrid=16")).not.toThrow();
  });

  it.each([["heads=6", /unknown parameter "heads"/], ["posterK=4", /posterK=4 refused: .*4 is even/]])(
    "npm run reproduce -- notebooks/03-pruning-ratio.ipynb --param %s: exit 2, one line, no worker, nothing written",
    (param, message) => {
      const scratch = join(repoRoot, "scratch", "param", "03-pruning-ratio.ipynb");
      const before = existsSync(scratch) ? readFileSync(scratch, "utf8") : null;
      const r = spawnSync(process.execPath, ["bin/run-script.js", "scripts/reproduce.ts", "notebooks/03-pruning-ratio.ipynb", "--param", param], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/running|cell \d/);
      expect(existsSync(scratch) ? readFileSync(scratch, "utf8") : null).toBe(before);
    },
    60_000,
  );
});

describe("the parameters cell in the Jupyter kernel", () => {
  const cell = "let gridSize = 14; // integer in [1, 64]: grid\nlet k = 3; // odd integer in [1, gridSize]: window\n";

  it("recognises a parameters cell by its declarations with contracts, and nothing else", () => {
    expect(parametersCellDeclarations(cell)?.map((d) => d.name)).toEqual(["gridSize", "k"]);
    expect(parametersCellDeclarations("let k = 3;\nlet j = 4;")).toBeNull();
    expect(parametersCellDeclarations("const out = notebookOutput('x');\nout.table('t', []);")).toBeNull();
  });

  it("after the cell runs: records the values in effect, or fails the cell with one line per broken contract", async () => {
    const saved = process.env[RUN_CONTEXT_ENV];
    const sources = `${"b2".repeat(20)} + uncommitted changes: notebooks/03-pruning-ratio.ipynb`;
    process.env[RUN_CONTEXT_ENV] = JSON.stringify({ kind: "exploratory", reason: "Jupyter kernel", parameters: [], producedFrom: sources });
    try {
      let store: Record<string, unknown> = {};
      const written: string[] = [];
      const execute = withParametersCheck(async (src) => {
        store = src.includes("k = 4") ? { gridSize: 14, k: 4 } : src.includes("k = 5") ? { gridSize: 28, k: 5 } : store;
        return true;
      }, (line) => written.push(line), () => store);
      expect(await execute(cell.replace("k = 3", "k = 4"))).toBe(false);
      expect(written).toEqual(["parameters cell: k = 4 refused: k must be an odd integer in [1, gridSize] = [1, 14]; 4 is even\n"]);
      expect(runContext().parameters).toEqual([]);
      expect(await execute(cell.replace("k = 3", "k = 5").replace("gridSize = 14", "gridSize = 28"))).toBe(true);
      expect(runContext()).toEqual({ kind: "exploratory", reason: "Jupyter kernel", parameters: ["gridSize=28", "k=5"], producedFrom: sources });
      expect(await execute("console.log(k)")).toBe(true);
      expect(runContext().parameters).toEqual(["gridSize=28", "k=5"]);
    } finally {
      if (saved === undefined) delete process.env[RUN_CONTEXT_ENV];
      else process.env[RUN_CONTEXT_ENV] = saved;
    }
  });
});
