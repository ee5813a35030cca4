import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../lib/errors.ts";
import { formatTableValue, renderTableHtml, renderTableText, showTable } from "../../lib/output/display.ts";
import { clearedNotebook } from "../../lib/notebook/execute-notebook.ts";
import { joinText, parseNotebook, readNotebook, serializeNotebook, splitLines, type CodeCell } from "../../lib/notebook/ipynb.ts";
import { injectParameters, parseParameterArgs, parseParameterCell, withoutInjectedParameters } from "../../lib/notebook/parameters.ts";
import { portablePaths } from "../../lib/notebook/portable-text.ts";
import { expandShorthandProperties } from "../../lib/notebook/tslab-compat.ts";
import { ensureRequirements, REFERENCE_UNAVAILABLE, requiredFiles } from "../../lib/notebook/requirements.ts";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "notebooks");
const temp = mkdtempSync(join(tmpdir(), "vitsparse-nbformat-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("ipynb serialization", () => {
  it("writes exactly what Python's nbformat wrote (fixtures were written by nbformat 5.5)", () => {
    for (const name of ["basic", "failing", "needs-reference"]) {
      const path = join(FIXTURES, `${name}.ipynb`);
      expect(serializeNotebook(readNotebook(path))).toBe(readFileSync(path, "utf8"));
    }
  });

  it("splits lines like str.splitlines(keepends=True)", () => {
    expect(splitLines("a\nb\r\nc\rd")).toEqual(["a\n", "b\r\n", "c\r", "d"]);
    expect(splitLines("x\n")).toEqual(["x\n"]);
    expect(splitLines("")).toEqual([]);
  });

  it("sorts keys and splits outputs into lines", () => {
    const nb = parseNotebook(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { z: 1, a: 2 }, cells: [] }), "x");
    const cell: CodeCell = {
      cell_type: "code",
      source: "1\n2",
      metadata: {},
      execution_count: 1,
      outputs: [{ output_type: "stream", name: "stdout", text: "one\ntwo\n" }],
    };
    nb.cells.push(cell);
    const text = serializeNotebook(nb);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.indexOf('"a": 2')).toBeLessThan(text.indexOf('"z": 1'));
    expect(text).toContain('"text": [\n      "one\\n",\n      "two\\n"\n     ]');
  });

  it("rejects files that are not nbformat 4 notebooks, naming the file", () => {
    expect(() => parseNotebook("{", "bad.ipynb")).toThrowError(/bad\.ipynb: not a valid notebook \(JSON parse error/);
    expect(() => parseNotebook('{"nbformat": 3, "cells": []}', "old.ipynb")).toThrowError(/old\.ipynb: expected nbformat 4, found 3/);
    expect(() => parseNotebook('{"nbformat": 4, "cells": [{"cell_type": "python"}]}', "c.ipynb")).toThrowError(/cell 1 has unknown cell_type "python"/);
    expect(() => readNotebook(join(temp, "missing.ipynb"))).toThrowError(UserError);
  });

  it("clears outputs, counts and timing metadata", () => {
    const nb = readNotebook(join(FIXTURES, "basic.ipynb"));
    const code = nb.cells[1] as CodeCell;
    code.outputs = [{ output_type: "stream", name: "stdout", text: "old" }];
    code.execution_count = 7;
    code.metadata["execution"] = { "iopub.status.busy": "2024-01-01T00:00:00Z" };
    const cleared = clearedNotebook(nb).cells[1] as CodeCell;
    expect(cleared.outputs).toEqual([]);
    expect(cleared.execution_count).toBeNull();
    expect(cleared.metadata).toEqual({ tags: ["parameters"] });
  });
});

describe("parameters", () => {
  const nb = readNotebook(join(FIXTURES, "basic.ipynb"));

  it("parses the parameters cell", () => {
    expect(parseParameterCell('let k = 3;\n// note\nlet label: string = "demo";\n\nconst s = [1, 2];', "nb")).toEqual([
      { name: "k", defaultText: "3" },
      { name: "label", annotation: "string", defaultText: '"demo"' },
      { name: "s", defaultText: "[1, 2]" },
    ]);
    expect(() => parseParameterCell("k = 3;", "nb")).toThrowError(/nb: line 1 of the parameters cell is not "let name = literal;": k = 3;/);
  });

  it("parses values as JSON literals, else strings", () => {
    const p = parseParameterArgs(["k=5", "label=hello world", "flag=true", "list=[1,2]", "q=\"5\""]);
    expect([...p]).toEqual([["k", 5], ["label", "hello world"], ["flag", true], ["list", [1, 2]], ["q", "5"]]);
    expect(() => parseParameterArgs(["k"])).toThrowError(/--param expects name=value/);
    expect(() => parseParameterArgs(["k=1", "k=2"])).toThrowError(/--param k given twice/);
  });

  it("injects a tagged cell after the parameters cell restating every parameter in its order, the overridden ones marked, keeping type annotations", () => {
    const out = injectParameters(nb, parseParameterArgs(["label=x", "k=5"]), "basic");
    expect(out.cells.length).toBe(nb.cells.length + 1);
    const injected = out.cells[2]!;
    expect(injected.metadata).toEqual({ tags: ["injected-parameters"] });
    expect(injected.id).toBe("injected-parameters");
    expect(joinText(injected.source).split("\n").slice(1)).toEqual(["let k = 5; // --param", 'let label: string = "x"; // --param', "let scale: number = 0.5;"]);
    // Rerunning removes the earlier injected cell instead of stacking a second one.
    expect(injectParameters(out, parseParameterArgs(["k=6"]), "basic").cells.length).toBe(nb.cells.length + 1);
    expect(withoutInjectedParameters(out).cells.length).toBe(nb.cells.length);
  });

  it("names the unknown parameter and lists the known ones", () => {
    expect(() => injectParameters(nb, parseParameterArgs(["nope=1"]), "basic")).toThrowError(
      'basic: --param nope=1: unknown parameter "nope" (known parameters: k, label, scale)',
    );
    const noParams = readNotebook(join(FIXTURES, "failing.ipynb"));
    noParams.cells[0]!.metadata = {};
    expect(() => injectParameters(noParams, parseParameterArgs(["k=1"]), "failing")).toThrowError(/no code cell tagged "parameters"/);
  });
});

