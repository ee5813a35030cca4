/**
 * Notebook 07 answers for the experiment its parameters cell names: a parameter run that changes one spec key
 * (`overrides`: a 3×3 window instead of the file's 5×5, on the poster's Zybo preset) into a temporary folder states
 * the new pruning, the cycles of the poster's MAC lines, a systolic array and ViTCoD's engine on that hardware, and
 * their energy — numbers equal to `vitsparse run` on the same spec — and leaves results/ and the notebook as they were.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { committedStatus, markdownOutputs } from "./helpers.ts";
import { readSpecFile, withAssignments } from "../../lib/experiment/spec.ts";
import { resolveExperiment } from "../../lib/experiment/resolve.ts";
import { runExperiment } from "../../lib/experiment/run.ts";
import { NOTEBOOK_07_KEYS, NOTEBOOK_07_OVERRIDES, paramArgs } from "../warmed-runs.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-07-params-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("notebook 07 with one key changed", () => {
  it("states the new pruning, cycles and energy of each design, as vitsparse run computes them", async () => {
    const overrides = [...NOTEBOOK_07_KEYS];
    const before = committedStatus();
    const out = join(dir, "07.ipynb");
    const r = spawnSync(
      process.execPath,
      ["bin/run-script.js", "scripts/reproduce.ts", NOTEBOOK_07_OVERRIDES.notebook, ...paramArgs(NOTEBOOK_07_OVERRIDES), "--out", out, "--no-claims"],
      { cwd: repoRoot, encoding: "utf8", timeout: 500_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const text = markdownOutputs(out);
    const expected = await runExperiment(resolveExperiment(withAssignments(readSpecFile(join(repoRoot, "experiments", "dilated-200mhz.yaml")), overrides, "test")));
    expect(text).toContain("3×3 window, dilation 2 in blocks 0-5");
    expect(text).toContain(`**${(100 * expected.pruning.pruningRatio).toFixed(2)} %**`);
    for (const d of expected.designs.filter((x) => ["systolic", "mac-lines", "vitcod"].includes(x.design))) {
      expect(text).toContain(`${d.label} ${d.breakdown.total.toLocaleString("en-US")} cycles`);
      expect(text).toContain(`≈ ${d.energy.totalUj.toFixed(0)} µJ`);
    }
    expect(text).toContain("On zybo-z7-20+clockHz=125000000 at 125 MHz");
    expect(committedStatus()).toBe(before);
  }, 600_000);
});
