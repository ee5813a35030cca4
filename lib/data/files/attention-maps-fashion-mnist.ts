/**
 * `data/attention-maps-fashion-mnist.arrow` (kind = measured): softmax attention maps of the study's pretrained
 * full-attention model — fixed test images and the mean map — for Fig. 7-style figures.
 * Written by `npm run experiment:accuracy` (lib/train/study-output.ts).
 */
import { DataFileError, declareTableRules, readArrowTable, type ColumnSpec, type DataTable } from "../arrow-table.ts";
import { dataPath } from "../../paths.ts";

/** Path of the attention-map file. */
export const ATTENTION_MAPS_FILE = "data/attention-maps-fashion-mnist.arrow";

/** Schema of data/attention-maps-fashion-mnist.arrow: one row per (image, layer, head, query, key). */
export const ATTENTION_MAPS_SCHEMA: ColumnSpec[] = declareTableRules(
  [
    { name: "image", type: "int32", range: [-1, 9999], description: "Fashion-MNIST test-image index, or -1 for the mean map over the first meanMapImages test images" },
    { name: "label", type: "int32", range: [-1, 9], description: "the image's class (0..9), -1 for the mean map" },
    { name: "layer", type: "uint8", range: [0, 255], description: "transformer block (0 = lowest)" },
    { name: "head", type: "uint8", range: [0, 255], description: "attention head" },
    { name: "query", type: "uint8", range: [0, 255], description: "query token (0 = CLS, then the patch grid row-major)" },
    { name: "key", type: "uint8", range: [0, 255], description: "key token (same numbering)" },
    { name: "weight", type: "float32", range: [0, 1], description: "softmax attention probability (rows sum to 1)" },
  ],
  // Its row rules are checked in readAttentionMaps, per map rather than per row (200,000 rows).
  {},
);

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
      if ((image === -1) !== (c.label![i] === -1) || c.label![i]! > 9) {
        throw new DataFileError(`${ATTENTION_MAPS_FILE}: row ${i}: label ${c.label![i]} for image ${image}; expected -1 exactly for the mean map (image -1), else a class 0..9; regenerate it with \`${table.provenance.generator}\` or restore it with git checkout -- ${ATTENTION_MAPS_FILE}`);
      }
      g = { image, label: c.label![i]!, maps: Array.from({ length: layers }, () => Array.from({ length: heads }, () => new Float32Array(n * n))) };
      byImage.set(image, g);
    }
    g.maps[c.layer![i]!]![c.head![i]!]![c.query![i]! * n + c.key![i]!] = c.weight![i]!;
  }
  // Every map row is a softmax distribution: its weights sum to 1 (float32 storage: to 1e-3).
  for (const g of byImage.values()) {
    for (const [l, perHead] of g.maps.entries()) {
      for (const [h, map] of perHead.entries()) {
        for (let q = 0; q < n; q++) {
          let sum = 0;
          for (let k = 0; k < n; k++) sum += map[q * n + k]!;
          if (Math.abs(sum - 1) > 1e-3) {
            throw new DataFileError(
              `${ATTENTION_MAPS_FILE}: image ${g.image} layer ${l} head ${h} query ${q}: the weights sum to ${sum.toPrecision(6)}, expected 1 (a softmax row); regenerate it with \`${table.provenance.generator}\` or restore it with git checkout -- ${ATTENTION_MAPS_FILE}`,
            );
          }
        }
      }
    }
  }
  return { n, layers, heads, images: [...byImage.values()], table };
}