describe("display", () => {
  const rows = [
    { model: "DeiT-Tiny", share: 0.4567, n: 12 },
    { model: "LeViT <128>", share: -0.0001, n: null },
  ];

  it("formats numbers with opts.digits", () => {
    expect(formatTableValue(1 / 3, 2)).toBe("0.33");
    expect(formatTableValue(12, 2)).toBe("12");
    expect(formatTableValue(-0.0001, 2)).toBe("0.00");
    expect(formatTableValue(Number.NaN)).toBe("NaN");
    expect(formatTableValue(undefined)).toBe("");
  });

  it("renders an escaped HTML table and an aligned text table", () => {
    const html = renderTableHtml(rows, { digits: 2 });
    expect(html).toContain("<td style=\"text-align:left\">LeViT &lt;128&gt;</td>");
    expect(html).toContain("<td style=\"text-align:right\">0.46</td>");
    expect(renderTableText(rows, { digits: 2 })).toBe(
      ["model        share   n", "-----------  -----  --", "DeiT-Tiny     0.46  12", "LeViT <128>   0.00"].join("\n"),
    );
  });

  it("prints the text form to stdout outside a notebook", () => {
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      showTable(rows, { digits: 1, columns: ["model", "n"] });
    } finally {
      process.stdout.write = write;
    }
    expect(written.join("")).toBe("model         n\n-----------  --\nDeiT-Tiny    12\nLeViT <128>\n");
  });
});

describe("cell source rewriting", () => {
  it("expands object shorthand (tslab loses earlier-cell variables in { x }) and leaves binding patterns alone", () => {
    expect(expandShorthandProperties("const o = { ...a, k, b: 1, f() { return { k }; } };\n({ x = 1, y } = obj);\nconst { p, q } = o;")).toBe(
      "const o = { ...a, k: k, b: 1, f() { return { k: k }; } };\n({ x: x = 1, y: y } = obj);\nconst { p, q } = o;",
    );
  });
});

describe("portable paths and required data", () => {
  it("rewrites absolute paths under the root to relative ones", () => {
    expect(portablePaths("at /work/x/results/a.svg and file:///work/x/lib/b.ts, root /work/x", "/work/x")).toBe(
      "at results/a.svg and lib/b.ts, root .",
    );
  });

  it("reads metadata.vitsparse.requires and rejects paths outside the repository", () => {
    const nb = readNotebook(join(FIXTURES, "needs-reference.ipynb"));
    expect(requiredFiles(nb, "n")).toEqual(["data/external/fixture-never-present.arrow"]);
    nb.metadata["vitsparse"] = { requires: ["../secret"] };
    expect(() => requiredFiles(nb, "n")).toThrowError(/must be a path inside the repository/);
  });

  it("skips when data stays missing, and uses ensureReferenceData when it provides the file", async () => {
    const root = join(temp, "repo");
    mkdirSync(root, { recursive: true });
    const absent = await ensureRequirements(["data/external/a.arrow"], root);
    expect(absent).toEqual({ ok: false, reason: `${REFERENCE_UNAVAILABLE}; missing data/external/a.arrow`, missing: ["data/external/a.arrow"] });
    mkdirSync(join(root, "lib", "data", "reference"), { recursive: true });
    writeFileSync(
      join(root, "lib", "data", "reference", "ensure.ts"),
      `import { mkdirSync, writeFileSync } from "node:fs";
export async function ensureReferenceData(): Promise<boolean> {
  mkdirSync(${JSON.stringify(join(root, "data", "external"))}, { recursive: true });
  writeFileSync(${JSON.stringify(join(root, "data", "external", "a.arrow"))}, "x");
  return true;
}
`,
    );
    expect(await ensureRequirements(["data/external/a.arrow"], root)).toEqual({ ok: true });
    const stillMissing = await ensureRequirements(["data/external/b.arrow"], root);
    expect(stillMissing.ok).toBe(false);
  });
});
