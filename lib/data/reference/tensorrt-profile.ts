/**
 * Reader of TensorRT per-layer profile JSON as written by `trtexec --exportProfile`: an array whose first
 * element is `{ "count": <timed runs> }` followed by one object per layer with `name`, `timeMs` (summed
 * over the runs), `averageMs` (per run) and `percentage` (share of the summed time).
 */
import { UserError } from "../../errors.ts";

/** One timed TensorRT layer (a fused kernel may carry several ONNX node names). */
export interface TensorRtLayer {
  /** Execution order, 0-based. */
  index: number;
  /** Layer name as TensorRT printed it, e.g. `MatMul_12` or `Reshape_14 + Transpose_15 + Reshape_16`. */
  name: string;
  /** Time summed over all timed runs, ms. */
  timeMs: number;
  /** Mean time per run, ms. */
  averageMs: number;
  /** Share of the summed time of all layers, %. */
  percentage: number;
}

/** A parsed profile. */
export interface TensorRtProfile {
  /** Number of timed runs (`count`). */
  runs: number;
  layers: TensorRtLayer[];
}

/**
 * Parses TensorRT profile JSON text.
 * @param name file name used in errors
 * @throws UserError naming the file and the entry that is malformed
 */
export function parseTensorRtProfile(text: string, name: string): TensorRtProfile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${name}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(doc) || doc.length === 0) throw new UserError(`${name}: expected a JSON array starting with {"count": N}`);
  const head = doc[0] as { count?: unknown };
  if (typeof head !== "object" || head === null || typeof head.count !== "number" || !Number.isInteger(head.count) || head.count <= 0) {
    throw new UserError(`${name}: entry 0 must be {"count": <positive integer>}, found ${JSON.stringify(doc[0])}`);
  }
  const layers: TensorRtLayer[] = [];
  for (let i = 1; i < doc.length; i++) {
    const e = doc[i] as Record<string, unknown>;
    const bad = (what: string): never => {
      throw new UserError(`${name}: entry ${i}: ${what}, found ${JSON.stringify(doc[i])}`);
    };
    if (typeof e !== "object" || e === null) bad("expected an object");
    if (typeof e.name !== "string" || e.name === "") bad('expected a non-empty "name"');
    for (const k of ["timeMs", "averageMs", "percentage"]) {
      const v = e[k];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) bad(`expected "${k}" to be a non-negative number`);
    }
    layers.push({
      index: i - 1,
      name: e.name as string,
      timeMs: e.timeMs as number,
      averageMs: e.averageMs as number,
      percentage: e.percentage as number,
    });
  }
  return { runs: head.count, layers };
}
