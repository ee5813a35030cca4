/**
 * A killed run of a notebook that writes many files (like notebook 05): SIGKILL to its worker or to the runner
 * after the new files were staged leaves all committed files of the notebook and the ledger as they were.
 * (The other killed runs: integrity-killed.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { killMidRun, snapshotCommitted, tempRepos } from "./helpers.ts";
import { MANY_FILES_WAITING } from "../warmed-runs.ts";

const repo = tempRepos();

describe("a killed run of a notebook that writes many files (like notebook 05)", () => {
  // 29 committed files in the notebook's folder, 30 new ones staged when the run is killed.
  const committed: Record<string, string> = { "CLAIMS.md": "# the committed ledger\n" };
  for (let f = 0; f < 29; f++) committed[`many-files/old-${String(f).padStart(2, "0")}.csv`] = `f\n${f}\n`;
  const dir = repo({ "many-files": { parameters: MANY_FILES_WAITING.parameters } }, committed);
  const before = snapshotCommitted(dir);

  it.each([
    ["worker", "SIGKILL"],
    ["runner", "SIGKILL"],
  ] as const)("%s killed with %s after the files were written: all 29 committed files and the ledger unchanged", async (target, signal) => {
    const run = await killMidRun(dir, target, signal, "many-files");
    if (target === "worker") expect(run.stderr).toContain("kept committed results of many-files");
    else expect(run.signal).toBe("SIGKILL");
    const after = snapshotCommitted(dir);
    expect(Object.keys(after).filter((p) => p.startsWith("results/many-files/"))).toHaveLength(29);
    expect(after).toEqual(before);
  }, 400_000);
});
