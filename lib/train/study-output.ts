/**
 * Converts the training engine's outputs (a study folder written by `python3 -m vitsparse_train study` and
 * `export`) into the committed Arrow files with provenance, and copies the weights the kernel check uses.
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
import { readWeights } from "./weights-file.ts";

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
}

/** A finished run of the study folder. */
export interface FinishedRun {
  name: string;
  records: EngineRecord[];
  windowedBlocks: number[];
}

/** Names of the runs in the plan, in plan order. */
export function planRunNames(studyDir: string): string[] {
  const plan = readJson(join(studyDir, "plan.json")) as { runs: { phase: string; variant: string; seed: number }[] };
  return plan.runs.map((r) => `${r.phase}-${r.variant}-seed${r.seed}`);
}

function readJson(path: string): unknown {
  if (!existsSync(path)) throw new UserError(`${path}: not found (run npm run experiment:accuracy first)`);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new UserError(`${path}: not valid JSON`);
  }
}

/** Finished runs (those with runs/<name>/final.pt and a complete records.jsonl), in plan order. */
export function finishedRuns(studyDir: string, log: (l: string) => void): FinishedRun[] {
  const out: FinishedRun[] = [];
  const depth = (readJson(join(studyDir, "plan.json")) as { model: { depth: number } }).model.depth;
  for (const name of planRunNames(studyDir)) {
    const dir = join(studyDir, "runs", name);
    if (!existsSync(join(dir, "final.pt")) || !existsSync(join(dir, "records.jsonl"))) {
      log(`run ${name} has not finished: left out of the data files`);
      continue;
    }
    const records = readFileSync(join(dir, "records.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as EngineRecord);
    if (!records.at(-1)?.final) throw new UserError(`${dir}/records.jsonl: last record is not final although final.pt exists`);
    // The engine windows blocks idx < depth/2 in the windowed-lower variant (model.py lower_half).
    const blocks = records[0]!.variant === "windowed-lower" ? Array.from({ length: Math.floor(depth / 2) }, (_, i) => i) : [];
    const exported = join(studyDir, "export", `${name}.bin`);
    if (existsSync(exported)) {
      const fromExport = (readWeights(exported).meta.model as EngineModelConfig).windowed_blocks ?? [];
      if (fromExport.join(",") !== blocks.join(",")) throw new UserError(`${exported}: windowed blocks [${fromExport}] do not match variant ${records[0]!.variant}`);
    }
    out.push({ name, records, windowedBlocks: blocks });
  }
  return out;
}

/** Rows of data/accuracy-study.arrow from finished runs. */
export function studyRows(runs: readonly FinishedRun[]): StudyRow[] {
  return runs.flatMap((run) =>
    run.records.map((r) => ({
      phase: r.phase,
      variant: r.variant,
      seed: r.seed,
      epoch: r.epoch,
      windowedBlocks: run.windowedBlocks.join(","),
      testAccuracy: 100 * r.testAccuracy,
      testLoss: r.testLoss,
      trainLoss: r.trainLoss,
      imagesSeen: r.imagesSeen,
      trainSeconds: r.trainSeconds,
      wallSeconds: r.wallSeconds,
      final: r.final,
    })),
  );
}

/** Locality rows of one run from its mean maps [layers, heads, n, n]. */
export function localityRows(run: { phase: string; variant: string; seed: number }, cfg: EngineModelConfig, meanMaps: Float32Array, images: number): LocalityRow[] {
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

/** Study facts stored in every file's metadata: plan, machine, versions, wall time. */
export function studyProvenanceExtra(studyDir: string, runs: readonly FinishedRun[]): Record<string, string> {
  const machine = readJson(join(studyDir, "machine.json")) as Record<string, unknown>;
  const plan = readJson(join(studyDir, "plan.json"));
  const wall = runs.reduce((a, r) => a + (r.records.at(-1)?.wallSeconds ?? 0), 0);
  return {
    plan: JSON.stringify(plan),
    seeds: runs.map((r) => `${r.name}`).join(", "),
    machine: `${String(machine.cpu ?? machine.processor)}; ${String(machine.platform)}`,
    torch: String(machine.torch),
    python: String(machine.python),
    blas: String(machine.blas),
    threads: String(machine.threads),
    wallSeconds: wall.toFixed(1),
    cost: `${runs.length} runs, ${(wall / 60).toFixed(1)} min of training + evaluation wall time, one torch thread on a 2-core machine shared with other jobs`,
    dataset: "Fashion-MNIST (Zalando Research, MIT licence) from Debian's dataset-fashion-mnist; all 60,000 training and 10,000 test images",
    window: "3x3 + CLS, border clip (lib/masks/window.ts windowMask; lib/train/vitsparse_train/masks.py generates the same mask, tested equal)",
  };
}

/**
 * Writes data/accuracy-study.arrow, data/attention-locality.arrow, data/attention-maps-fashion-mnist.arrow and
 * data/models/*.bin, each recorded in the manifest of `root` (data/manifest.json) when `outDir` is its data/.
 */
export function writeStudyOutputs(studyDir: string, outDir: string, log: (l: string) => void, mapRun = "pretrain-full-seed0", root = repoRoot): { runs: number; rows: number } {
  const runs = finishedRuns(studyDir, log);
  if (runs.length === 0) throw new UserError(`${studyDir}: no finished runs; run npm run experiment:accuracy first`);
  const extra = studyProvenanceExtra(studyDir, runs);
  const base: Omit<Provenance, "description"> = {
    kind: "measured",
    source: "this kit: npm run experiment:accuracy (PyTorch engine lib/train/vitsparse_train) on Fashion-MNIST",
    license: "Apache-2.0 (kit output); Fashion-MNIST data MIT",
    generator: "npm run experiment:accuracy",
    extra,
  };
  const rows = studyRows(runs);
  writeArrowTable(join(outDir, "accuracy-study.arrow"), ACCURACY_STUDY_SCHEMA, {
    columns: Object.fromEntries(ACCURACY_STUDY_SCHEMA.map((s) => [s.name, rows.map((r) => r[s.name as keyof StudyRow])])) as never,
    provenance: { ...base, description: "Accuracy study on Fashion-MNIST: full-attention pretraining, fine-tuning full vs windowed-lower (3x3 + CLS) from it, windowed-lower from scratch; per epoch: test accuracy on all 10,000 test images, losses, images seen, wall time" },
  });
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
    loc.push(...localityRows(r0, cfg, w.tensors.get("meanMaps")!.data, Number(w.meta.mapImages)));
    if (run.name === mapRun) {
      mapSource = { maps: w.tensors.get("imageMaps")!.data, meta: w.meta, labels: w.tensors.get("labels")!.data, cfg, mean: w.tensors.get("meanMaps")!.data };
    }
  }
  writeArrowTable(join(outDir, "attention-locality.arrow"), ATTENTION_LOCALITY_SCHEMA, {
    columns: Object.fromEntries(ATTENTION_LOCALITY_SCHEMA.map((s) => [s.name, loc.map((r) => r[s.name as keyof LocalityRow])])) as never,
    provenance: { ...base, kind: "derived", description: "Locality of every finished model's attention (mean softmax map over the first test images): per layer and head, window share, self share, mean attention distance, each with its uniform baseline" },
  });
  if (mapSource) writeMaps(join(outDir, "attention-maps-fashion-mnist.arrow"), mapSource, base, mapRun);
  mkdirSync(join(outDir, "models"), { recursive: true });
  for (const name of ["pretrain-full-seed0", "finetune-windowed-lower-seed0", "scratch-windowed-lower-seed0"]) {
    const src = join(studyDir, "export", `${name}.bin`);
    if (!existsSync(src)) continue;
    // Written and recorded in data/manifest.json (when outDir is data/) by the command that makes them.
    const dest = join(outDir, "models", `vit-fashion-mnist-${name}.bin`);
    const bytes = readFileSync(src);
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

/** Lists the exported files of a study folder (for messages). */
export function exportedRuns(studyDir: string): string[] {
  const dir = join(studyDir, "export");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".maps.bin")).map((f) => f.slice(0, -9)) : [];
}
