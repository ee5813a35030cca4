/**
 * The PyTorch engine against the kit's TypeScript: the engine's window mask equals lib/masks/window.ts's, a
 * weights file written by Python reads back here with the same values, and weights the engine exports run in
 * TypeScript with the kit's kernels giving PyTorch's logits (the engine's `logits` command: once as a real
 * `python3 -m vitsparse_train logits` process, for the other models through its `main()` in the fixture's
 * process). Everything else Python makes for these checks comes from that one fixture process (PyTorch's import
 * alone is about 1.8 CPU-s here).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { windowMask } from "../../lib/masks/window.ts";
import { engineEnv, PYTHON_ENV, pythonPath } from "../../lib/train/engine.ts";
import { FASHION_MNIST_PACKAGES, TORCH_PACKAGES } from "../../lib/system-packages.ts";
import { requireSystemPackages } from "../system-requirements.ts";
import { readWeights } from "../../lib/train/weights-file.ts";
import { loadTsVit, tsVitLogits, type AttentionStats } from "../../lib/train/vit-inference.ts";
import { compareLogits } from "../../lib/train/compare-logits.ts";
import { loadFashionMnist } from "../../lib/datasets/fashion-mnist.ts";

// Debian's PyTorch, OpenBLAS and Fashion-MNIST: every test here fails with the one line naming what is missing.
if (!process.env[PYTHON_ENV]) requireSystemPackages([...TORCH_PACKAGES, ...FASHION_MNIST_PACKAGES]);

const python = pythonPath();
const dir = mkdtempSync(join(tmpdir(), "vitsparse-engine-kit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GRIDS = [[7, 7, 3, 1], [14, 14, 3, 1], [5, 8, 3, 1], [7, 7, 5, 1], [7, 7, 3, 2], [14, 14, 3, 3]] as const;
/** The models exported for the logits check: a label and the ViTConfig arguments that make it. */
const MODELS = [
  ["window", ""],
  ["random control (mask stored in the file)", ", mask='random', mask_seed=5"],
  ["dilated window", ", dilation=2"],
] as const;
const weightsFile = join(dir, "w.bin");
const modelFile = (i: number): string => join(dir, `m${i}.bin`);
const logitsFile = (i: number): string => join(dir, `logits${i}.bin`);
/** The engine's command line for the reference logits of model `i` on the first 40 test images. */
const logitsArgs = (i: number): string[] => ["logits", "--weights", modelFile(i), "--out", logitsFile(i), "--images", "40"];

/**
 * One Python process: the engine's window masks on GRIDS (printed as JSON rows of kept columns), a small
 * weights file, and each of MODELS built with seed 0, its parameters drawn from N(0, 0.3), exported.
 */
const fixture = spawnSync(
  python,
  [
    "-c",
    [
      "import json, torch",
      "from vitsparse_train import weights",
      "from vitsparse_train.masks import window_mask",
      "from vitsparse_train.model import ViT, ViTConfig",
      "from vitsparse_train.analyze import export_weights",
      "masks = []",
      `for h, w, k, d in ${JSON.stringify(GRIDS)}:`,
      "    m = window_mask(h, w, k, 1, d)",
      "    masks.append([[j for j in range(m.shape[1]) if m[i, j]] for i in range(m.shape[0])])",
      `weights.write(${JSON.stringify(weightsFile)}, {"a": torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4, "b": torch.tensor([-1.5])}, {"note": "x"})`,
      ...MODELS.flatMap(([, extra], i) => [
        "torch.manual_seed(0)",
        `m = ViT(ViTConfig(embed_dim=32, depth=2, num_heads=2, windowed_blocks=(0,)${extra}))`,
        "[p.data.normal_(0, 0.3) for p in m.parameters()]",
        `export_weights(m, ${JSON.stringify(modelFile(i))}, {})`,
      ]),
      // The engine's logits command for all but the first model, through its command line's main() in this
      // process (a Python process pays about 1.8 CPU-s to import torch); the first runs as a process of its own.
      "from vitsparse_train.cli import main as engine_main",
      ...MODELS.slice(1).map((_, j) => `assert engine_main(${JSON.stringify(logitsArgs(j + 1))}) == 0`),
      "print(json.dumps(masks))",
    ].join("\n"),
  ],
  { env: engineEnv(), encoding: "utf8", timeout: 300_000 },
);

describe("engine ↔ kit", () => {
  it("the Python fixture ran", () => {
    expect(fixture.error, String(fixture.error)).toBeUndefined();
    expect(fixture.status, fixture.stderr).toBe(0);
  });

  it("the engine's window mask equals lib/masks/window.ts windowMask (clip, 1 CLS) on several grids and dilations", () => {
    const all = JSON.parse(fixture.stdout) as number[][][];
    GRIDS.forEach(([h, w, k, d], g) => {
      const ts = windowMask({ gridH: h, gridW: w, kh: k, special: 1, border: "clip", dilation: d });
      const tsRows = Array.from({ length: ts.n }, (_, i) => Array.from(ts.colIdx.subarray(ts.rowPtr[i]!, ts.rowPtr[i + 1]!)));
      expect(all[g]).toEqual(tsRows);
    });
  });

  it("a weights file written by the engine reads back in TypeScript with the same values", () => {
    const b = readWeights(weightsFile);
    expect(b.meta).toEqual({ note: "x" });
    expect(b.tensors.get("a")!.shape).toEqual([2, 3]);
    expect(Array.from(b.tensors.get("a")!.data)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect(Array.from(b.tensors.get("b")!.data)).toEqual([-1.5]);
  });

  MODELS.forEach(([label], i) => {
    it(`exported weights run in TypeScript with the kit's kernels give PyTorch's logits (${label} block through sparseAttention)`, () => {
      const file = modelFile(i);
      if (i === 0) {
        // The engine's command as a process (`python3 -m vitsparse_train`); the others ran in the fixture's process.
        const r = spawnSync(python, ["-m", "vitsparse_train", ...logitsArgs(i)], { env: engineEnv(), encoding: "utf8" });
        expect(r.status, r.stderr).toBe(0);
      }
      const ref = readWeights(logitsFile(i)).tensors.get("logits")!.data;
      const vit = loadTsVit(readWeights(file));
      expect(vit.cfg.windowed_blocks).toEqual([0]);
      const test = loadFashionMnist("test");
      const stats: AttentionStats = { sparseSeconds: 0, sparseCalls: 0, denseCalls: 0, backend: "ts" };
      const mine = new Float32Array(40 * 10);
      for (let k = 0; k < 40; k++) mine.set(tsVitLogits(vit, test.images.subarray(k * 784, (k + 1) * 784), stats), k * 10);
      const c = compareLogits(ref, mine, test.labels.subarray(0, 40), 10);
      expect(stats.sparseCalls).toBe(40);
      expect(c.agreeingImages).toBe(40);
      expect(c.maxAbsLogit).toBeGreaterThan(0.5);
      expect(c.maxAbsLogitDiff).toBeLessThan(1e-4);
      // Windowing nothing changes the logits: the sparse path is really used.
      const unmasked = tsVitLogits(vit, test.images.subarray(0, 784), stats, "auto", []);
      expect(Math.max(...Array.from(unmasked, (v, j) => Math.abs(v - ref[j]!)))).toBeGreaterThan(1e-3);
    });
  });
});
