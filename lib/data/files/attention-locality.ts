/**
 * `data/attention-locality.arrow` (kind = derived): per study model, layer and head — window share, self share,
 * mean attention distance and their uniform baselines, from the mean attention map over the first test images.
 * Written by `npm run experiment:accuracy` (lib/train/study-output.ts).
 */
import { declareTableRules, readArrowTable, tableRows, type ColumnSpec, type DataTable } from "../arrow-table.ts";
import { PHASES, STUDY_VARIANTS } from "./accuracy-study.ts";
import { dataPath } from "../../paths.ts";

/** Path of the locality file. */
export const ATTENTION_LOCALITY_FILE = "data/attention-locality.arrow";
/** Schema of data/attention-locality.arrow. */
export const ATTENTION_LOCALITY_SCHEMA: ColumnSpec[] = declareTableRules(
  [
    { name: "run", type: "utf8", pattern: /^(pretrain|finetune|scratch)-[a-z-]+-seed\d+(-pre\d+)?$/, description: "run whose final model is measured (as in data/accuracy-study.arrow)" },
    { name: "phase", type: "utf8", values: PHASES, description: "phase of the run whose final model is measured" },
    { name: "variant", type: "utf8", values: STUDY_VARIANTS, description: "variant of that run" },
    { name: "seed", type: "int32", range: [0, 2147483647], description: "seed of that run" },
    { name: "layer", type: "int32", range: [0, 1000], description: "transformer block (0 = lowest)" },
    { name: "head", type: "int32", range: [0, 1000], description: "attention head" },
    { name: "windowed", type: "bool", description: "the block is masked in this model (3x3 window: its windowShare is 1 by construction; random or strided control: attention is confined to that mask)" },
    { name: "windowShare", type: "float64", range: [0, 1], description: "share of the patch queries' attention mass on patch keys that lies inside the 3x3 window (lib/masks/locality.ts)" },
    { name: "uniformWindowShare", type: "float64", range: [0, 1], description: "windowShare of a uniform spread over patch keys" },
    { name: "selfShare", type: "float64", range: [0, 1], description: "share of that mass on the query's own patch" },
    { name: "uniformSelfShare", type: "float64", range: [0, 1], description: "selfShare of a uniform spread (1 / patches)" },
    { name: "meanAttentionDistance", type: "float64", unit: "patches", range: [0, Infinity], description: "attention-weighted mean Euclidean distance between query patch and key patch" },
    { name: "uniformMeanAttentionDistance", type: "float64", unit: "patches", range: [0, Infinity], description: "mean distance under a uniform spread over patch keys" },
    { name: "clsShare", type: "float64", range: [0, 1], description: "share of the patch queries' total attention mass on the CLS key" },
    { name: "images", type: "int32", unit: "images", range: [1, 2147483647], description: "test images averaged into the map (the first N)" },
  ],
  {
    rows: [
      { rule: "selfShare ≤ windowShare (the own patch lies inside the window)", columns: ["selfShare", "windowShare"], holds: (r) => (r.selfShare as number) <= (r.windowShare as number) + 1e-12 },
      { rule: "a block masked with the 3x3 window has windowShare 1", columns: ["windowed", "variant", "windowShare"], holds: (r) => !r.windowed || !String(r.variant).startsWith("windowed-") || Math.abs((r.windowShare as number) - 1) <= 1e-6 },
    ],
  },
);

/** One row of data/attention-locality.arrow. */
export interface LocalityRow {
  run: string;
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

/** Reads data/attention-locality.arrow. */
export function readLocality(path: string = dataPath("attention-locality.arrow")): { rows: LocalityRow[]; table: DataTable } {
  const table = readArrowTable(path, ATTENTION_LOCALITY_SCHEMA);
  return { rows: tableRows(table) as unknown as LocalityRow[], table };
}
