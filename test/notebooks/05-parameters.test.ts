/**
 * Notebook 05's text follows its parameters: a parameter run (k = 5, pesPerLine = 8, windowedBlocks = [0, 1])
 * into a temporary folder names the new window, line length and block list in its Markdown outputs and its
 * figure text, with the ideal work ratio computed here independently, never the defaults (k = 3, 10 PEs,
 * blocks 0–5), and leaves results/ and the notebook as they were. Needs the imported reference data.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { maskStats } from "../../lib/masks/sparse-mask.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { repoRoot } from "../../lib/paths.ts";
import { committedStatus, markdownOutputs } from "./helpers.ts";
import { NOTEBOOK_05_K5, paramArgs } from "../warmed-runs.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-05-params-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The visible text of one SVG written beside the executed copy. */
function svgText(name: string): string {
  const found = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(`${name}.svg`));
  expect(found, name).toHaveLength(1);
  return readFileSync(join(dir, found[0]!), "utf8").replace(/<style[\s\S]*?<\/style>/g, " ").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");
}

const referenceImported = existsSync(join(repoRoot, "data", "external", "vitcod-mask-info-0.95.arrow"));

describe("notebook 05 with non-default parameters", () => {
  it.skipIf(!referenceImported)("texts name k = 5, 8 PEs per line and blocks 0, 1; results/ untouched", () => {
    const before = committedStatus();
    const out = join(dir, "05.ipynb");
    const r = spawnSync(
      process.execPath,
      ["bin/run-script.js", "scripts/reproduce.ts", NOTEBOOK_05_K5.notebook, ...paramArgs(NOTEBOOK_05_K5), "--out", out, "--no-claims"],
      { cwd: repoRoot, encoding: "utf8", timeout: 400_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const text = markdownOutputs(out);
    const kept = maskStats(windowMask({ gridH: 14, gridW: 14, kh: 5, special: 1 }));
    const ideal = `${kept.entries.toLocaleString("en-US")} / ${kept.nnz.toLocaleString("en-US")} = **×${(kept.entries / kept.nnz).toFixed(2)}**`;
    expect(text).toContain(`Ideal work ratio at k = 5: ${ideal}`);
    expect(text).toContain("3 MAC lines × 8 PEs");
    expect(text).toContain("padded to k²+1 = 26 slots");
    expect(text).toContain("windowing blocks 0,1");
    expect(text).not.toMatch(/k = 3\b|× 10 PEs|k²\+1 = 10 |blocks 0–5|blocks 6–11/);
    expect(svgText("fig11-cycles")).toMatch(/k = 5/);
    expect(svgText("design-pes-per-line")).toContain("(k = 5)");
    expect(svgText("design-pes-per-line")).toContain("k²+1 = 26 slots");
    expect(committedStatus()).toBe(before);
  }, 420_000);
});
