import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLocality } from "../../lib/data/files/attention-locality.ts";
import { readStudy } from "../../lib/data/files/accuracy-study.ts";
import { readAttentionMaps } from "../../lib/data/files/attention-maps-fashion-mnist.ts";
import { writeStudyOutputs } from "../../lib/train/study-output.ts";
import { jsonFieldProblems } from "../../lib/cli/json-fields.ts";
import { EXPERIMENT_ACCURACY_JSON } from "../../lib/cli/script-json.ts";
import { readPredictions, ACCURACY_PREDICTIONS_SCHEMA } from "../../lib/data/files/accuracy-predictions.ts";
import { readArrowTable, writeArrowTable } from "../../lib/data/arrow-table.ts";
import { recordFromRow } from "../../lib/train/study-import.ts";
import { readWeights, writeWeights } from "../../lib/train/weights-file.ts";
import { readManifest } from "../../lib/data/manifest.ts";
import { sha256Hex } from "../../lib/data/sha256.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-study-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = { image_size: 12, patch_size: 4, in_chans: 1, num_classes: 10, embed_dim: 8, depth: 2, num_heads: 1, mlp_ratio: 2, window: 3, windowed_blocks: [] as number[] };
const n = 10; // 3×3 grid + CLS

/** Mean maps [layers=2, heads=1, n, n]: layer 0 all mass on self (CLS row uniform), layer 1 uniform over all keys. */
function meanMaps(): Float32Array {
  const m = new Float32Array(2 * n * n);
  for (let q = 0; q < n; q++) {
    for (let k = 0; k < n; k++) {
      m[q * n + k] = q === 0 ? 1 / n : q === k ? 1 : 0;
      m[n * n + q * n + k] = 1 / n;
    }
  }
  return m;
}

