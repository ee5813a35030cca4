/**
 * ViTCoD's linear/FFN cycle-simulator log (`vitcod_atten_ffn.txt`): conversion of its LAST run to
 * `data/external/vitcod-ffn-log.arrow` and a typed reader of it.
 *
 * Per layer the simulator prints (labels are ViTCoD's): section 0 (the Q/K/V and output linear layers):
 * "Embedding dataloader" (linear preload), "Embedding decoder" (auto-encoder cycles), "Embedding calcuation"
 * (linear compute); section 1 (the MLP): "Embedding dataloader" (FFN preload), "Embedding calcuation" (FFN
 * compute). Run totals: linear preprocessing, linear preloading, linear computation, FFN preloading, FFN
 * computation, linear, FFN and total cycles.
 */
import { readArrowTable, type DataTable } from "../arrow-table.ts";
import { UserError } from "../../errors.ts";
import { externalDataPath } from "../../paths.ts";
import type { ReferenceFile } from "./manifest.ts";
import { referenceProvenance } from "./provenance.ts";
import { parseVitcodLog } from "./vitcod-log.ts";
import {
  logRowsFromTable,
  logRowsToColumns,
  logRunRows,
  pivotLogRows,
  VITCOD_LOG_SCHEMA,
  type LogKeyMap,
} from "./vitcod-log-table.ts";

/** File name under `data/external/`. */
export const FFN_LOG_FILE = "vitcod-ffn-log.arrow";

/** Normalised keys of the per-layer values, in printed order. */
export const FFN_LAYER_KEYS = ["linearPreload", "linearEncoder", "linearCompute", "ffnPreload", "ffnCompute"] as const;

/** Normalised keys of the run totals, in printed order. */
export const FFN_TOTAL_KEYS = [
  "linearPreprocessing",
  "linearPreload",
  "linearCompute",
  "ffnPreload",
  "ffnCompute",
  "linear",
  "ffn",
  "total",
] as const;

const KEYS: LogKeyMap = {
  layer: {
    "0|Embedding dataloader": "linearPreload",
    "0|Embedding decoder": "linearEncoder",
    "0|Embedding calcuation": "linearCompute",
    "1|Embedding dataloader": "ffnPreload",
    "1|Embedding calcuation": "ffnCompute",
  },
  total: {
    "total linear preprocessing cycles": "linearPreprocessing",
    "total linear preloading cycles": "linearPreload",
    "total linear computation cycles": "linearCompute",
    "total ffn preloading cycles": "ffnPreload",
    "total ffn computation cycles": "ffnCompute",
    "total linear cycles": "linear",
    "total ffn cycles": "ffn",
    "total cycles": "total",
  },
};

/** One layer of the FFN log's last run (cycles). */
export type VitcodFfnLayer = { layer: number; head: number } & Record<(typeof FFN_LAYER_KEYS)[number], number>;

/** The last run of ViTCoD's linear/FFN simulator log. */
export interface VitcodFfnLog {
  layers: VitcodFfnLayer[];
  totals: Record<(typeof FFN_TOTAL_KEYS)[number], number>;
  shape: number[];
  runStartLine: number;
  runTimestamp: string;
  runsInFile: number;
  /** Whether every run in the file printed the same values as the last one. */
  runsIdentical: boolean;
}

function runValues(run: ReturnType<typeof parseVitcodLog>[number]): string {
  return JSON.stringify([run.layers.map((l) => [l.layer, l.head, l.values.map((v) => [v.section, v.label, v.value])]), run.totals.map((t) => [t.label, t.value])]);
}

/**
 * Converts the raw log to the Arrow table of its last run (kind `reported`).
 * @throws UserError when the log is malformed or its last run is incomplete
 */
export function ffnLogTable(bytes: Uint8Array, file: ReferenceFile): DataTable {
  const name = file.name;
  const runs = parseVitcodLog(Buffer.from(bytes).toString("utf8"), name);
  const run = runs[runs.length - 1]!;
  const rows = logRunRows(run, KEYS, name);
  pivotLogRows(rows, FFN_LAYER_KEYS, FFN_TOTAL_KEYS, `${name} (last run, line ${run.startLine})`);
  const last = runValues(run);
  return {
    columns: logRowsToColumns(rows),
    provenance: referenceProvenance(
      file,
      "reported",
      "Every value printed by the LAST run of ViTCoD's linear/FFN cycle simulator (DeiT-tiny defaults), one row per value, with its line in the raw log",
      {
        shape: run.shape.join(","),
        runStartLine: String(run.startLine),
        runTimestamp: run.timestamp,
        runsInFile: String(runs.length),
        runsIdentical: String(runs.every((r) => runValues(r) === last)),
      },
    ),
  };
}

/**
 * Reads `data/external/vitcod-ffn-log.arrow` (run `npm run data:import` first).
 * @throws DataFileError when the file is missing or does not match the schema; UserError when a value is missing
 */
export function readVitcodFfnLog(path: string = externalDataPath(FFN_LOG_FILE)): VitcodFfnLog {
  const table = readArrowTable(path, VITCOD_LOG_SCHEMA);
  const { layers, totals } = pivotLogRows(logRowsFromTable(table), FFN_LAYER_KEYS, FFN_TOTAL_KEYS, path);
  const extra = table.provenance.extra ?? {};
  const need = (k: string): string => {
    const v = extra[k];
    if (v === undefined) throw new UserError(`${path}: provenance lacks "${k}" (re-run npm run data:import)`);
    return v;
  };
  return {
    layers,
    totals,
    shape: need("shape").split(",").map(Number),
    runStartLine: Number(need("runStartLine")),
    runTimestamp: need("runTimestamp"),
    runsInFile: Number(need("runsInFile")),
    runsIdentical: need("runsIdentical") === "true",
  };
}
