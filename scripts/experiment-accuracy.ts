/**
 * `npm run experiment:accuracy` — trains the small ViT on Fashion-MNIST with full attention, windowed
 * attention (3×3 + CLS) in the lower half of the blocks, and windowed attention in all blocks, for two
 * seeds; checkpoints after every epoch and resumes after an interruption; then writes
 * data/accuracy-fashion-mnist.arrow, data/attention-maps-fashion-mnist.arrow and data/models/*.bin.
 *
 * Runs on one core (tfjs wasm backend, one thread). See README "Accuracy experiment" for the chosen size.
 */
import { join } from "node:path";
import { formatHelp, parseArgs, type FlagSpec } from "../lib/cli/args.ts";
import { UserError } from "../lib/errors.ts";
import { ensureFashionMnist, loadFashionMnist } from "../lib/datasets/fashion-mnist.ts";
import { repoRoot } from "../lib/paths.ts";
import { useWasmBackend } from "../lib/train/backend.ts";
import {
  VARIANTS, prepareData, runTraining, stepsPerEpoch, type ExperimentConfig, type Variant,
} from "../lib/train/experiment.ts";
import { parameterCount } from "../lib/train/vit.ts";

const FLAGS: FlagSpec[] = [
  { name: "train-subset", type: "number", description: "training images used (fixed seeded subset of the 60,000)", default: 10240 },
  { name: "epochs", type: "number", description: "epochs per run", default: 2 },
  { name: "depth", type: "number", description: "transformer blocks", default: 4 },
  { name: "dim", type: "number", description: "embedding width", default: 64 },
  { name: "heads", type: "number", description: "attention heads", default: 4 },
  { name: "mlp-ratio", type: "number", description: "MLP hidden width / dim", default: 2 },
  { name: "patch", type: "number", description: "patch side in pixels (4 → 7×7 grid + CLS = 50 tokens)", default: 4 },
  { name: "batch", type: "number", description: "training batch size", default: 128 },
  { name: "lr", type: "number", description: "peak learning rate (linear warm-up, cosine decay)", default: 0.002 },
  { name: "warmup", type: "number", description: "warm-up steps", default: 40 },
  { name: "seeds", type: "string", description: "comma-separated run seeds", default: "0,1" },
  { name: "variants", type: "string", description: `comma-separated variants (${VARIANTS.join(", ")})`, default: VARIANTS.join(",") },
  { name: "checkpoint-dir", type: "string", description: "folder of checkpoints (git-ignored)", default: "tmp/accuracy-experiment" },
  { name: "out-dir", type: "string", description: "folder the data files are written to", default: "data" },
  { name: "write-only", type: "boolean", description: "do not train; write the data files from finished checkpoints" },
];

async function main(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, FLAGS, "experiment:accuracy");
  if (flags.help) {
    process.stdout.write(formatHelp("npm run experiment:accuracy -- [flags]", "Train full vs windowed-attention ViTs on Fashion-MNIST (checkpointed, resumable) and write the accuracy and attention-map data.", FLAGS) + "\n");
    return;
  }
  const variants = String(flags.variants).split(",").map((v) => v.trim()) as Variant[];
  for (const v of variants) if (!VARIANTS.includes(v)) throw new UserError(`--variants: unknown variant "${v}" (expected ${VARIANTS.join(", ")})`);
  const seeds = String(flags.seeds).split(",").map((s) => Number(s.trim()));
  for (const s of seeds) if (!Number.isInteger(s) || s < 0) throw new UserError(`--seeds: "${flags.seeds}" must be comma-separated non-negative integers`);
  const cfg: ExperimentConfig = {
    model: { imageSize: 28, patch: Number(flags.patch), dim: Number(flags.dim), depth: Number(flags.depth), heads: Number(flags.heads), mlpRatio: Number(flags["mlp-ratio"]), classes: 10 },
    trainSubset: Number(flags["train-subset"]),
    subsetSeed: 20240601,
    epochs: Number(flags.epochs),
    batch: Number(flags.batch),
    lr: Number(flags.lr),
    warmupSteps: Number(flags.warmup),
    seeds,
    variants,
    evalBatch: 250,
    evalSubset: 2000,
    mapImages: [],
    meanMapImages: 500,
  };
  const log = (line: string): void => {
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  };
  const ckptDir = join(repoRoot, String(flags["checkpoint-dir"]));
  const dir = ensureFashionMnist(log);
  log(`Fashion-MNIST from ${dir}`);
  const train = loadFashionMnist("train", dir);
  const test = loadFashionMnist("test", dir);
  // Fixed attention-map images: the first test image of classes 0 (T-shirt), 1 (trouser), 7 (sneaker), 8 (bag).
  cfg.mapImages = [0, 1, 7, 8].map((c) => test.labels.indexOf(c));
  await useWasmBackend();
  const data = prepareData(cfg, train, test);
  log(`model: ${parameterCount(cfg.model)} parameters; ${cfg.trainSubset} training images, ${stepsPerEpoch(cfg)} steps/epoch × ${cfg.epochs} epochs; ${seeds.length} seeds × ${variants.length} variants`);
  const started = performance.now();
  if (!flags["write-only"]) {
    // Epoch-major: every run's epoch 1, then every run's epoch 2, ... (all runs progress together).
    const runs = seeds.flatMap((seed) => variants.map((variant) => ({ seed, variant })));
    for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      runs.forEach(({ seed, variant }, i) => {
        runTraining(cfg, data, variant, seed, ckptDir, log, `run ${i + 1}/${runs.length} ${variant} seed ${seed}`, epoch);
        log(`elapsed ${((performance.now() - started) / 60000).toFixed(1)} min`);
      });
    }
  }
  // Loaded only now, so the output writer can be refined while a long training run is in progress.
  const { writeAccuracyOutputs } = await import("../lib/train/accuracy-output.ts");
  writeAccuracyOutputs(cfg, data, ckptDir, join(repoRoot, String(flags["out-dir"])), log);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UserError) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
});
