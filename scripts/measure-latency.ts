/**
 * `npm run measure:latency` — measures the per-operator CPU latency breakdown of every modelled ViT in
 * onnxruntime-node and writes `data/latency-breakdown-cpu.arrow` (kind = measured). Never part of
 * `npm test` or `npm run reproduce`, which read the committed file.
 */
import { availableParallelism, cpus, loadavg, platform, release } from "node:os";
import { relative, resolve } from "node:path";
import { JSON_FLAG, type FlagSpec } from "../lib/cli/args.ts";
import { parseLeaf, type LeafSpec } from "../lib/cli/command.ts";
import { MEASURE_LATENCY_JSON } from "../lib/cli/script-json.ts";
import { UserError } from "../lib/errors.ts";
import { reportFailure } from "../lib/cli/fatal.ts";
import { runScriptMain } from "../lib/cli/script.ts";
import { repoRoot } from "../lib/paths.ts";
import { checkOutputPath, parseIntegerList, parseNameList } from "../lib/cli/validate.ts";
import { ALL_MODEL_CONFIGS, MODEL_NAMES, modelConfig } from "../lib/specs/models.ts";
import { buildModelGraph, expectedOutputShape } from "../lib/workload/onnx/models.ts";
import type { ProfileOptimization } from "../lib/workload/onnx/profile.ts";
import { aggregateProfile, quantile } from "../lib/workload/onnx/cpu-breakdown.ts";
import { breakdownTable, CPU_BREAKDOWN_PATH, writeCpuLatencyBreakdown, type CpuBreakdownRow } from "../lib/data/files/latency-breakdown-cpu.ts";

const FLAGS: FlagSpec[] = [
  { name: "models", type: "string", description: `comma-separated models (${MODEL_NAMES.join(", ")})`, default: MODEL_NAMES.join(",") },
  { name: "threads", type: "string", description: "comma-separated intra-op thread counts (e.g. 1,2)", default: "1" },
  { name: "runs", type: "number", description: "timed runs per model and thread count (median taken)", default: 15 },
  { name: "warmup", type: "number", description: "untimed runs before them", default: 3 },
  { name: "optimization", type: "string", description: "onnxruntime graph optimisation: basic or disabled", default: "basic" },
  { name: "shared", type: "string", description: "note stored in the metadata about other load on the machine", default: "" },
  { name: "out", type: "string", description: "output Arrow file", default: relative(repoRoot, CPU_BREAKDOWN_PATH) },
  JSON_FLAG,
];

const SPEC: LeafSpec = {
  path: "measure:latency",
  usage: "npm run measure:latency -- [--models a,b] [--threads 1,2] [--runs 15] [--warmup 3] [--shared NOTE] [--out FILE] [--json]",
  description:
    "Builds each model as an ONNX graph (seeded random weights), runs it in onnxruntime-node (CPU) with per-node " +
    "profiling, maps every node to a Fig. 1 category and writes the per-(block, role) medians to " +
    "data/latency-breakdown-cpu.arrow (or --out). Progress on stderr.",
  flags: FLAGS,
  json: MEASURE_LATENCY_JSON,
};


