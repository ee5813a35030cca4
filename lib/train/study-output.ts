/**
 * Converts the training engine's outputs (a study folder written by `python3 -m vitsparse_train study` and
 * `export`) into the committed Arrow files with provenance, and copies every finished model's weights to
 * data/models/ (recorded in data/manifest.json).
 * Only finished runs are written; a missing run is reported, never invented.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { writeArrowTable, type Provenance } from "../data/arrow-table.ts";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { recordDataFile } from "../data/manifest.ts";
import { repoRoot } from "../paths.ts";
import { localityFromSums, scoreLocalitySums } from "../masks/locality.ts";
import { ACCURACY_STUDY_SCHEMA, type StudyRow } from "../data/files/accuracy-study.ts";
import { ATTENTION_LOCALITY_SCHEMA, type LocalityRow } from "../data/files/attention-locality.ts";
import { ATTENTION_MAPS_SCHEMA } from "../data/files/attention-maps-fashion-mnist.ts";
import type { EngineModelConfig } from "./engine.ts";
import { studyFiles, type StudyFiles } from "./studies.ts";
import { readWeights } from "./weights-file.ts";
import { ACCURACY_PREDICTIONS_SCHEMA, encodeClasses, LABELS_RUN, type PredictionRow } from "../data/files/accuracy-predictions.ts";

/** Record of one epoch as the engine writes it (runs/<run>/records.jsonl). */
interface EngineRecord {
  phase: StudyRow["phase"];
  variant: StudyRow["variant"];
  seed: number;
  epoch: number;
  testAccuracy: number;
  testLoss: number;
  trainLoss: number;
  imagesSeen: number;
  trainSeconds: number;
  epochSeconds: number;
  wallSeconds: number;
  final: boolean;
  torch: string;
  threads: number;
}

/** A run of the plan as the engine's export lists it (`runs.json`: plan order, the engine's naming rule). */
export interface PlanRun {
  name: string;
  phase: string;
  variant: string;
  seed: number;
  /** Seed of the pretraining a fine-tune starts from; null for runs from random weights. */
  pretrainSeed: number | null;
  finished: boolean;
}

/** A finished run of the study folder. */
export interface FinishedRun {
  name: string;
  pretrainSeed: number | null;
  records: EngineRecord[];
  windowedBlocks: number[];
}

/** The plan's runs in plan order, as listed by the engine's export (`<study>/runs.json`). */
export function planRuns(studyDir: string): PlanRun[] {
  return readJson(join(studyDir, "runs.json")) as PlanRun[];
}

function readJson(path: string): unknown {
  if (!existsSync(path)) throw new UserError(`${path}: not found (run npm run experiment:accuracy first)`);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new UserError(`${path}: not valid JSON`);
  }
}

