/**
 * An exploratory run (the Jupyter kernel, `--param`, `--out`) says what it ran: its claims record the
 * parameters in effect and the commit and uncommitted sources it ran, and point at the files it wrote in scratch/, and every claim it shows inline carries
 * the "exploratory" marker; a default run shows and records neither.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { notebookOutput } from "../../lib/output/notebook-output.ts";
import { repoRoot, RESULTS_DIR_ENV } from "../../lib/paths.ts";
import { RUN_CONTEXT_ENV } from "../../lib/run-context.ts";

const root = join(repoRoot, "scratch", `test-exploratory-${process.pid}`);
const claim = { id: "fixture-claim", claim: "a fixture claim", source: "test", paperValue: "95 %", kitValue: "94.9 %", tolerance: "exact", status: "contradicted", reason: "differs", figure: "f.svg" };
let shown = "";

beforeEach(() => {
  mkdirSync(join(root, "nb"), { recursive: true });
  writeFileSync(join(root, "nb", "f.svg"), "<svg/>");
  process.env[RESULTS_DIR_ENV] = root;
  shown = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    shown += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env[RESULTS_DIR_ENV];
  delete process.env[RUN_CONTEXT_ENV];
  rmSync(root, { recursive: true, force: true });
});

describe("claims of an exploratory run", () => {
  it("Jupyter: parameters in effect, the figure in scratch/, the marker on the banner, every table row and every verdict", () => {
    const sources = `${"a1".repeat(20)} + uncommitted changes: lib/masks/window.ts, notebooks/03-pruning-ratio.ipynb`;
    process.env[RUN_CONTEXT_ENV] = JSON.stringify({ kind: "exploratory", reason: "Jupyter kernel", parameters: ["posterK=5", "posterGrid=28"], producedFrom: sources });
    const out = notebookOutput("nb");
    const rows = out.claims([claim], { verdicts: true });
    out.verdicts(rows);
    out.verdictSummary("**Verdict.** the window claim fails");
    const recorded = JSON.parse(readFileSync(join(root, "nb", "claims.json"), "utf8")) as Record<string, string>[];
    expect(recorded[0]).toMatchObject({ run: "exploratory (Jupyter kernel)", parameters: "posterK=5, posterGrid=28", figure: `scratch/test-exploratory-${process.pid}/nb/f.svg`, producedFrom: sources });
    expect(shown).toContain(
      `⚠ exploratory run** (Jupyter kernel; parameters: posterK=5, posterGrid=28; code: commit ${"a1".repeat(6)} + uncommitted changes: lib/masks/window.ts, notebooks/03-pruning-ratio.ipynb)`,
    );
    expect(shown).toMatch(/fixture-claim .* contradicted \(exploratory\)/);
    expect(shown.match(/\*\*fixture-claim: contradicted \(exploratory\)\.\*\*/g)).toHaveLength(2);
    expect(shown).toContain("*(exploratory run: not the ledger's verdict)* **Verdict.**");
    expect(readFileSync(join(root, "nb", "claims.csv"), "utf8")).toContain("contradicted (exploratory)");
  });

  it("Jupyter before the parameters cell ran: says the parameters were not read, never 'notebook defaults'", () => {
    process.env[RUN_CONTEXT_ENV] = JSON.stringify({ kind: "exploratory", reason: "Jupyter kernel", parameters: [], parametersNote: "not read: the parameters cell has not run in this kernel" });
    notebookOutput("nb").claims([claim]);
    const recorded = JSON.parse(readFileSync(join(root, "nb", "claims.json"), "utf8")) as Record<string, string>[];
    expect(recorded[0]!["parameters"]).toBe("not read: the parameters cell has not run in this kernel");
  });

  it("a default run: results/ paths, no marker", () => {
    const out = notebookOutput("nb");
    const rows = out.claims([claim], { verdicts: true });
    out.verdictSummary("**Verdict.** the window claim fails");
    expect(rows[0]!.figure).toBe("results/nb/f.svg");
    // A default run's own claims.json leaves producedFrom to the gather step (results/<nb>/produced-from.json).
    expect((JSON.parse(readFileSync(join(root, "nb", "claims.json"), "utf8")) as Record<string, string>[])[0]!["producedFrom"]).toBe("");
    expect(shown).not.toContain("exploratory");
    expect(shown).toContain("**fixture-claim: contradicted.** differs.");
  });
});
