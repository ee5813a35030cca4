/**
 * `data/accuracy-predictions.arrow` (kind = measured): the predicted class of every Fashion-MNIST test image
 * for every finished model of the accuracy study, and the true labels, for paired per-image tests (McNemar).
 * One row per model plus one row of labels (`run` = {@link LABELS_RUN}); `classes` holds one digit 0–9 per
 * test image in test-set order, so a row is 10,000 characters. Written by `npm run experiment:accuracy`
 * (lib/train/study-output.ts).
 */
import { UserError } from "../../errors.ts";
import { readArrowTable, tableRows, type ColumnSpec, type DataTable } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";

/** Path of the predictions file, relative to the repository root. */
export const ACCURACY_PREDICTIONS_FILE = "data/accuracy-predictions.arrow";
/** `run` of the row that holds the true labels. */
export const LABELS_RUN = "test-labels";

/** Schema of data/accuracy-predictions.arrow. */
export const ACCURACY_PREDICTIONS_SCHEMA: ColumnSpec[] = [
  { name: "run", type: "utf8", pattern: /^(test-labels|(pretrain|finetune|scratch)-[a-z-]+-seed\d+(-pre\d+)?)$/, description: `run name as in data/accuracy-study.arrow, or "${LABELS_RUN}" for the true labels` },
  { name: "images", type: "int32", unit: "images", range: [1, 10_000], description: "test images (the first N of the Fashion-MNIST test set, in order)" },
  { name: "classes", type: "utf8", pattern: /^[0-9]+$/, description: "one digit 0-9 per test image: the model's predicted class (argmax of its logits), or the true label" },
  { name: "correct", type: "int32", unit: "images", range: [0, 10_000], description: "images whose class equals the true label (the labels row: all)" },
];

/** One row of data/accuracy-predictions.arrow. */
export interface PredictionRow {
  run: string;
  images: number;
  classes: string;
  correct: number;
}

/** Per-image predictions of the study's models with the labels, checked for internal consistency. */
export interface StudyPredictions {
  labels: Uint8Array;
  /** Predicted classes per run name. */
  byRun: Map<string, Uint8Array>;
  table: DataTable;
}

/** Decodes a `classes` string into class indices; throws naming the row when a character is not a digit. */
export function decodeClasses(s: string, where: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) throw new UserError(`${where}: image ${i}: ${JSON.stringify(s[i])} is not a class digit 0-9`);
    out[i] = c;
  }
  return out;
}

/** Encodes class indices as a `classes` string. */
export function encodeClasses(classes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (!Number.isInteger(c) || c < 0 || c > 9) throw new Error(`class ${c} at image ${i} is not 0-9`);
    s += String.fromCharCode(48 + c);
  }
  return s;
}

/**
 * Reads data/accuracy-predictions.arrow: every row's length equals its `images`, every character is a
 * digit, the labels row exists once, and every `correct` equals the count recomputed against the labels
 * (a file whose counts disagree is refused, naming the run and the command that regenerates it).
 */
export function readPredictions(path: string = dataPath("accuracy-predictions.arrow")): StudyPredictions {
  const table = readArrowTable(path, ACCURACY_PREDICTIONS_SCHEMA);
  const rows = tableRows(table) as unknown as PredictionRow[];
  const where = (r: PredictionRow): string => `${path}: run ${r.run}`;
  const labelRows = rows.filter((r) => r.run === LABELS_RUN);
  if (labelRows.length !== 1) throw new UserError(`${path}: expected one "${LABELS_RUN}" row, found ${labelRows.length} (rerun npm run experiment:accuracy)`);
  const labels = decodeClasses(labelRows[0]!.classes, where(labelRows[0]!));
  const byRun = new Map<string, Uint8Array>();
  for (const r of rows) {
    if (r.classes.length !== r.images || r.images !== labels.length) {
      throw new UserError(`${where(r)}: ${r.classes.length} classes for ${r.images} images (labels: ${labels.length}); rerun npm run experiment:accuracy`);
    }
    if (r.run === LABELS_RUN) continue;
    if (byRun.has(r.run)) throw new UserError(`${where(r)}: appears twice`);
    const p = decodeClasses(r.classes, where(r));
    let correct = 0;
    for (let i = 0; i < p.length; i++) if (p[i] === labels[i]) correct++;
    if (correct !== r.correct) throw new UserError(`${where(r)}: correct = ${r.correct}, but ${correct} predictions equal the labels; rerun npm run experiment:accuracy`);
    byRun.set(r.run, p);
  }
  return { labels, byRun, table };
}
