/**
 * Schemas, file names and typed readers of the accuracy experiment's committed data: per-epoch results
 * (data/accuracy-fashion-mnist.arrow) and attention maps (data/attention-maps-fashion-mnist.arrow).
 * No TensorFlow.js here, so notebooks can read the data cheaply.
 */
import { readArrowTable, tableRows, type ColumnSpec, type DataTable } from "../data/arrow-table.ts";
import { dataPath } from "../paths.ts";

/** The experiment's variants in code order (the attention-map file stores the code). */
export const VARIANT_NAMES = ["full", "windowed-lower", "windowed-all"] as const;

/** Path of the per-epoch results file. */
export const ACCURACY_FILE = "data/accuracy-fashion-mnist.arrow";
/** Path of the attention-map file. */
export const ATTENTION_MAPS_FILE = "data/attention-maps-fashion-mnist.arrow";

/** Schema of data/accuracy-fashion-mnist.arrow: one row per (variant, seed, epoch). */
export const ACCURACY_SCHEMA: ColumnSpec[] = [
  { name: "variant", type: "utf8", description: "full | windowed-lower (3x3+CLS window in the lower half of the blocks) | windowed-all" },
  { name: "windowedBlocks", type: "utf8", description: "comma-separated indices of the windowed blocks (empty = none)" },
  { name: "seed", type: "int32", description: "run seed (initial weights and data order; shared by all variants)" },
  { name: "epoch", type: "int32", description: "epoch just finished (1-based)" },
  { name: "steps", type: "int32", description: "optimiser steps in the epoch" },
  { name: "trainLoss", type: "float64", unit: "nats", description: "mean training cross-entropy over the epoch's steps" },
  { name: "testAccuracy", type: "float64", unit: "%", description: "top-1 accuracy on the first testImages Fashion-MNIST test images after the epoch" },
  { name: "testLoss", type: "float64", unit: "nats", description: "mean test cross-entropy on the same images" },
  { name: "testImages", type: "int32", unit: "images", description: "test images evaluated (the full 10,000 after the last epoch)" },
  { name: "trainSeconds", type: "float64", unit: "s", description: "wall time of the epoch's training steps (one core, shared machine)" },
  { name: "evalSeconds", type: "float64", unit: "s", description: "wall time of the test evaluation" },
];

/** Schema of data/attention-maps-fashion-mnist.arrow: one row per (run, image, layer, head, query, key). */
export const ATTENTION_MAPS_SCHEMA: ColumnSpec[] = [
  { name: "variant", type: "uint8", description: "variant code: 0 = full, 1 = windowed-lower, 2 = windowed-all" },
  { name: "seed", type: "uint8", description: "run seed" },
  { name: "image", type: "int32", description: "Fashion-MNIST test-image index, or -1 for the mean map over the first meanMapImages test images" },
  { name: "layer", type: "uint8", description: "transformer block (0 = lowest)" },
  { name: "head", type: "uint8", description: "attention head" },
  { name: "query", type: "uint8", description: "query token (0 = CLS, then the patch grid row-major)" },
  { name: "key", type: "uint8", description: "key token (same numbering)" },
  { name: "weight", type: "float32", description: "softmax attention probability (rows sum to 1)" },
];

/** One row of the results file. */
export interface AccuracyRow {
  variant: string;
  windowedBlocks: string;
  seed: number;
  epoch: number;
  steps: number;
  trainLoss: number;
  testAccuracy: number;
  testLoss: number;
  testImages: number;
  trainSeconds: number;
  evalSeconds: number;
}

/** Reads the committed results file (validated against {@link ACCURACY_SCHEMA}). */
export function readAccuracyResults(path: string = dataPath("accuracy-fashion-mnist.arrow")): { rows: AccuracyRow[]; table: DataTable } {
  const table = readArrowTable(path, ACCURACY_SCHEMA);
  return { rows: tableRows(table) as unknown as AccuracyRow[], table };
}

/** Attention maps keyed by run and image: `maps.get(key)[layer][head]` is the n×n row-major map. */
export interface AttentionMapSet {
  /** Tokens per map side. */
  n: number;
  layers: number;
  heads: number;
  /** Key `${variant}/${seed}/${image}` → `[layer][head]` maps. */
  maps: Map<string, Float32Array[][]>;
  table: DataTable;
}

/** Key of one map group in {@link AttentionMapSet.maps}. */
export function mapKey(variant: string, seed: number, image: number): string {
  return `${variant}/${seed}/${image}`;
}

/** Reads the committed attention-map file into per-run, per-image `[layer][head]` n×n maps. */
export function readAttentionMaps(path: string = dataPath("attention-maps-fashion-mnist.arrow")): AttentionMapSet {
  const table = readArrowTable(path, ATTENTION_MAPS_SCHEMA);
  const c = table.columns;
  const variant = c.variant as ArrayLike<number>;
  const seed = c.seed as ArrayLike<number>;
  const image = c.image as ArrayLike<number>;
  const layer = c.layer as ArrayLike<number>;
  const head = c.head as ArrayLike<number>;
  const query = c.query as ArrayLike<number>;
  const key = c.key as ArrayLike<number>;
  const weight = c.weight as ArrayLike<number>;
  let n = 0;
  let layers = 0;
  let heads = 0;
  for (let i = 0; i < query.length; i++) {
    n = Math.max(n, query[i]! + 1, key[i]! + 1);
    layers = Math.max(layers, layer[i]! + 1);
    heads = Math.max(heads, head[i]! + 1);
  }
  const maps = new Map<string, Float32Array[][]>();
  for (let i = 0; i < query.length; i++) {
    const k = mapKey(VARIANT_NAMES[variant[i]!] ?? `variant${variant[i]}`, seed[i]!, image[i]!);
    let group = maps.get(k);
    if (!group) {
      group = Array.from({ length: layers }, () => Array.from({ length: heads }, () => new Float32Array(n * n)));
      maps.set(k, group);
    }
    group[layer[i]!]![head[i]!]![query[i]! * n + key[i]!] = weight[i]!;
  }
  return { n, layers, heads, maps, table };
}
