/**
 * ViTCoD's attention cycle-simulator log (`vitcod_atten_0.95_wo.txt`): conversion of its LAST run to
 * `data/external/vitcod-attention-log.arrow` and a typed reader of it.
 *
 * Per layer the simulator prints (head 0 only; the labels are ViTCoD's, several say "SpMM" for the
 * SDDMM-phase loads):
 * section 0 (Q·Kᵀ, SDDMM): dense Q/K load ("Dense SpMM dataloader"), its decoder cycles ("Dense SpMM decoder"),
 * sparse K load ("Sparse SpMM dataloader"), its decoder cycles ("Sparse SpMM decoder"), dense and sparse
 * SDDMM PE cycles ("Dense/Sparse SDMM PE caclulation");
 * section 1 (S·V, SpMM): dense and sparse V load ("Dense/Sparse SpMM dataloader") and dense and sparse SpMM
 * PE cycles ("Dense/Sparse SpMM PE caclulation").
 * Run totals: the non-zero fraction of the sparser region, total preloading, processing (decoder),
 * computation cycles and the total.
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
export const ATTENTION_LOG_FILE = "vitcod-attention-log.arrow";

/** Normalised keys of the per-layer values, in printed order. */
export const ATTENTION_LAYER_KEYS = [
  "globalTokens",
  "qkDenseLoad",
  "qkDenseDecoder",
  "kSparseLoad",
  "kSparseDecoder",
  "sddmmDense",
  "sddmmSparse",
  "vDenseLoad",
  "spmmDense",
  "vSparseLoad",
  "spmmSparse",
] as const;

/** Normalised keys of the run totals, in printed order. */
export const ATTENTION_TOTAL_KEYS = ["sparserRegionDensity", "preload", "processing", "computation", "total"] as const;

const KEYS: LogKeyMap = {
  layer: {
    "0|Dense SpMM dataloader": "qkDenseLoad",
    "0|Dense SpMM decoder": "qkDenseDecoder",
    "0|Sparse SpMM dataloader": "kSparseLoad",
    "0|Sparse SpMM decoder": "kSparseDecoder",
    "0|Dense SDMM PE caclulation": "sddmmDense",
    "0|Sparse SDMM PE caclulation": "sddmmSparse",
    "1|Dense SpMM dataloader": "vDenseLoad",
    "1|Dense SpMM PE caclulation": "spmmDense",
    "1|Sparse SpMM dataloader": "vSparseLoad",
    "1|Sparse SpMM PE caclulation": "spmmSparse",
  },
  total: {
    "number of non-zeros in the sparser region": "sparserRegionDensity",
    "total preloading cycles": "preload",
    "total processing cycles": "processing",
    "total Computation cycles": "computation",
    "Total cycles": "total",
  },
};

/** One layer of the log's last run (cycles; globalTokens in tokens). */
export type VitcodAttentionLayer = { layer: number; head: number } & Record<(typeof ATTENTION_LAYER_KEYS)[number], number>;

/** The last run of ViTCoD's attention simulator log. */
export interface VitcodAttentionLog {
  layers: VitcodAttentionLayer[];
  /** Run totals: sparserRegionDensity (fraction), preload, processing, computation, total (cycles). */
  totals: Record<(typeof ATTENTION_TOTAL_KEYS)[number], number>;
  /** Shape printed at the start of the run, e.g. [12, 3, 197, 64]. */
  shape: number[];
  /** 1-based line of the run's first line in the raw log, and its timestamp. */
  runStartLine: number;
  runTimestamp: string;
  /** Number of runs in the raw log (the last one is the reference). */
  runsInFile: number;
}

/**
 * Converts the raw log to the Arrow table of its last run (kind `reported`: values printed by ViTCoD's run).
 * @throws UserError when the log is malformed or its last run is incomplete
 */
export function attentionLogTable(bytes: Uint8Array, file: ReferenceFile): DataTable {
  const name = file.name;
  const runs = parseVitcodLog(Buffer.from(bytes).toString("utf8"), name);
  const run = runs[runs.length - 1]!;
  const rows = logRunRows(run, KEYS, name);
  // Validate completeness now, so an incomplete run never gets written.
  pivotLogRows(rows, ATTENTION_LAYER_KEYS, ATTENTION_TOTAL_KEYS, `${name} (last run, line ${run.startLine})`);
  const summary = runs
    .map((r) => {
      const t = r.totals.find((x) => x.label === "Total cycles");
      return `line ${r.startLine}: ${t ? `total ${t.value}` : "no totals (aborted)"}`;
    })
    .join("; ");
  return {
    columns: logRowsToColumns(rows),
    provenance: referenceProvenance(
      file,
      "reported",
      "Every value printed by the LAST run of ViTCoD's attention cycle simulator (DeiT-tiny, info_0.95 mask, defaults --sparse 0.95 --feature_dim 64 --ratio 0.667 --PE_width 64 --PE_height 8), one row per value, with its line in the raw log",
      {
        shape: run.shape.join(","),
        runStartLine: String(run.startLine),
        runTimestamp: run.timestamp,
        runsInFile: String(runs.length),
        runs: summary,
      },
    ),
  };
}

/**
 * Reads `data/external/vitcod-attention-log.arrow` (run `npm run data:import` first).
 * @throws DataFileError when the file is missing or does not match the schema; UserError when a value is missing
 */
export function readVitcodAttentionLog(path: string = externalDataPath(ATTENTION_LOG_FILE)): VitcodAttentionLog {
  const table = readArrowTable(path, VITCOD_LOG_SCHEMA);
  const { layers, totals } = pivotLogRows(logRowsFromTable(table), ATTENTION_LAYER_KEYS, ATTENTION_TOTAL_KEYS, path);
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
  };
}
