/**
 * Writes the accuracy experiment's data files from finished runs: data/accuracy-fashion-mnist.arrow
 * (per variant, seed, epoch), data/attention-maps-fashion-mnist.arrow (maps of the fixed test images for
 * the full-attention model of the first seed, and the mean map of every run) and the seed-0 weights of
 * every variant under data/models/.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { writeArrowTable } from "../data/arrow-table.ts";
import { FASHION_MNIST_CLASSES } from "../datasets/fashion-mnist.ts";
import { ACCURACY_SCHEMA, ATTENTION_MAPS_SCHEMA, VARIANT_NAMES } from "./accuracy-schema.ts";
import { tfjsVersions } from "./backend.ts";
import {
  WINDOW_SIDE, configKey, loadRunState, readRunMaps, runDir, windowedBlocks,
  type ExperimentConfig, type Log, type PreparedData, type RunState,
} from "./experiment.ts";
import { parameterCount, tokenCount } from "./vit.ts";

/** Shared provenance facts of both files. */
function experimentExtra(cfg: ExperimentConfig, data: PreparedData, states: RunState[]): Record<string, string> {
  const cpu = cpus();
  const seconds = states.reduce((a, s) => a + s.records.reduce((b, r) => b + r.trainSeconds + r.evalSeconds, 0), 0);
  return {
    config: JSON.stringify({ ...cfg, mapImages: cfg.mapImages, meanMapImages: cfg.meanMapImages }),
    parameters: String(parameterCount(cfg.model)),
    tokens: String(tokenCount(cfg.model)),
    window: `${WINDOW_SIDE}x${WINDOW_SIDE} + CLS, border clip (lib/masks/window.ts windowMask)`,
    trainSubset: `${cfg.trainSubset} of 60000 training images, fixed seeded subset (seed ${cfg.subsetSeed}), same for all runs`,
    normalisation: `pixel/255, mean ${data.mean.toFixed(6)}, std ${data.std.toFixed(6)} (of the training subset)`,
    evaluation: `first ${cfg.evalSubset} test images after intermediate epochs, all 10000 after the last epoch`,
    totalTrainEvalSeconds: seconds.toFixed(1),
    cost: `${states.length} runs, ${(seconds / 60).toFixed(1)} min of training + evaluation wall time on one core of a shared 2-core machine`,
    machine: `${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average when written ${loadavg().map((x) => x.toFixed(1)).join(" ")} (shared with other jobs)`,
    runtime: `Node ${process.version}, ${Object.entries(tfjsVersions()).map(([k, v]) => `${k} ${v}`).join(", ")}, backend wasm, 1 thread`,
    dataset: "Fashion-MNIST (Zalando Research, MIT licence), Debian package dataset-fashion-mnist",
  };
}