/** `npm run measure:latency ARGV`: returns the exit status; bad input is one line and 2, before onnxruntime loads. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await measure(argv);
  } catch (err) {
    return reportFailure(err, "measure:latency");
  }
}

async function measure(argv: string[]): Promise<number> {
  const flags = parseLeaf(SPEC, argv);
  if (!flags) return 0;
  // The one list rule (lib/cli/validate.ts): no empty item, no duplicate, known names or all.
  const models = parseNameList(String(flags.models), "measure:latency: --models", ALL_MODEL_CONFIGS.map((c) => c.name));
  const configs = models.map((m) => modelConfig(m));
  const threads = parseIntegerList(String(flags.threads), "measure:latency: --threads", { min: 1, max: availableParallelism() });
  const runs = Number(flags.runs);
  const warmup = Number(flags.warmup);
  if (!Number.isInteger(runs) || runs < 1) throw new UserError(`--runs expects a positive integer, got ${runs}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new UserError(`--warmup expects an integer >= 0, got ${warmup}`);
  const optimization = String(flags.optimization);
  if (optimization !== "basic" && optimization !== "disabled") {
    throw new UserError(`--optimization must be basic or disabled, got "${optimization}"`);
  }
  // Checked before anything is measured (writable, not a folder, not another command's committed file).
  const out = checkOutputPath(resolve(repoRoot, String(flags.out)), "measure:latency: --out", { command: "npm run measure:latency", bytes: 4 << 20 });
  // onnxruntime-node (its native library) only once every input is accepted.
  const ort = await import("onnxruntime-node");
  const { profileGraph } = await import("../lib/workload/onnx/profile.ts");
  const load0 = loadavg();
  const rows: CpuBreakdownRow[] = [];
  const wall: Record<string, number> = {};
  const t0 = performance.now();
  for (const config of configs) {
    process.stderr.write(`[${config.name}] building graph ... `);
    const graph = buildModelGraph(config);
    process.stderr.write(`${graph.nodes.length} nodes, ${(graph.weightCount / 1e6).toFixed(2)} M weights\n`);
    for (const t of threads) {
      const profile = await profileGraph(graph, {
        threads: t,
        runs,
        warmup,
        optimization: optimization as ProfileOptimization,
        onRun: (done, total) => process.stderr.write(`\r[${config.name}] ${t} thread(s): run ${done}/${total}`),
      });
      const expected = expectedOutputShape(config);
      if (profile.outputDims.join("x") !== expected.join("x")) {
        throw new Error(`${config.name}: output shape ${profile.outputDims.join("x")}, expected ${expected.join("x")}`);
      }
      if (profile.missingNodes.length > 0) {
        throw new Error(`${config.name}: executed nodes missing from the profile: ${profile.missingNodes.slice(0, 5).join(", ")}`);
      }
      const modelRows = aggregateProfile(config.name, graph, profile);
      rows.push(...modelRows);
      const wallMedian = quantile(profile.runs.map((r) => r.wallMs), 0.5);
      wall[`${config.name}@${t}`] = Math.round(wallMedian * 1000) / 1000;
      const kernelMs = modelRows.reduce((a, r) => a + r.medianUs, 0) / 1000;
      process.stderr.write(
        `\r[${config.name}] ${t} thread(s): ${runs} runs, median wall ${wallMedian.toFixed(2)} ms, summed kernel medians ${kernelMs.toFixed(2)} ms` +
          ` (${((performance.now() - t0) / 1000).toFixed(0)} s elapsed)\n`,
      );
    }
  }
  const load1 = loadavg();
  const cpu = cpus();
  const sharedNote = String(flags.shared);
  writeCpuLatencyBreakdown(out, breakdownTable(rows, {
    kind: "measured",
    source:
      "this kit: graphs built by lib/workload/onnx/models.ts (configs lib/specs/models.ts, seeded random weights), run in " +
      `onnxruntime-node ${ort.env.versions.node ?? "?"} (CPU execution provider) with per-node profiling`,
    license: "Apache-2.0",
    generator: `npm run measure:latency -- --models ${models.join(",")} --threads ${threads.join(",")} --runs ${runs} --warmup ${warmup} --optimization ${optimization}`,
    description:
      "Per (model, threads, block, role): median over timed runs of the summed onnxruntime kernel time of the role's " +
      "nodes (batch 1, float32, 224x224 input). Category totals = sums of the group medians. Kernel times exclude " +
      "session overhead between nodes (see extra.wallMsMedian for the wall time of session.run).",
    extra: {
      cpuModel: cpu[0]?.model ?? "unknown",
      cores: String(cpu.length),
      threads: threads.join(","),
      onnxruntime: ort.env.versions.node ?? "unknown",
      node: process.version,
      platform: `${platform()} ${release()}`,
      runs: String(runs),
      warmup: String(warmup),
      optimization,
      executionMode: "sequential, interOpNumThreads 1",
      loadavgBefore: load0.map((v) => v.toFixed(2)).join(","),
      loadavgAfter: load1.map((v) => v.toFixed(2)).join(","),
      sharedMachine: sharedNote === "" ? "not stated" : sharedNote,
      wallMsMedian: JSON.stringify(wall),
      measuredAt: new Date().toISOString(),
    },
  }));
  process.stderr.write(`wrote ${relative(repoRoot, out)} (${rows.length} rows) in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  if (flags.json) console.log(JSON.stringify({ out, models, threads, runs, warmup, rows }));
  return 0;
}

runScriptMain(import.meta.url, "measure:latency", main);
