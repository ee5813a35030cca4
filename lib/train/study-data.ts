/**
 * The accuracy study's committed data: schemas, typed rows and readers of
 *  - data/accuracy-study.arrow — one row per (phase, variant, seed, epoch): test accuracy on all 10,000
 *    Fashion-MNIST test images, losses, images seen, wall time, `final` on each run's last row;
 *  - data/attention-locality.arrow — per run, layer and head: window share, self share, mean attention
 *    distance and their uniform baselines, from the mean attention map over the first test images;
 *  - data/attention-maps-fashion-mnist.arrow — the converged full-attention model's maps (fixed test images
 *    and the mean map), for Fig. 7-style figures.
 */
import { readArrowTable, tableRows, type ColumnSpec, type DataTable } from "../data/arrow-table.ts";
import { dataPath } from "../paths.ts";

/** Study phases: pretrain (full attention) → finetune (full | windowed-lower); scratch (windowed-lower). */
export const PHASES = ["pretrain", "finetune", "scratch"] as const;
/** Attention variants: all blocks full, or the lower half of the blocks windowed (3×3 + CLS). */
export const STUDY_VARIANTS = ["full", "windowed-lower"] as const;

/** Path of the study file, relative to the repository root. */
export const ACCURACY_STUDY_FILE = "data/accuracy-study.arrow";
/** Path of the locality file. */
export const ATTENTION_LOCALITY_FILE = "data/attention-locality.arrow";
/** Path of the attention-map file. */
export const ATTENTION_MAPS_FILE = "data/attention-maps-fashion-mnist.arrow";

/** Schema of data/accuracy-study.arrow. */
export const ACCURACY_STUDY_SCHEMA: ColumnSpec[] = [
  { name: "phase", type: "utf8", description: "pretrain (full attention, from random init) | finetune (from the pretrained model) | scratch (from random init)" },
  { name: "variant", type: "utf8", description: "full | windowed-lower (blocks idx < depth/2 use the 3x3 + CLS window mask)" },
  { name: "seed", type: "int32", description: "run seed (fine-tune: data order; scratch: also the initial weights)" },
  { name: "epoch", type: "int32", description: "epoch just finished (1-based)" },
  { name: "windowedBlocks", type: "utf8", description: "comma-separated indices of the windowed blocks (empty = none)" },
  { name: "testAccuracy", type: "float64", unit: "%", description: "top-1 accuracy on all 10,000 Fashion-MNIST test images after the epoch" },
  { name: "testLoss", type: "float64", unit: "nats", description: "mean test cross-entropy on the same images" },
  { name: "trainLoss", type: "float64", unit: "nats", description: "mean training cross-entropy over the epoch's steps" },
  { name: "imagesSeen", type: "int32", unit: "images", description: "training images processed by the run so far (steps x batch)" },
  { name: "trainSeconds", type: "float64", unit: "s", description: "wall time of the epoch's training steps (one torch thread, shared 2-core machine)" },
  { name: "wallSeconds", type: "float64", unit: "s", description: "cumulative wall time of the run (training + evaluation) up to this epoch" },
  { name: "final", type: "bool", description: "true on the run's last epoch" },
];

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

/** Schema of data/attention-locality.arrow. */
export const ATTENTION_LOCALITY_SCHEMA: ColumnSpec[] = [
  { name: "phase", type: "utf8", description: "phase of the run whose final model is measured" },
  { name: "variant", type: "utf8", description: "variant of that run" },
  { name: "seed", type: "int32", description: "seed of that run" },
  { name: "layer", type: "int32", description: "transformer block (0 = lowest)" },
  { name: "head", type: "int32", description: "attention head" },
  { name: "windowed", type: "bool", description: "the block is windowed in this model (its windowShare is 1 by construction)" },
  { name: "windowShare", type: "float64", description: "share of the patch queries' attention mass on patch keys that lies inside the 3x3 window (lib/masks/locality.ts)" },
  { name: "uniformWindowShare", type: "float64", description: "windowShare of a uniform spread over patch keys" },
  { name: "selfShare", type: "float64", description: "share of that mass on the query's own patch" },
  { name: "uniformSelfShare", type: "float64", description: "selfShare of a uniform spread (1 / patches)" },
  { name: "meanAttentionDistance", type: "float64", unit: "patches", description: "attention-weighted mean Euclidean distance between query patch and key patch" },
  { name: "uniformMeanAttentionDistance", type: "float64", unit: "patches", description: "mean distance under a uniform spread over patch keys" },
  { name: "clsShare", type: "float64", description: "share of the patch queries' total attention mass on the CLS key" },
  { name: "images", type: "int32", unit: "images", description: "test images averaged into the map (the first N)" },
];

