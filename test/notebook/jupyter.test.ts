/**
 * The Jupyter path: `jupyter nbconvert --execute` with the kit's kernelspec gives the same executed notebook
 * as the headless runner. Skipped (with the reason) where Debian's Jupyter is not installed.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { comparableCells, executeWithNbconvert, jupyterAvailable } from "../../lib/notebook/jupyter.ts";
import { serializeNotebook } from "../../lib/notebook/ipynb.ts";
import { copyFixtures, runReproduce } from "./helpers.ts";

const available = jupyterAvailable();
if (!available.ok) console.warn(`test/notebook/jupyter.test.ts skipped: ${available.reason}`);

describe("Jupyter path", () => {
  const dir = copyFixtures("basic");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!available.ok)(
    available.ok ? "nbconvert with the vitsparse-tslab kernel saves the same notebook as npm run reproduce" : `skipped: ${available.reason}`,
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
