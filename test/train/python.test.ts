/**
 * Runs the PyTorch engine's tests (test/train/python/, Python's unittest) inside `npm test`: each Python test
 * becomes one vitest test here, so the final `N passed, N failed` line counts both languages. The engine
 * against the kit's TypeScript (masks, weights files, logits) is tested in engine-kit.test.ts.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engineEnv, PYTHON_ENV, pythonPath } from "../../lib/train/engine.ts";
import { FASHION_MNIST_PACKAGES, TORCH_PACKAGES } from "../../lib/system-packages.ts";
import { requireSystemPackages } from "../system-requirements.ts";
import { repoRoot } from "../../lib/paths.ts";

interface PyResult {
  name: string;
  ok: boolean;
  message: string;
  seconds: number;
}

// Debian's PyTorch, OpenBLAS and Fashion-MNIST: every test here fails with the one line naming what is missing.
if (!process.env[PYTHON_ENV]) requireSystemPackages([...TORCH_PACKAGES, ...FASHION_MNIST_PACKAGES]);

const python = pythonPath();
const run = spawnSync(python, [join(repoRoot, "test/train/python/run.py")], { env: engineEnv(), encoding: "utf8", timeout: 600_000 });
const results: PyResult[] = (run.stdout ?? "")
  .split("\n")
  .filter((l) => l.startsWith("{"))
  .map((l) => JSON.parse(l) as PyResult);

describe("PyTorch engine (Python unittest)", () => {
  it("the Python test run completes and reports its tests", () => {
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    expect(results.length).toBeGreaterThanOrEqual(10);
  });
  for (const r of results) {
    it(r.name, () => {
      expect(r.ok, r.message).toBe(true);
    });
  }
});
