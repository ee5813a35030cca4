/**
 * Notebook 03's text follows its parameters: a parameter run (posterK = 5, posterGrid = 16, windowedBlocks =
 * [0, 1]) into a temporary folder names the new window, grid and block list in its Markdown outputs and its
 * figure caption, with the exact ratio computed here independently, and leaves results/ and the notebook as
 * they were.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pruningRatio } from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { repoRoot } from "../../lib/paths.ts";
import { committedStatus } from "./helpers.ts";
import { NOTEBOOK_03_K5, paramArgs } from "../warmed-runs.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-03-params-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** All Markdown/HTML/plain text of a notebook's outputs. */
function outputText(path: string): string {
  const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: { cell_type: string; outputs?: { data?: Record<string, string | string[]>; text?: string | string[] }[] }[] };
  const join1 = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));
  return nb.cells
    .flatMap((c) => c.outputs ?? [])
    .map((o) => (o.data ? join1(o.data["text/markdown"]) + join1(o.data["text/html"]) + join1(o.data["text/plain"]) : join1(o.text)))
    .join("\n");
}

describe("notebook 03 with non-default parameters", () => {
  it("texts name posterK = 5, a 16×16 grid and blocks 0, 1; results/ untouched", () => {
    const before = committedStatus();
    const out = join(dir, "03.ipynb");
    const r = spawnSync(
      process.execPath,
      ["bin/run-script.js", "scripts/reproduce.ts", NOTEBOOK_03_K5.notebook, ...paramArgs(NOTEBOOK_03_K5), "--out", out, "--no-claims"],
      { cwd: repoRoot, encoding: "utf8", timeout: 400_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const text = outputText(out);
    const ratio = (100 * pruningRatio(windowMask({ gridH: 16, gridW: 16, kh: 5, special: 1 }))).toFixed(4);
    expect(text).toContain(`**${ratio} %** pruned`);
    expect(text).toContain("Blocks 0, 1 windowed (5×5 window on the 16×16 grid, 1 CLS token), blocks 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 dense");
    expect(text).not.toMatch(/3×3 window|blocks 0–5/);
    // the figure's caption rings the chosen window (the SVG beside the executed copy)
    const svgs = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith("window-pruning-sweep.svg"));
    expect(svgs.length).toBe(1);
    const svg = readFileSync(join(dir, svgs[0]!), "utf8").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");
    expect(svg).toContain(`Ringed: k = 5 on the 16×16 grid, ${ratio} % pruned`);
    expect(committedStatus()).toBe(before);
  }, 420_000);
});
