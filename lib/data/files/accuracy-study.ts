/**
 * `data/accuracy-study.arrow` (kind = measured): the accuracy study, one row per (run, epoch) — test accuracy on
 * all 10,000 Fashion-MNIST test images, losses, images seen, wall time, the torch version and thread count that
 * trained it, `final` on each run's last row. Written by `npm run experiment:accuracy`
 * (lib/train/study-output.ts).
 */
import { declareTableRules, readArrowTable, tableRows, type ColumnSpec, type DataTable } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";

/** Study phases: pretrain (full attention, from random weights) → finetune (from a pretrained model); scratch (from random weights). */
export const PHASES = ["pretrain", "finetune", "scratch"] as const;
/**
 * Attention variants (the engine's `VARIANTS` table in lib/train/vitsparse_train/plan.py): all blocks full;
 * the 3×3 + CLS window in the lower half (the poster's schedule) or the upper half; the lower half with the
 * random control (each query row keeps as many keys as the window, at random, fixed per seed; CLS kept); the
 * lower half with a dilated (stride 2) 3×3 window.
 */
export const STUDY_VARIANTS = ["full", "windowed-lower", "windowed-upper", "random-lower", "strided-lower"] as const;

/** Path of the study file, relative to the repository root. */
export const ACCURACY_STUDY_FILE = "data/accuracy-study.arrow";
/** Schema of data/accuracy-study.arrow. */
export const ACCURACY_STUDY_SCHEMA: ColumnSpec[] = declareTableRules(
  [
    { name: "run", type: "utf8", pattern: /^(pretrain|finetune|scratch)-[a-z-]+-seed\d+(-pre\d+)?$/, description: "run name: phase-variant-seedN, -preP for a fine-tune from pretraining seed P > 0" },
    { name: "phase", type: "utf8", values: PHASES, description: "pretrain (full attention, from random init) | finetune (from a pretrained model) | scratch (from random init)" },
    { name: "variant", type: "utf8", values: STUDY_VARIANTS, description: "full | windowed-lower | windowed-upper | random-lower | strided-lower (which half of the blocks is masked, and how)" },
    { name: "seed", type: "int32", range: [0, 2147483647], description: "run seed (fine-tune: data order and the random mask; pretrain and scratch: also the initial weights)" },
    { name: "pretrainSeed", type: "int32", range: [-1, 2147483647], description: "seed of the pretraining a fine-tune starts from; -1 for runs from random weights" },
    { name: "epoch", type: "int32", range: [1, 1_000_000], description: "epoch just finished (1-based)" },
    { name: "windowedBlocks", type: "utf8", pattern: /^(\d+(,\d+)*)?$/, description: "comma-separated indices of the windowed blocks (empty = none)" },
    { name: "testAccuracy", type: "float64", unit: "%", description: "top-1 accuracy on all 10,000 Fashion-MNIST test images after the epoch" },
    { name: "testLoss", type: "float64", unit: "nats", range: [0, Infinity], description: "mean test cross-entropy on the same images" },
    { name: "trainLoss", type: "float64", unit: "nats", range: [0, Infinity], description: "mean training cross-entropy over the epoch's steps" },
    { name: "imagesSeen", type: "int32", unit: "images", range: [0, 2147483647], description: "training images processed by the run so far (steps x batch)" },
    { name: "trainSeconds", type: "float64", unit: "s", range: [0, Infinity], description: "wall time of the epoch's training steps (one torch thread, shared 2-core machine)" },
    { name: "wallSeconds", type: "float64", unit: "s", range: [0, Infinity], description: "cumulative wall time of the run (training + evaluation) up to this epoch" },
    { name: "final", type: "bool", description: "true on the run's last epoch" },
    { name: "torch", type: "utf8", pattern: /^\d+\.\d+\S*$/, description: "PyTorch version that trained the run" },
    { name: "threads", type: "int32", range: [1, 1024], description: "torch threads of the run (the engine uses 1, so results do not depend on the machine's cores)" },
  ],
  {
    rows: [
      { rule: "windowedBlocks is empty exactly for the full variant", columns: ["variant", "windowedBlocks"], holds: (r) => (r.windowedBlocks === "") === (r.variant === "full") },
      { rule: "run names its phase, variant and seed", columns: ["run", "phase", "variant", "seed"], holds: (r) => String(r.run).startsWith(`${r.phase}-${r.variant}-seed${r.seed}`) },
      { rule: "pretrainSeed is -1 exactly for runs from random weights (pretrain, scratch)", columns: ["phase", "pretrainSeed"], holds: (r) => (r.pretrainSeed === -1) === (r.phase !== "finetune") },
    ],
  },
);

/** One row of data/accuracy-study.arrow. */
export interface StudyRow {
  run: string;
  phase: (typeof PHASES)[number];
  variant: (typeof STUDY_VARIANTS)[number];
  seed: number;
  pretrainSeed: number;
  epoch: number;
  windowedBlocks: string;
  testAccuracy: number;
  testLoss: number;
  trainLoss: number;
  imagesSeen: number;
  trainSeconds: number;
  wallSeconds: number;
  final: boolean;
  torch: string;
  threads: number;
}

/** Reads data/accuracy-study.arrow. */
export function readStudy(path: string = dataPath("accuracy-study.arrow")): { rows: StudyRow[]; table: DataTable } {
  const table = readArrowTable(path, ACCURACY_STUDY_SCHEMA);
  return { rows: tableRows(table) as unknown as StudyRow[], table };
}
