/**
 * The Jupyter path: `jupyter nbconvert --execute` with the kit's kernelspec gives the same executed notebook
 * as the headless runner. Needs Debian's jupyter-nbconvert (npm test's set-up installs it where it can; where it is
 * missing, the tests fail with the line naming it and the install command).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { comparableCells, executeWithNbconvert } from "../../lib/notebook/jupyter.ts";
import { serializeNotebook } from "../../lib/notebook/ipynb.ts";
import { repoRoot } from "../../lib/paths.ts";
import { copyFixtures, runReproduce } from "./helpers.ts";
import { requireSystemPackages } from "../system-requirements.ts";


describe("Jupyter path", () => {
  requireSystemPackages(["jupyter-nbconvert"]);
  const dir = copyFixtures("basic");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "nbconvert with the vitsparse-tslab kernel saves the same notebook as npm run reproduce",
    () => {
      const viaJupyterPath = join(dir, "via-jupyter.ipynb");
      const viaJupyter = executeWithNbconvert(join(dir, "basic.ipynb"), { output: viaJupyterPath });
      const viaRunnerPath = join(dir, "via-runner.ipynb");
      const run = runReproduce([join(dir, "basic.ipynb"), "--out", viaRunnerPath, "--no-claims"]);
      expect(run.status).toBe(0);
      const runnerText = readFileSync(viaRunnerPath, "utf8");
      // Same outputs cell by cell (streams merged, as newer nbclient does) ...
      const fromRunner = comparableCells(JSON.parse(runnerText));
      expect(comparableCells(viaJupyter)).toEqual(fromRunner);
      expect(fromRunner.flatMap((c) => c.outputs).length).toBeGreaterThan(4);
      // ... and the same file, byte for byte.
      expect(serializeNotebook(viaJupyter)).toBe(runnerText);
      expect(readFileSync(viaJupyterPath, "utf8")).toBe(runnerText);
    },
    480_000,
  );
});

describe("cells run in the Jupyter kernel write to scratch/jupyter/", () => {
  requireSystemPackages(["jupyter-nbconvert"]);
  /** `git status` of the committed outputs: results/ (untracked files included) and notebooks/. */
  const committedStatus = (): string =>
    spawnSync("git", ["status", "--porcelain", "--untracked-files=all", "--", "results", "notebooks"], { cwd: repoRoot, encoding: "utf8" }).stdout;
  const scratch = join(repoRoot, "scratch", "jupyter", "ledger");
  const dir = copyFixtures("ledger");
  const misrouted = join(repoRoot, "results", "ledger"); // where a kernel without the routing would write
  const hadMisrouted = existsSync(misrouted);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
    if (!hadMisrouted) rmSync(misrouted, { recursive: true, force: true });
  });

  it(
    "a cell that saves a table and claims: files in scratch/jupyter/ledger/, claims exploratory, results/ untouched",
    () => {
      rmSync(scratch, { recursive: true, force: true });
      const before = committedStatus();
      // The real kernel: Jupyter starts jupyter/kernels/vitsparse-tslab/launch.sh -> lib/notebook/kernel-main.ts.
      executeWithNbconvert(join(dir, "ledger.ipynb"));
      expect(readFileSync(join(scratch, "numbers.csv"), "utf8")).toBe("i\n0\n1\n");
      const claims = JSON.parse(readFileSync(join(scratch, "claims.json"), "utf8")) as Record<string, string>[];
      expect(claims[0]).toMatchObject({ id: "ledger-rows", run: "exploratory (Jupyter kernel)" });
      // What the kernel ran: the commit checked out when it started, then any uncommitted sources.
      const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).stdout.trim();
      expect(claims[0]!["producedFrom"]).toMatch(new RegExp(`^${head}( \\+ uncommitted changes: .+)?$`));
      expect(existsSync(misrouted)).toBe(false);
      expect(committedStatus()).toBe(before);
    },
    480_000,
  );
});