/** One row of data/attention-locality.arrow. */
export interface LocalityRow {
  phase: string;
  variant: string;
  seed: number;
  layer: number;
  head: number;
  windowed: boolean;
  windowShare: number;
  uniformWindowShare: number;
  selfShare: number;
  uniformSelfShare: number;
  meanAttentionDistance: number;
  uniformMeanAttentionDistance: number;
  clsShare: number;
  images: number;
}

/** Schema of data/attention-maps-fashion-mnist.arrow: one row per (image, layer, head, query, key). */
export const ATTENTION_MAPS_SCHEMA: ColumnSpec[] = [
  { name: "image", type: "int32", description: "Fashion-MNIST test-image index, or -1 for the mean map over the first meanMapImages test images" },
  { name: "label", type: "int32", description: "the image's class (0..9), -1 for the mean map" },
  { name: "layer", type: "uint8", description: "transformer block (0 = lowest)" },
  { name: "head", type: "uint8", description: "attention head" },
  { name: "query", type: "uint8", description: "query token (0 = CLS, then the patch grid row-major)" },
  { name: "key", type: "uint8", description: "key token (same numbering)" },
  { name: "weight", type: "float32", description: "softmax attention probability (rows sum to 1)" },
];

/** Reads data/accuracy-study.arrow. */
export function readStudy(path: string = dataPath("accuracy-study.arrow")): { rows: StudyRow[]; table: DataTable } {
  const table = readArrowTable(path, ACCURACY_STUDY_SCHEMA);
  return { rows: tableRows(table) as unknown as StudyRow[], table };
}

/** Reads data/attention-locality.arrow. */
export function readLocality(path: string = dataPath("attention-locality.arrow")): { rows: LocalityRow[]; table: DataTable } {
  const table = readArrowTable(path, ATTENTION_LOCALITY_SCHEMA);
  return { rows: tableRows(table) as unknown as LocalityRow[], table };
}

/** Maps of one image (or the mean, image −1): `maps[layer][head]` is the n×n row-major map. */
export interface ImageMaps {
  image: number;
  label: number;
  maps: Float32Array[][];
}

/** Reads data/attention-maps-fashion-mnist.arrow into per-image `[layer][head]` maps (file order). */
export function readAttentionMaps(path: string = dataPath("attention-maps-fashion-mnist.arrow")): { n: number; layers: number; heads: number; images: ImageMaps[]; table: DataTable } {
  const table = readArrowTable(path, ATTENTION_MAPS_SCHEMA);
  const c = table.columns as Record<string, ArrayLike<number>>;
  const len = c.query!.length;
  let n = 0;
  let layers = 0;
  let heads = 0;
  for (let i = 0; i < len; i++) {
    n = Math.max(n, c.query![i]! + 1, c.key![i]! + 1);
    layers = Math.max(layers, c.layer![i]! + 1);
    heads = Math.max(heads, c.head![i]! + 1);
  }
  const byImage = new Map<number, ImageMaps>();
  for (let i = 0; i < len; i++) {
    const image = c.image![i]!;
    let g = byImage.get(image);
    if (!g) {
      g = { image, label: c.label![i]!, maps: Array.from({ length: layers }, () => Array.from({ length: heads }, () => new Float32Array(n * n))) };
      byImage.set(image, g);
    }
    g.maps[c.layer![i]!]![c.head![i]!]![c.query![i]! * n + c.key![i]!] = c.weight![i]!;
  }
  return { n, layers, heads, images: [...byImage.values()], table };
}
