/**
 * fvcore's per-module FLOP printout of LeViT-128 from ViTCoD's repository (`Algorithm/deit/flops.txt`):
 * conversion to `data/external/levit128-flops.arrow` (one row per module, pre-order, hierarchy kept as path,
 * depth and parent) and a typed reader. fvcore counts one multiply-accumulate as one "flop".
 */
import { readArrowTable, tableRows, type ColumnSpec, type DataTable } from "../arrow-table.ts";
import { externalDataPath } from "../../paths.ts";
import { parseFvcorePrintout, type FvcoreModule } from "./fvcore-printout.ts";
import type { ReferenceFile } from "./manifest.ts";
import { referenceProvenance } from "./provenance.ts";

/** File name under `data/external/`. */
export const LEVIT128_FLOPS_FILE = "levit128-flops.arrow";

/** Columns of the module table. */
export const LEVIT128_FLOPS_SCHEMA: readonly ColumnSpec[] = [
  { name: "index", type: "int32", description: "pre-order index of the module; 0 = root" },
  { name: "path", type: "utf8", description: "dotted module path from the root (e.g. blocks.0.m.qkv.c); empty for the root" },
  { name: "name", type: "utf8", description: "name inside the parent module (class name for the root)" },
  { name: "moduleType", type: "utf8", description: "PyTorch module class" },
  { name: "depth", type: "int32", description: "nesting depth; 0 = root" },
  { name: "parent", type: "int32", description: "index of the parent module; -1 for the root" },
  { name: "args", type: "utf8", description: "constructor arguments as printed" },
  { name: "params", type: "float64", nan: "fvcore printed no stats", unit: "parameters", description: "parameter count parsed from the rounded printout; NaN when fvcore printed no stats" },
  { name: "flops", type: "float64", nan: "fvcore printed no stats", unit: "MAC", description: "fvcore flops (one multiply-accumulate = 1) parsed from the rounded printout; NaN when fvcore printed no stats" },
  { name: "paramsText", type: "utf8", description: "the printed parameter count, e.g. 32.77K" },
  { name: "flopsText", type: "utf8", description: "the printed flop count, e.g. 6.42M" },
  { name: "hasStats", type: "bool", description: "whether fvcore printed #params/#flops for the module" },
  { name: "line", type: "int32", description: "1-based line of the module in the raw printout" },
];

/**
 * Converts the raw printout to the module table (kind `reported`).
 * @throws UserError when the printout is malformed
 */
export function levit128FlopsTable(bytes: Uint8Array, file: ReferenceFile): DataTable {
  const mods = parseFvcorePrintout(Buffer.from(bytes).toString("utf8"), file.name);
  const col = <K extends keyof FvcoreModule>(k: K): FvcoreModule[K][] => mods.map((m) => m[k]);
  return {
    columns: {
      index: col("index"),
      path: col("path"),
      name: col("name"),
      moduleType: col("moduleType"),
      depth: col("depth"),
      parent: col("parent"),
      args: col("args"),
      params: col("params"),
      flops: col("flops"),
      paramsText: col("paramsText"),
      flopsText: col("flopsText"),
      hasStats: mods.map((m) => m.paramsText !== ""),
      line: col("line"),
    },
    provenance: referenceProvenance(
      file,
      "reported",
      "fvcore per-module parameter and FLOP (multiply-accumulate) printout of LeViT-128 at 224x224, one row per module in pre-order; counts are parsed from fvcore's rounded K/M/G printout (the printed text is kept beside them)",
      { model: "LeViT-128", modules: String(mods.length), counter: "fvcore flop_count_str (1 multiply-accumulate = 1 flop)" },
    ),
  };
}

/**
 * Reads `data/external/levit128-flops.arrow`: LeViT-128's modules in pre-order with their fvcore counts.
 * @throws DataFileError when the file is missing or does not match the schema
 */
export function readLevit128Flops(path: string = externalDataPath(LEVIT128_FLOPS_FILE)): FvcoreModule[] {
  const table = readArrowTable(path, LEVIT128_FLOPS_SCHEMA);
  return tableRows(table).map((r) => ({
    index: r.index as number,
    path: r.path as string,
    name: r.name as string,
    moduleType: r.moduleType as string,
    depth: r.depth as number,
    parent: r.parent as number,
    args: r.args as string,
    params: r.params as number,
    flops: r.flops as number,
    paramsText: r.paramsText as string,
    flopsText: r.flopsText as string,
    line: r.line as number,
  }));
}
