/**
 * A researcher's own cells, run in the kit's TypeScript kernel (tslab's executor, as Jupyter and reproduce run
 * them): interface-typed rows go into showTable/out.table, and Plot without a document gives one line pointing
 * to the figure helper instead of Plot's internal TypeError.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PLOT_WITHOUT_DOCUMENT_HINT, isPlotWithoutDocument } from "../../lib/output/plot-hint.ts";
import { renderTableText, type TableValue } from "../../lib/output/display.ts";
import { maskStats, type MaskStats } from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { repoRoot } from "../../lib/paths.ts";

/** Runs cells in a fresh kernel process; returns each cell's ok flag, error text and text outputs. */
function runCells(cells: string[]): { ok: boolean; error?: string; text: string }[] {
  const script = `
    import { createCellExecutor } from "./lib/notebook/cell-executor.ts";
    const cells = JSON.parse(process.env.CELLS);
    const ex = createCellExecutor();
    const out = [];
    for (const c of cells) {
      const r = await ex.run(c);
      const text = r.outputs.map((o) => o.output_type === "stream" ? o.text : o.output_type === "display_data" ? (o.data["text/plain"] ?? "") : "").join("");
      out.push({ ok: r.ok, error: r.error ? r.error.ename + ": " + r.error.evalue : undefined, text });
    }
    ex.close();
    process.stdout.write("\\n@@" + JSON.stringify(out));
  `;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: repoRoot,
    env: { ...process.env, CELLS: JSON.stringify(cells) },
    encoding: "utf8",
    timeout: 120_000,
  });
  const at = r.stdout.lastIndexOf("\n@@");
  if (at < 0) throw new Error(`kernel run failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.slice(at + 3)) as { ok: boolean; error?: string; text: string }[];
}

describe("own cells in the kit's kernel", () => {
  it("showTable([maskStats(m)]) compiles and shows the row; Plot.plot without a document is one line naming the figure helper", () => {
    const [table, plot, helper] = runCells([
      `import { showTable } from "./lib/output/display.ts";
       import { maskStats } from "./lib/masks/sparse-mask.ts";
       import { windowMask } from "./lib/masks/window.ts";
       const m = windowMask({ gridH: 14, gridW: 14, kh: 3 });
       showTable([maskStats(m)]);`,
      `import * as Plot from "@observablehq/plot";
       Plot.plot({ marks: [Plot.dot([1, 2, 3])] });`,
      `import { renderFigure } from "./lib/output/figure.ts";
       renderFigure((Plot, document) => Plot.plot({ document, marks: [Plot.dot([1, 2, 3])] })).includes("<svg")`,
    ]);
    expect(table!.error).toBeUndefined();
    expect(table!.ok).toBe(true);
    expect(table!.text).toMatch(/1993/);
    expect(plot!.ok).toBe(false);
    expect(plot!.error).toContain(PLOT_WITHOUT_DOCUMENT_HINT);
    expect(plot!.error!.split("\n")).toHaveLength(1);
    expect(helper!.ok).toBe(true);
    expect(helper!.text).toMatch(/true/);
  }, 150_000);
});

describe("plot-hint and table rows (in-process)", () => {
  it("recognises Plot's missing-document error, not other TypeErrors", () => {
    expect(isPlotWithoutDocument({ message: "Cannot read properties of undefined (reading 'documentElement')", stack: "TypeError: x\n    at Module.plot (file:///r/node_modules/@observablehq/plot/src/plot.js:156:44)" })).toBe(true);
    expect(isPlotWithoutDocument({ message: "Cannot read properties of undefined (reading 'length')" })).toBe(false);
    expect(isPlotWithoutDocument({ message: "Cannot read properties of undefined (reading 'documentElement')", stack: "TypeError: x\n    at mine (file:///r/lib/x.ts:1:1)" })).toBe(false);
  });
  it("an interface-typed row renders like the same object literal", () => {
    const s: MaskStats = maskStats(windowMask({ gridH: 7, gridW: 7, kh: 3 }));
    const literal: Record<string, TableValue> = { ...s };
    expect(renderTableText([s])).toBe(renderTableText([literal]));
  });
});
