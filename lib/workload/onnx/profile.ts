/**
 * Per-node profiling of a built graph in onnxruntime-node (CPU execution provider): runs the session with
 * onnxruntime's profiler enabled, parses the Chrome-trace JSON it writes, and returns each run's time per
 * node. The trace's node events are named `<node name>_kernel_time`; runs are delimited by its
 * `model_run` events. Every executed node is placed in a (block, role) by `node-map.ts`; a profiled node
 * that is not placed is an error, never silently dropped.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import type { BuiltGraph } from "./graph-builder.ts";
import { decodeNodes, mapExecutedNodes, type NodePlace } from "./node-map.ts";
import { seededUniform } from "./weights.ts";
import { makeTempDir } from "../../paths.ts";

/** onnxruntime graph optimisation levels that keep every node of the graph identifiable by name. */
export type ProfileOptimization = "disabled" | "basic";

/** Options of {@link profileGraph}. */
export interface ProfileOptions {
  /** Intra-op threads (1 = the calling thread only, the reproducible default). */
  threads: number;
  /** Timed runs. */
  runs: number;
  /** Untimed runs before them (allocator warm-up, first-touch of weights). */
  warmup: number;
  /**
   * `basic` (default): onnxruntime's basic level (constant folding, redundant-node removal, MatMul+Add →
   * Gemm); fused and inserted nodes are mapped back by `node-map.ts`. `disabled`: the graph as built.
   * The extended levels are not offered: their fusions (e.g. MatMul+Mul scale) merge nodes of different roles.
   */
  optimization?: ProfileOptimization;
  /** Called after each run (warm-up included) with (done, total). */
  onRun?: (done: number, total: number) => void;
}

/** One profiled run. */
export interface ProfiledRun {
  /** Kernel time per node name, µs (onnxruntime reports whole microseconds). */
  nodeUs: Map<string, number>;
  /** Wall time of `session.run` measured around the call, ms. */
  wallMs: number;
}

/** Result of {@link profileGraph}. */
export interface GraphProfile {
  runs: ProfiledRun[];
  /** Block and role of every executed node (after onnxruntime's optimisation). */
  places: Map<string, NodePlace>;
  /** Executed nodes that never appeared in the trace (should be empty). */
  missingNodes: string[];
  /** The output of the last run (for shape checks). */
  outputDims: readonly number[];
  threads: number;
  optimization: ProfileOptimization;
}

interface TraceEvent {
  cat?: string;
  name?: string;
  ts?: number;
  dur?: number;
}

/** Splits a trace into runs: node kernel times per `model_run` event, in time order. */
export function parseTrace(events: readonly TraceEvent[]): Map<string, number>[] {
  const runs = events
    .filter((e) => e.cat === "Session" && e.name === "model_run" && typeof e.ts === "number" && typeof e.dur === "number")
    .sort((a, b) => a.ts! - b.ts!);
  const out = runs.map(() => new Map<string, number>());
  const suffix = "_kernel_time";
  for (const e of events) {
    if (e.cat !== "Node" || typeof e.name !== "string" || !e.name.endsWith(suffix)) continue;
    const ts = e.ts ?? -1;
    const run = runs.findIndex((r) => ts >= r.ts! && ts <= r.ts! + r.dur!);
    if (run < 0) throw new Error(`profile trace: node event "${e.name}" at ${ts} µs lies outside every model_run`);
    const name = e.name.slice(0, -suffix.length);
    const m = out[run]!;
    m.set(name, (m.get(name) ?? 0) + (e.dur ?? 0));
  }
  return out;
}

/**
 * Runs `graph` `warmup + runs` times with profiling and returns the timed runs. The input is seeded random
 * data. Throws if a profiled node is not a node of the graph.
 */
export async function profileGraph(graph: BuiltGraph, options: ProfileOptions): Promise<GraphProfile> {
  const optimization = options.optimization ?? "basic";
  const dir = makeTempDir("ortprof");
  try {
    const session = await ort.InferenceSession.create(graph.bytes, {
      executionProviders: ["cpu"],
      graphOptimizationLevel: optimization,
      intraOpNumThreads: options.threads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      enableProfiling: true,
      profileFilePrefix: join(dir, "profile"),
      optimizedModelFilePath: join(dir, "optimized.onnx"),
    });
    const places = mapExecutedNodes(graph, decodeNodes(readFileSync(join(dir, "optimized.onnx"))));
    rmSync(join(dir, "optimized.onnx"));
    const size = graph.input.shape.reduce((a, b) => a * b, 1);
    const input = new ort.Tensor("float32", seededUniform(1, "input", size, 1), graph.input.shape);
    const total = options.warmup + options.runs;
    const wall: number[] = [];
    let outputDims: readonly number[] = [];
    for (let r = 0; r < total; r++) {
      const t0 = performance.now();
      const result = await session.run({ [graph.input.name]: input });
      wall.push(performance.now() - t0);
      outputDims = result[graph.output.name]!.dims;
      options.onRun?.(r + 1, total);
    }
    session.endProfiling();
    await session.release();
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    if (files.length !== 1) throw new Error(`onnxruntime profiling wrote ${files.length} trace files in ${dir}, expected 1`);
    const events = JSON.parse(readFileSync(join(dir, files[0]!), "utf8")) as TraceEvent[];
    const perRun = parseTrace(events);
    if (perRun.length !== total) throw new Error(`profile trace holds ${perRun.length} runs, expected ${total}`);
    const seen = new Set<string>();
    for (const run of perRun) {
      for (const name of run.keys()) {
        if (!places.has(name)) throw new Error(`profiled node "${name}" is not a node of the executed graph — unmapped`);
        seen.add(name);
      }
    }
    return {
      runs: perRun.slice(options.warmup).map((nodeUs, i) => ({ nodeUs, wallMs: wall[options.warmup + i]! })),
      places,
      missingNodes: [...places.keys()].filter((n) => !seen.has(n)),
      outputDims,
      threads: options.threads,
      optimization,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
