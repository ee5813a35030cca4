/**
 * Runs the PyTorch engine's tests (test/train/python/, Python's unittest) inside `npm test`: each Python test
 * becomes one vitest test here, so the final `N passed, N failed` line counts both languages. Also checks
 * that the engine's window mask equals lib/masks/window.ts's, and that a weights file written by Python reads
 * back here with the same values.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { windowMask } from "../../lib/masks/window.ts";
import { engineEnv, PYTHON_ENV, pythonPath } from "../../lib/train/engine.ts";
import { FASHION_MNIST_PACKAGES, TORCH_PACKAGES } from "../../lib/system-packages.ts";
import { requireSystemPackages } from "../system-requirements.ts";
import { readWeights } from "../../lib/train/weights-file.ts";
import { loadTsVit, tsVitLogits, type AttentionStats } from "../../lib/train/vit-inference.ts";
import { compareLogits } from "../../lib/train/compare-logits.ts";
import { loadFashionMnist } from "../../lib/datasets/fashion-mnist.ts";
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

function pythonJson(code: string): unknown {
  const r = spawnSync(python, ["-c", code], { env: engineEnv(), encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe("engine ↔ kit", () => {
  it("the engine's window mask equals lib/masks/window.ts windowMask (clip, 1 CLS) on several grids and dilations", () => {
    const grids = [[7, 7, 3, 1], [14, 14, 3, 1], [5, 8, 3, 1], [7, 7, 5, 1], [7, 7, 3, 2], [14, 14, 3, 3]] as const;
    const all = pythonJson(
      `import json\nfrom vitsparse_train.masks import window_mask\nout = []\nfor h, w, k, d in ${JSON.stringify(grids)}:\n` +
        `    m = window_mask(h, w, k, 1, d)\n    out.append([[j for j in range(m.shape[1]) if m[i, j]] for i in range(m.shape[0])])\nprint(json.dumps(out))`,
    ) as number[][][];
    grids.forEach(([h, w, k, d], g) => {
      const ts = windowMask({ gridH: h, gridW: w, kh: k, special: 1, border: "clip", dilation: d });
      const tsRows = Array.from({ length: ts.n }, (_, i) => Array.from(ts.colIdx.subarray(ts.rowPtr[i]!, ts.rowPtr[i + 1]!)));
      expect(all[g]).toEqual(tsRows);
    });
  });

  it("a weights file written by the engine reads back in TypeScript with the same values", () => {
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-weights-"));
    try {
      const file = join(dir, "w.bin");
      pythonJson(
        `import json, torch\nfrom vitsparse_train import weights\nweights.write(${JSON.stringify(file)}, {"a": torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4, "b": torch.tensor([-1.5])}, {"note": "x"})\nprint("{}")`,
      );
      const b = readWeights(file);
      expect(b.meta).toEqual({ note: "x" });
      expect(b.tensors.get("a")!.shape).toEqual([2, 3]);
      expect(Array.from(b.tensors.get("a")!.data)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
      expect(Array.from(b.tensors.get("b")!.data)).toEqual([-1.5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [label, extra] of [["window", ""], ["random control (mask stored in the file)", ", mask='random', mask_seed=5"], ["dilated window", ", dilation=2"]] as const)
  it(`exported weights run in TypeScript with the kit's kernels give PyTorch's logits (${label} block through sparseAttention)`, () => {
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-export-"));
    try {
      const file = join(dir, "m.bin");
      const logitsFile = join(dir, "logits.bin");
      pythonJson(
        "import torch\nfrom vitsparse_train.model import ViT, ViTConfig\nfrom vitsparse_train.analyze import export_weights\n" +
          `torch.manual_seed(0)\nm = ViT(ViTConfig(embed_dim=32, depth=2, num_heads=2, windowed_blocks=(0,)${extra}))\n` +
          "[p.data.normal_(0, 0.3) for p in m.parameters()]\n" +
          `export_weights(m, ${JSON.stringify(file)}, {})\nprint("{}")`,
      );
      const r = spawnSync(python, ["-m", "vitsparse_train", "logits", "--weights", file, "--out", logitsFile, "--images", "40"], { env: engineEnv(), encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const ref = readWeights(logitsFile).tensors.get("logits")!.data;
      const vit = loadTsVit(readWeights(file));
      expect(vit.cfg.windowed_blocks).toEqual([0]);
      const test = loadFashionMnist("test");
      const stats: AttentionStats = { sparseSeconds: 0, sparseCalls: 0, denseCalls: 0, backend: "ts" };
      const mine = new Float32Array(40 * 10);
      for (let i = 0; i < 40; i++) mine.set(tsVitLogits(vit, test.images.subarray(i * 784, (i + 1) * 784), stats), i * 10);
      const c = compareLogits(ref, mine, test.labels.subarray(0, 40), 10);
      expect(stats.sparseCalls).toBe(40);
      expect(c.agreeingImages).toBe(40);
      expect(c.maxAbsLogit).toBeGreaterThan(0.5);
      expect(c.maxAbsLogitDiff).toBeLessThan(1e-4);
      // Windowing nothing changes the logits: the sparse path is really used.
      const unmasked = tsVitLogits(vit, test.images.subarray(0, 784), stats, "auto", []);
      expect(Math.max(...Array.from(unmasked, (v, j) => Math.abs(v - ref[j]!)))).toBeGreaterThan(1e-3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