/** Writes all output files from the finished runs in `checkpointDir`. Throws {@link UserError} when none is finished. */
export function writeAccuracyOutputs(cfg: ExperimentConfig, data: PreparedData, checkpointDir: string, outDir: string, log: Log): void {
  const key = configKey(cfg);
  const states: RunState[] = [];
  for (const seed of cfg.seeds) {
    for (const variant of cfg.variants) {
      const s = loadRunState(runDir(checkpointDir, variant, seed), key);
      if (s?.finished) states.push(s);
      else log(`run ${variant} seed ${seed} is not finished (${s ? s.records.length : 0}/${cfg.epochs} epochs): left out of the data files`);
    }
  }
  if (states.length === 0) throw new UserError(`no finished runs in ${checkpointDir}: run npm run experiment:accuracy first`);
  const extra = experimentExtra(cfg, data, states);
  const provenanceBase = {
    kind: "measured" as const,
    source: "this kit: scripts/experiment-accuracy.ts (lib/train) on Fashion-MNIST",
    license: "Apache-2.0 (kit output); Fashion-MNIST data MIT",
    generator: "npm run experiment:accuracy",
  };

  // Per-epoch results.
  const rows = states.flatMap((s) => s.records.map((r) => ({ s, r })));
  writeArrowTable(join(outDir, "accuracy-fashion-mnist.arrow"), ACCURACY_SCHEMA, {
    columns: {
      variant: rows.map(({ s }) => s.variant),
      windowedBlocks: rows.map(({ s }) => windowedBlocks(s.variant, cfg.model.depth).join(",")),
      seed: rows.map(({ s }) => s.seed),
      epoch: rows.map(({ r }) => r.epoch),
      steps: rows.map(({ r }) => r.steps),
      trainLoss: rows.map(({ r }) => r.trainLoss),
      testAccuracy: rows.map(({ r }) => 100 * r.testAccuracy),
      testLoss: rows.map(({ r }) => r.testLoss),
      testImages: rows.map(({ r }) => r.testImages),
      trainSeconds: rows.map(({ r }) => r.trainSeconds),
      evalSeconds: rows.map(({ r }) => r.evalSeconds),
    },
    provenance: {
      ...provenanceBase,
      description: "Small ViT trained here on Fashion-MNIST with full attention, windowed attention (3x3 + CLS) in the lower half of the blocks, and in all blocks; per variant, seed and epoch: training loss, test accuracy, wall time",
      extra,
    },
  });
  log(`wrote ${join(outDir, "accuracy-fashion-mnist.arrow")} (${rows.length} rows)`);

  // Attention maps: the fixed images for the full model of the first seed; the mean map for every run.
  const n = tokenCount(cfg.model);
  const { depth, heads } = cfg.model;
  const groups: { variant: number; seed: number; image: number; maps: Float32Array[][] }[] = [];
  for (const s of states) {
    const maps = readRunMaps(runDir(checkpointDir, s.variant, s.seed), depth, heads);
    const code = VARIANT_NAMES.indexOf(s.variant);
    if (s.variant === "full" && s.seed === cfg.seeds[0]) {
      maps.images.forEach((m, i) => groups.push({ variant: code, seed: s.seed, image: cfg.mapImages[i]!, maps: m }));
    }
    groups.push({ variant: code, seed: s.seed, image: -1, maps: maps.mean });
  }
  const per = depth * heads * n * n;
  const total = groups.length * per;
  const col = {
    variant: new Uint8Array(total), seed: new Uint8Array(total), image: new Int32Array(total), layer: new Uint8Array(total),
    head: new Uint8Array(total), query: new Uint8Array(total), key: new Uint8Array(total), weight: new Float32Array(total),
  };
  let i = 0;
  for (const g of groups) {
    for (let l = 0; l < depth; l++) for (let h = 0; h < heads; h++) {
      const m = g.maps[l]![h]!;
      for (let q = 0; q < n; q++) for (let k = 0; k < n; k++) {
        col.variant[i] = g.variant; col.seed[i] = g.seed; col.image[i] = g.image; col.layer[i] = l; col.head[i] = h;
        col.query[i] = q; col.key[i] = k; col.weight[i] = m[q * n + k]!;
        i++;
      }
    }
  }
  const imageInfo = cfg.mapImages.map((t) => `${t}:${FASHION_MNIST_CLASSES[data.testLabels[t]!]}`).join(", ");
  writeArrowTable(join(outDir, "attention-maps-fashion-mnist.arrow"), ATTENTION_MAPS_SCHEMA, {
    columns: col,
    provenance: {
      ...provenanceBase,
      description: `Softmax attention maps of the trained models: test images ${imageInfo} for the full-attention model of seed ${cfg.seeds[0]}, and for every run the mean map over the first ${cfg.meanMapImages} test images (image = -1)`,
      extra: { ...extra, mapImages: imageInfo, meanMapImages: String(cfg.meanMapImages), tokenLayout: `1 CLS + ${cfg.model.imageSize / cfg.model.patch}x${cfg.model.imageSize / cfg.model.patch} patches, row-major` },
    },
  });
  log(`wrote ${join(outDir, "attention-maps-fashion-mnist.arrow")} (${total} rows)`);

  // Weights of the first seed of every variant.
  const modelsDir = join(outDir, "models");
  mkdirSync(modelsDir, { recursive: true });
  for (const s of states) {
    if (s.seed !== cfg.seeds[0]) continue;
    const dest = join(modelsDir, `vit-fashion-mnist-${s.variant}-seed${s.seed}.bin`);
    copyFileSync(join(runDir(checkpointDir, s.variant, s.seed), "final.bin"), dest);
    log(`wrote ${dest}`);
  }
}
