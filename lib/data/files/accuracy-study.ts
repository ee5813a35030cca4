/**
 * `data/accuracy-study.arrow` (kind = measured): the accuracy study, one row per (phase, variant, seed, epoch) —
 * test accuracy on all 10,000 Fashion-MNIST test images, losses, images seen, wall time, `final` on each run's
 * last row. Written by `npm run experiment:accuracy` (lib/train/study-output.ts).
 */
import { declareTableRules, readArrowTable, tableRows, type ColumnSpec, type DataTable } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";

/** Study phases: pretrain (full attention) → finetune (full | windowed-lower); scratch (windowed-lower). */
export const PHASES = ["pretrain", "finetune", "scratch"] as const;
/** Attention variants: all blocks full, or the lower half of the blocks windowed (3×3 + CLS). */
export const STUDY_VARIANTS = ["full", "windowed-lower"] as const;

/** Path of the study file, relative to the repository root. */
export const ACCURACY_STUDY_FILE = "data/accuracy-study.arrow";
/** Schema of data/accuracy-study.arrow. */
export const ACCURACY_STUDY_SCHEMA: ColumnSpec[] = declareTableRules(
  [
    { name: "phase", type: "utf8", values: PHASES, description: "pretrain (full attention, from random init) | finetune (from the pretrained model) | scratch (from random init)" },
    { name: "variant", type: "utf8", values: STUDY_VARIANTS, description: "full | windowed-lower (blocks idx < depth/2 use the 3x3 + CLS window mask)" },
    { name: "seed", type: "int32", range: [0, 2147483647], description: "run seed (fine-tune: data order; scratch: also the initial weights)" },
    { name: "epoch", type: "int32", range: [1, 1_000_000], description: "epoch just finished (1-based)" },
    { name: "windowedBlocks", type: "utf8", pattern: /^(\d+(,\d+)*)?$/, description: "comma-separated indices of the windowed blocks (empty = none)" },
    { name: "testAccuracy", type: "float64", unit: "%", description: "top-1 accuracy on all 10,000 Fashion-MNIST test images after the epoch" },
    { name: "testLoss", type: "float64", unit: "nats", range: [0, Infinity], description: "mean test cross-entropy on the same images" },
    { name: "trainLoss", type: "float64", unit: "nats", range: [0, Infinity], description: "mean training cross-entropy over the epoch's steps" },
    { name: "imagesSeen", type: "int32", unit: "images", range: [0, 2147483647], description: "training images processed by the run so far (steps x batch)" },
    { name: "trainSeconds", type: "float64", unit: "s", range: [0, Infinity], description: "wall time of the epoch's training steps (one torch thread, shared 2-core machine)" },
    { name: "wallSeconds", type: "float64", unit: "s", range: [0, Infinity], description: "cumulative wall time of the run (training + evaluation) up to this epoch" },
    { name: "final", type: "bool", description: "true on the run's last epoch" },
  ],
  {
    rows: [{ rule: "windowedBlocks is empty exactly for the full variant", columns: ["variant", "windowedBlocks"], holds: (r) => (r.windowedBlocks === "") === (r.variant === "full") }],
  },
);

/** One row of data/accuracy-study.arrow. */
export interface StudyRow {
  phase: (typeof PHASES)[number];
  variant: (typeof STUDY_VARIANTS)[number];
  seed: number;
  epoch: number;
  windowedBlocks: string;
  testAccuracy: number;
  testLoss: number;
  trainLoss: number;
  imagesSeen: number;
  trainSeconds: number;
  wallSeconds: number;
  final: boolean;
}

/** Reads data/accuracy-study.arrow. */
export function readStudy(path: string = dataPath("accuracy-study.arrow")): { rows: StudyRow[]; table: DataTable } {
  const table = readArrowTable(path, ACCURACY_STUDY_SCHEMA);
  return { rows: tableRows(table) as unknown as StudyRow[], table };
}