/** Finished runs (final.pt, a complete records.jsonl and an export), in plan order; the masked blocks come from the exported weights. */
export function finishedRuns(studyDir: string, log: (l: string) => void): FinishedRun[] {
  const out: FinishedRun[] = [];
  for (const run of planRuns(studyDir)) {
    const { name } = run;
    const dir = join(studyDir, "runs", name);
    // `finished` is the export's snapshot: a run that finishes while the export runs waits for the next one.
    if (!run.finished || !existsSync(join(dir, "final.pt")) || !existsSync(join(dir, "records.jsonl"))) {
      log(`run ${name} has not finished: left out of the data files`);
      continue;
    }
    const records = readFileSync(join(dir, "records.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as EngineRecord);
    if (!records.at(-1)?.final) throw new UserError(`${dir}/records.jsonl: last record is not final although final.pt exists`);
    const exported = join(studyDir, "export", `${name}.bin`);
    if (!existsSync(exported)) throw new UserError(`${exported}: missing although ${name} has finished (rerun the export)`);
    const cfg = readWeights(exported).meta.model as EngineModelConfig;
    out.push({ name, pretrainSeed: run.pretrainSeed, records, windowedBlocks: cfg.windowed_blocks ?? [] });
  }
  return out;
}

/** Rows of data/accuracy-study.arrow from finished runs. */
export function studyRows(runs: readonly FinishedRun[]): StudyRow[] {
  return runs.flatMap((run) =>
    run.records.map((r) => ({
      run: run.name,
      phase: r.phase,
      variant: r.variant,
      seed: r.seed,
      pretrainSeed: run.pretrainSeed ?? -1,
      epoch: r.epoch,
      windowedBlocks: run.windowedBlocks.join(","),
      testAccuracy: 100 * r.testAccuracy,
      testLoss: r.testLoss,
      trainLoss: r.trainLoss,
      imagesSeen: r.imagesSeen,
      trainSeconds: r.trainSeconds,
      wallSeconds: r.wallSeconds,
      final: r.final,
      torch: r.torch,
      threads: r.threads,
    })),
  );
}

/** Locality rows of one run from its mean maps [layers, heads, n, n]. */
export function localityRows(run: { run: string; phase: string; variant: string; seed: number }, cfg: EngineModelConfig, meanMaps: Float32Array, images: number): LocalityRow[] {
  const grid = cfg.image_size / cfg.patch_size;
  const n = 1 + grid * grid;
  const layout = { special: 1, gridH: grid, gridW: grid };
  const rows: LocalityRow[] = [];
  const P = grid * grid;
  for (let layer = 0; layer < cfg.depth; layer++) {
    for (let head = 0; head < cfg.num_heads; head++) {
      const off = (layer * cfg.num_heads + head) * n * n;
      const map = meanMaps.subarray(off, off + n * n);
      const m = localityFromSums(scoreLocalitySums(map, layout, cfg.window));
      let cls = 0;
      for (let q = 1; q < n; q++) cls += map[q * n]!;
      rows.push({
        run: run.run,
        phase: run.phase,
        variant: run.variant,
        seed: run.seed,
        layer,
        head,
        windowed: cfg.windowed_blocks.includes(layer),
        windowShare: m.windowShare,
        uniformWindowShare: m.uniformWindowShare,
        selfShare: m.diagonalShare,
        uniformSelfShare: 1 / P,
        meanAttentionDistance: m.meanDistance,
        uniformMeanAttentionDistance: m.uniformMeanDistance,
        clsShare: cls / P,
        images,
      });
    }
  }
  return rows;
}

/** Study facts stored in every file's metadata: plan, this session's machine, the study's cost. */
export function studyProvenanceExtra(studyDir: string, runs: readonly FinishedRun[]): Record<string, string> {
  const machine = readJson(join(studyDir, "machine.json")) as Record<string, unknown>;
  const plan = readJson(join(studyDir, "plan.json"));
  const wall = runs.reduce((a, r) => a + (r.records.at(-1)?.wallSeconds ?? 0), 0);
  const versions = [...new Set(runs.flatMap((r) => r.records.map((x) => `torch ${x.torch}, ${x.threads} thread(s)`)))];
  return {
    plan: JSON.stringify(plan),
    runNames: JSON.stringify(planRuns(studyDir).map((r) => r.name)),
    seeds: runs.map((r) => `${r.name}`).join(", "),
    machine: `${String(machine.cpu ?? machine.processor)}; ${String(machine.platform)}`,
    torch: String(machine.torch),
    python: String(machine.python),
    blas: String(machine.blas),
    threads: String(machine.threads),
    wallSeconds: wall.toFixed(1),
    cost: `${runs.length} runs, ${(wall / 60).toFixed(1)} min of training + evaluation wall time in all (sum over runs; each row carries its run's torch version and threads: ${versions.join("; ")}), one torch thread on a 2-core machine shared with other jobs`,
    dataset: `Fashion-MNIST (Zalando Research, MIT licence) from Debian's dataset-fashion-mnist; ${typeof (plan as { train_images?: unknown }).train_images === "number" ? `the first ${String((plan as { train_images: number }).train_images)} of the 60,000 training images` : "all 60,000 training images"} and ${typeof (plan as { test_images?: unknown }).test_images === "number" ? `the first ${String((plan as { test_images: number }).test_images)}` : "all 10,000"} test images`,
    window: "3x3 + CLS, border clip (lib/masks/window.ts windowMask; lib/train/vitsparse_train/masks.py generates the same mask, tested equal)",
  };
}

/**
 * Writes data/accuracy-study.arrow, data/attention-locality.arrow, data/attention-maps-fashion-mnist.arrow and
 * data/models/*.bin, each recorded in the manifest of `root` (data/manifest.json) when `outDir` is its data/.
 */
export function writeStudyOutputs(studyDir: string, outDir: string, log: (l: string) => void, mapRun = "pretrain-full-seed0", root = repoRoot, files: StudyFiles = studyFiles(""), generator = "npm run experiment:accuracy"): { runs: number; rows: number } {
  const runs = finishedRuns(studyDir, log);
  if (runs.length === 0) throw new UserError(`${studyDir}: no finished runs; run npm run experiment:accuracy first`);
  const extra = studyProvenanceExtra(studyDir, runs);
  const base: Omit<Provenance, "description"> = {
    kind: "measured",
    source: "this kit: npm run experiment:accuracy (PyTorch engine lib/train/vitsparse_train) on Fashion-MNIST",
    license: "Apache-2.0 (kit output); Fashion-MNIST data MIT",
    generator,
    extra,
  };
  const rows = studyRows(runs);
  writeArrowTable(join(outDir, files.study), ACCURACY_STUDY_SCHEMA, {
    columns: Object.fromEntries(ACCURACY_STUDY_SCHEMA.map((s) => [s.name, rows.map((r) => r[s.name as keyof StudyRow])])) as never,
    provenance: { ...base, description: "Accuracy study on Fashion-MNIST: full-attention pretraining (several seeds); fine-tuning full vs windowed-lower (3x3 + CLS) and the controls random-lower, windowed-upper, strided-lower from it; full vs windowed-lower from scratch with equal budgets; per epoch: test accuracy on all 10,000 test images, losses, images seen, wall time, torch version and threads" },
  });
  writePredictions(studyDir, join(outDir, files.predictions), runs, base);
  const loc: LocalityRow[] = [];
  let mapSource: { maps: Float32Array; meta: Record<string, unknown>; labels: Float32Array; cfg: EngineModelConfig; mean: Float32Array } | null = null;
  for (const run of runs) {
    const file = join(studyDir, "export", `${run.name}.maps.bin`);
    if (!existsSync(file)) {
      log(`${file} missing: run ${run.name} left out of the locality file (rerun the export)`);
      continue;
    }
    const w = readWeights(file);
    const cfg = w.meta.model as EngineModelConfig;
    const r0 = run.records[0]!;
    loc.push(...localityRows({ run: run.name, phase: r0.phase, variant: r0.variant, seed: r0.seed }, cfg, w.tensors.get("meanMaps")!.data, Number(w.meta.mapImages)));
    if (run.name === mapRun) {
      mapSource = { maps: w.tensors.get("imageMaps")!.data, meta: w.meta, labels: w.tensors.get("labels")!.data, cfg, mean: w.tensors.get("meanMaps")!.data };
    }
  }
  writeArrowTable(join(outDir, files.locality), ATTENTION_LOCALITY_SCHEMA, {
    columns: Object.fromEntries(ATTENTION_LOCALITY_SCHEMA.map((s) => [s.name, loc.map((r) => r[s.name as keyof LocalityRow])])) as never,
    provenance: { ...base, kind: "derived", description: "Locality of every finished model's attention (mean softmax map over the first test images): per layer and head, window share, self share, mean attention distance, each with its uniform baseline" },
  });
  if (mapSource && files.maps) writeMaps(join(outDir, files.maps), mapSource, base, mapRun);
  mkdirSync(join(outDir, "models"), { recursive: true });
  for (const run of runs) {
    // Every finished model is kept: the kernel check runs the masked ones, a later session resumes the study
    // from them (lib/train/study-import.ts), and the fine-tunes of another pretraining start from its weights.
    // Written and recorded in data/manifest.json (when outDir is data/) by the command that makes them.
    const dest = join(outDir, "models", files.model(run.name));
    const bytes = readFileSync(join(studyDir, "export", `${run.name}.bin`));
    writeFileAtomic(dest, bytes);
    recordDataFile(dest, bytes, base.generator, root);
  }
  return { runs: runs.length, rows: rows.length };
}

function writeMaps(
  path: string,
  src: { maps: Float32Array; meta: Record<string, unknown>; labels: Float32Array; cfg: EngineModelConfig; mean: Float32Array },
  base: Omit<Provenance, "description">,
  run: string,
): void {
  const { cfg } = src;
  const grid = cfg.image_size / cfg.patch_size;
  const n = 1 + grid * grid;
  const L = cfg.depth;
  const H = cfg.num_heads;
  const fixed = src.meta.fixedImages as number[];
  const groups: { image: number; label: number; data: Float32Array }[] = fixed.map((img, i) => ({
    image: img,
    label: src.labels[img]!,
    data: src.maps.subarray(i * L * H * n * n, (i + 1) * L * H * n * n),
  }));
  groups.push({ image: -1, label: -1, data: src.mean });
  const total = groups.length * L * H * n * n;
  const image = new Int32Array(total);
  const label = new Int32Array(total);
  const layer = new Uint8Array(total);
  const head = new Uint8Array(total);
  const query = new Uint8Array(total);
  const key = new Uint8Array(total);
  const weight = new Float32Array(total);
  let i = 0;
  for (const g of groups) {
    for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) for (let q = 0; q < n; q++) for (let k = 0; k < n; k++) {
      image[i] = g.image;
      label[i] = g.label;
      layer[i] = l;
      head[i] = h;
      query[i] = q;
      key[i] = k;
      weight[i] = g.data[((l * H + h) * n + q) * n + k]!;
      i++;
    }
  }
  writeArrowTable(path, ATTENTION_MAPS_SCHEMA, {
    columns: { image, label, layer, head, query, key, weight },
    provenance: { ...base, description: `Softmax attention maps of every layer and head of the study's ${run} model: fixed test images and the mean map over the first ${String(src.meta.mapImages)} test images (image = -1)`, extra: { ...base.extra, run, meanMapImages: String(src.meta.mapImages) } },
  });
}

/** Writes data/accuracy-predictions.arrow: the labels and every finished model's predicted class per test image. */
function writePredictions(studyDir: string, path: string, runs: readonly FinishedRun[], base: Omit<Provenance, "description">): void {
  let labels: Float32Array | null = null;
  const rows: PredictionRow[] = [];
  for (const run of runs) {
    const file = join(studyDir, "export", `${run.name}.maps.bin`);
    const w = readWeights(file);
    const l = w.tensors.get("labels")?.data;
    const p = w.tensors.get("predictions")?.data;
    if (!l || !p) throw new UserError(`${file}: no labels or predictions (exported by an older engine: delete it and rerun the export)`);
    if (labels === null) labels = l;
    else if (l.length !== labels.length || l.some((v, i) => v !== labels![i])) throw new UserError(`${file}: its labels differ from the other runs'`);
    let correct = 0;
    for (let i = 0; i < p.length; i++) if (p[i] === l[i]) correct++;
    const final = run.records.at(-1)!;
    if (Math.abs(correct / p.length - final.testAccuracy) > 0.5 / p.length) {
      throw new UserError(`${file}: predictions give ${correct}/${p.length} correct, the run's final record says ${final.testAccuracy}`);
    }
    rows.push({ run: run.name, images: p.length, classes: encodeClasses(p), correct });
  }
  if (labels === null) return;
  rows.unshift({ run: LABELS_RUN, images: labels.length, classes: encodeClasses(labels), correct: labels.length });
  writeArrowTable(path, ACCURACY_PREDICTIONS_SCHEMA, {
    columns: Object.fromEntries(ACCURACY_PREDICTIONS_SCHEMA.map((s) => [s.name, rows.map((r) => r[s.name as keyof PredictionRow])])) as never,
    provenance: { ...base, description: "Predicted class of every Fashion-MNIST test image for every finished model of the accuracy study (argmax of its logits in PyTorch), and the true labels: for paired per-image tests between models (McNemar)" },
  });
}

/** Lists the exported files of a study folder (for messages). */
export function exportedRuns(studyDir: string): string[] {
  const dir = join(studyDir, "export");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".maps.bin")).map((f) => f.slice(0, -9)) : [];
}
