/**
 * The kit's patch of tslab's compiler (lib/notebook/tslab-compat.ts): the converter emits the cell only, not
 * a second JavaScript copy of each `.ts` file the cell imports, while imported files are still type-checked
 * and imports written `./x`, `./x.js` or `./x.ts` all still run.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, repoRoot } from "../../lib/paths.ts";

const dir = makeTempDir("tslab-compat");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rel = "./" + relative(repoRoot, dir);
writeFileSync(join(dir, "good.ts"), "export const seven: number = 7;\n");
writeFileSync(join(dir, "bad.ts"), 'export const notANumber: number = "x";\n');

/** Converts and runs cells in a fresh process; returns the side outputs of a raw conversion and each cell's result. */
function runInKernel(): { sideOutputs: string[]; cells: { ok: boolean; text: string }[] } {
  const script = `
    import { loadTslab } from "./lib/notebook/tslab-compat.ts";
    import { createCellExecutor } from "./lib/notebook/cell-executor.ts";
    const converter = loadTslab().createConverter({ isJS: false, isBrowser: false });
    const converted = converter.convert("", 'import { seven } from "${rel}/good.ts";\\nseven');
    converter.close();
    const ex = createCellExecutor();
    const cells = [];
    for (const src of [
      'import { seven as a } from "${rel}/good.ts";\\na',
      'import { seven as b } from "${rel}/good";\\nb',
      'import { seven as c } from "${rel}/good.js";\\nc',
      'import { notANumber } from "${rel}/bad.ts";\\nnotANumber',
    ]) {
      const r = await ex.run(src);
      cells.push({ ok: r.ok, text: r.outputs.map((o) => o.output_type === "stream" ? o.text : o.output_type === "error" ? o.ename + ": " + o.evalue : "").join("") });
    }
    ex.close();
    process.stdout.write("\\n@@" + JSON.stringify({ sideOutputs: (converted.sideOutputs ?? []).map((o) => o.path), cells }));
  `;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
  const at = r.stdout.lastIndexOf("\n@@");
  if (at < 0) throw new Error(`kernel run failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.slice(at + 3)) as { sideOutputs: string[]; cells: { ok: boolean; text: string }[] };
}

describe("tslab's converter as the kit patches it", () => {
  const run = runInKernel();

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