function writeRun(study: string, name: string, records: object[], finished: boolean, windowed: number[]): void {
  const rdir = join(study, "runs", name);
  mkdirSync(rdir, { recursive: true });
  writeFileSync(join(rdir, "records.jsonl"), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  if (finished) writeFileSync(join(rdir, finished ? "final.pt" : "last.pt"), "");
  const cfg = { ...model, windowed_blocks: windowed };
  writeWeights(join(study, "export", `${name}.bin`), { meta: { model: cfg, normalize: { mean: 0.286, std: 0.353 } }, tensors: new Map([["x", { shape: [1], data: new Float32Array([1]) }]]) });
  writeWeights(join(study, "export", `${name}.maps.bin`), {
    meta: { model: cfg, mapImages: 7, fixedImages: [3] },
    tensors: new Map([
      ["meanMaps", { shape: [2, 1, n, n], data: meanMaps() }],
      ["imageMaps", { shape: [1, 2, 1, n, n], data: meanMaps() }],
      ["labels", { shape: [5], data: new Float32Array([0, 1, 2, 4, 3]) }],
      ["predictions", { shape: [5], data: new Float32Array(name.startsWith("pretrain") ? [0, 1, 2, 4, 9] : [0, 1, 2, 9, 3]) }],
    ]),
  });
}

const rec = (phase: string, variant: string, epoch: number, acc: number, final: boolean) => ({
  phase, variant, seed: 0, epoch, testAccuracy: acc, testLoss: 0.3, trainLoss: 0.25, imagesSeen: epoch * 100, trainSeconds: 2, epochSeconds: 3, wallSeconds: 3 * epoch, final,
  torch: "1.13.1", threads: 1,
});

describe("study outputs", () => {
  const study = join(dir, "study");
  mkdirSync(join(study, "export"), { recursive: true });
  writeFileSync(join(study, "plan.json"), JSON.stringify({ model, runs: [
    { phase: "pretrain", variant: "full", seed: 0 }, { phase: "finetune", variant: "windowed-lower", seed: 0 }, { phase: "finetune", variant: "full", seed: 0 },
  ] }));
  writeFileSync(join(study, "runs.json"), JSON.stringify([
    { name: "pretrain-full-seed0", phase: "pretrain", variant: "full", seed: 0, pretrainSeed: null, finished: true },
    { name: "finetune-windowed-lower-seed0", phase: "finetune", variant: "windowed-lower", seed: 0, pretrainSeed: 0, finished: true },
    { name: "finetune-full-seed0", phase: "finetune", variant: "full", seed: 0, pretrainSeed: 0, finished: false },
  ]));
  writeFileSync(join(study, "machine.json"), JSON.stringify({ torch: "1.13.1", python: "3.11", blas: "openblas", threads: 1, cpu: "cpu", platform: "linux" }));
  writeRun(study, "pretrain-full-seed0", [rec("pretrain", "full", 1, 0.8, false), rec("pretrain", "full", 2, 0.85, true)], true, []);
  writeRun(study, "finetune-windowed-lower-seed0", [rec("finetune", "windowed-lower", 1, 0.86, true)], true, [0]);
  writeRun(study, "finetune-full-seed0", [rec("finetune", "full", 1, 0.86, false)], false, []);
  const out = join(dir, "data");
  const logs: string[] = [];
  const r = writeStudyOutputs(study, out, (l) => logs.push(l), "pretrain-full-seed0", dir);

  it("writes the finished runs' epochs (accuracy in %) and leaves an unfinished run out, saying so", () => {
    expect(r).toEqual({ runs: 2, rows: 3 });
    // What `npm run experiment:accuracy -- --json` prints: exactly the fields its --help documents.
    expect(jsonFieldProblems(r, EXPERIMENT_ACCURACY_JSON)).toEqual([]);
    expect(logs.join("\n")).toContain("finetune-full-seed0 has not finished");
    const s = readStudy(join(out, "accuracy-study.arrow"));
    expect(s.rows.map((x) => [x.run, x.phase, x.variant, x.pretrainSeed, x.epoch, x.testAccuracy, x.final, x.windowedBlocks, x.torch, x.threads])).toEqual([
      ["pretrain-full-seed0", "pretrain", "full", -1, 1, 80, false, "", "1.13.1", 1],
      ["pretrain-full-seed0", "pretrain", "full", -1, 2, 85, true, "", "1.13.1", 1],
      ["finetune-windowed-lower-seed0", "finetune", "windowed-lower", 0, 1, 86, true, "0", "1.13.1", 1],
    ]);
    expect(s.table.provenance.kind).toBe("measured");
    expect(s.table.provenance.extra?.torch).toBe("1.13.1");
    expect(s.table.provenance.extra?.blas).toBe("openblas");
  });

  it("computes locality per layer and head against the uniform baselines", () => {
    const l = readLocality(join(out, "attention-locality.arrow")).rows.filter((x) => x.phase === "pretrain");
    const [self, uniform] = l;
    expect(self!.windowShare).toBe(1);
    expect(self!.selfShare).toBe(1);
    expect(self!.meanAttentionDistance).toBe(0);
    expect(self!.clsShare).toBe(0);
    expect(uniform!.windowShare).toBeCloseTo(uniform!.uniformWindowShare, 6);
    expect(uniform!.selfShare).toBeCloseTo(1 / 9, 6);
    expect(uniform!.uniformSelfShare).toBeCloseTo(1 / 9, 12);
    expect(uniform!.meanAttentionDistance).toBeCloseTo(uniform!.uniformMeanAttentionDistance, 6);
    expect(uniform!.clsShare).toBeCloseTo(0.1, 6);
    const windowed = readLocality(join(out, "attention-locality.arrow")).rows.filter((x) => x.phase === "finetune");
    expect(windowed.map((x) => x.windowed)).toEqual([true, false]);
  });

  it("writes every finished model's per-image predictions with the labels, and refuses a count that does not match", () => {
    const p = readPredictions(join(out, "accuracy-predictions.arrow"));
    expect(Array.from(p.labels)).toEqual([0, 1, 2, 4, 3]);
    expect([...p.byRun.keys()]).toEqual(["pretrain-full-seed0", "finetune-windowed-lower-seed0"]);
    expect(Array.from(p.byRun.get("finetune-windowed-lower-seed0")!)).toEqual([0, 1, 2, 9, 3]);
    const t = readArrowTable(join(out, "accuracy-predictions.arrow"), ACCURACY_PREDICTIONS_SCHEMA);
    const bad = join(dir, "bad-predictions.arrow");
    const correct = Int32Array.from(t.columns.correct as ArrayLike<number>);
    correct[1] = 5;
    writeArrowTable(bad, ACCURACY_PREDICTIONS_SCHEMA, { columns: { ...t.columns, correct }, provenance: t.provenance });
    expect(() => readPredictions(bad)).toThrow(/run pretrain-full-seed0: correct = 5, but 4 predictions equal the labels/);
  });

  it("copies every finished model to models/ and rebuilds the engine's records from the rows (exact accuracy)", () => {
    expect(readdirSync(join(out, "models")).sort()).toEqual(["vit-fashion-mnist-finetune-windowed-lower-seed0.bin", "vit-fashion-mnist-pretrain-full-seed0.bin"]);
    const s = readStudy(join(out, "accuracy-study.arrow"));
    const rebuilt = recordFromRow(s.rows[1]!, s.rows[0]!.wallSeconds);
    expect(rebuilt).toMatchObject({ testAccuracy: 0.85, epochSeconds: 3, wallSeconds: 6, final: true, torch: "1.13.1", threads: 1 });
    expect(() => recordFromRow({ ...s.rows[1]!, testAccuracy: 85.001 }, 0)).toThrow(/not a whole number of the 10,000 test images/);
  });

  it("writes the maps of the pretrained model: fixed images with their labels, then the mean map", () => {
    const m = readAttentionMaps(join(out, "attention-maps-fashion-mnist.arrow"));
    expect([m.n, m.layers, m.heads]).toEqual([10, 2, 1]);
    expect(m.images.map((i) => [i.image, i.label])).toEqual([[3, 4], [-1, -1]]);
    expect(m.images[0]!.maps[0]![0]![5 * n + 5]).toBe(1);
  });

  it("copies the finished models' weights to data/models/ and records each in the manifest, which readWeights checks", () => {
    const manifest = readManifest(dir);
    expect(Object.keys(manifest).filter((k) => k.startsWith("models/"))).toEqual([
      "models/vit-fashion-mnist-finetune-windowed-lower-seed0.bin",
      "models/vit-fashion-mnist-pretrain-full-seed0.bin",
    ]);
    const file = join(out, "models", "vit-fashion-mnist-pretrain-full-seed0.bin");
    const bytes = readFileSync(file);
    expect(manifest["models/vit-fashion-mnist-pretrain-full-seed0.bin"]).toEqual({ sha256: sha256Hex(bytes), command: "npm run experiment:accuracy" });
    expect(readWeights(file, dir).tensors.get("x")!.data[0]).toBe(1);
    const changed = new Uint8Array(bytes);
    changed[changed.length - 1] ^= 0x01; // one bit of one weight
    writeFileSync(file, changed);
    expect(() => readWeights(file, dir)).toThrow(/^data\/models\/vit-fashion-mnist-pretrain-full-seed0\.bin: sha256 \w+… does not match data\/manifest\.json .*regenerate it with `npm run experiment:accuracy`/);
    writeFileSync(file, bytes);
  });
});
