/**
 * The `--json` fields of the kit's npm scripts (`npm run <script> -- --json`), declared once: each script's
 * `--help` prints them and `test/cli/script-json-fields.test.ts` checks each script's output against them.
 * Rows that are a data file's rows take the file's column descriptions and units.
 */
import type { JsonField } from "./json-fields.ts";
import { fieldsFromColumns } from "./json-fields.ts";
import { BENCH_JSON_COLUMNS, KERNEL_BENCH_SCHEMA } from "../data/files/kernel-bench.ts";
import { KERNEL_CHECK_SCHEMA } from "../data/files/accuracy-kernel-check.ts";
import { CPU_BREAKDOWN_SCHEMA } from "../data/files/latency-breakdown-cpu.ts";


const WRITTEN: JsonField = { name: "out", meaning: "the file written (absolute path)" };

/** `npm run bench -- --json`. */
export const BENCH_JSON: readonly JsonField[] = [
  {
    name: "cases",
    meaning: "one row per (tokens, window, threads) case, as the same columns of data/kernel-bench.arrow",
    fields: fieldsFromColumns(KERNEL_BENCH_SCHEMA.filter((c) => (BENCH_JSON_COLUMNS as readonly string[]).includes(c.name))),
  },
];

/** `npm run accuracy:kernel-check -- --json`. */
export const KERNEL_CHECK_JSON: readonly JsonField[] = [
  { name: "results", meaning: "one row per checked model, the rows of data/accuracy-kernel-check.arrow", fields: fieldsFromColumns(KERNEL_CHECK_SCHEMA) },
];

/** `npm run experiment:accuracy -- --json`. */
export const EXPERIMENT_ACCURACY_JSON: readonly JsonField[] = [
  { name: "runs", meaning: "finished study runs exported", unit: "runs" },
  { name: "rows", meaning: "rows written to accuracy-study.arrow", unit: "rows" },
];

/** `npm run measure:latency -- --json`. */
export const MEASURE_LATENCY_JSON: readonly JsonField[] = [
  WRITTEN,
  { name: "models", meaning: "models measured (vitsparse flops --model names)" },
  { name: "threads", meaning: "onnxruntime intra-op thread counts measured" },
  { name: "runs", meaning: "timed runs per model and thread count", unit: "runs" },
  { name: "warmup", meaning: "untimed runs before them", unit: "runs" },
  { name: "rows", meaning: "the rows written, as data/latency-breakdown-cpu.arrow's columns", fields: fieldsFromColumns(CPU_BREAKDOWN_SCHEMA) },
];

/** `npm run data:import -- --json`. */
export const DATA_IMPORT_JSON: readonly JsonField[] = [
  { name: "origin", meaning: "where the raw files came from: directory or download" },
  { name: "dir", meaning: "the folder they were read from (origin directory only)", optional: true },
  { name: "verified", meaning: "raw files whose sha256 matched the pinned manifest" },
  {
    name: "outputs",
    meaning: "one row per Arrow file under the output folder",
    fields: [
      { name: "file", meaning: "file name" },
      { name: "path", meaning: "absolute path" },
      { name: "source", meaning: "raw file it was converted from" },
      { name: "rows", meaning: "rows in the table", unit: "rows" },
      { name: "bytes", meaning: "file size", unit: "bytes" },
      { name: "changed", meaning: "false when the file already held exactly these bytes (not rewritten)" },
    ],
  },
];

/** `npm run data:manifest -- --json`. */
export const DATA_MANIFEST_JSON: readonly JsonField[] = [
  { name: "checked", meaning: "committed data files checked (check mode), or files recorded (--record)", unit: "files" },
  { name: "matching", meaning: "files whose sha256 matches data/manifest.json (check mode; equal to checked after --record)", unit: "files" },
  { name: "problems", meaning: "one line per mismatch or missing file (empty when all match)" },
  {
    name: "recorded",
    meaning: "with --record: the files recorded",
    optional: true,
    fields: [
      { name: "file", meaning: "the file as given" },
      { name: "command", meaning: "the command that regenerates it (from its provenance)" },
    ],
  },
];

/** `npm run reproduce -- --json`. */
export const REPRODUCE_JSON: readonly JsonField[] = [
  {
    name: "reports",
    meaning: "one row per selected notebook",
    fields: [
      { name: "notebook", meaning: "notebook path relative to the working directory" },
      { name: "status", meaning: "ran, skipped or failed" },
      { name: "mode", meaning: "committed (a default run of a tracked notebook) or exploratory (--param, --out, untracked)" },
      { name: "reason", meaning: "why it was skipped or failed (one line)", optional: true },
      { name: "cell", meaning: "the failed code cell (1-based)", optional: true },
      { name: "cells", meaning: "code cells of the notebook (with cell)", optional: true },
      {
        name: "wrote",
        meaning: "where an exploratory run wrote its outputs",
        optional: true,
        fields: [
          { name: "notebook", meaning: "the executed notebook" },
          { name: "results", meaning: "its results folder" },
        ],
      },
      {
        name: "compiledCells",
        meaning: "for a notebook that ran: cells its own process compiled; the others came from the cell cache (0 when the run's precompiler compiled them all)",
        optional: true,
        unit: "cells",
      },
      { name: "seconds", meaning: "wall time of the notebook", unit: "s" },
    ],
  },
  { name: "ran", meaning: "notebooks that ran", unit: "notebooks" },
  { name: "skipped", meaning: "notebooks skipped (required files missing)", unit: "notebooks" },
  { name: "failed", meaning: "notebooks that failed", unit: "notebooks" },
  {
    name: "kept",
    meaning: "committed notebooks whose committed results and claims were kept as they were",
    fields: [
      { name: "notebook", meaning: "notebook path" },
      { name: "reason", meaning: "why (skipped, failed or not selected)" },
    ],
  },
  { name: "seconds", meaning: "wall time of the run", unit: "s" },
  { name: "claims", meaning: "claims in the regathered ledger, or null when the ledger was not rewritten", unit: "claims" },
  { name: "exitStatus", meaning: "the process's exit status: 0 all ran, 1 a notebook failed, 3 partial run" },
];

/** `npm run bench:cycles -- --json`. */
export const BENCH_CYCLES_JSON: readonly JsonField[] = [
  {
    name: "timings",
    meaning: "one row per timed task",
    fields: [
      { name: "label", meaning: "what was timed" },
      { name: "medianMs", meaning: "median wall time of one run", unit: "ms" },
      { name: "runs", meaning: "timed runs (after one untimed)", unit: "runs" },
    ],
  },
];

/** One way of starting a command in `npm run bench:cli -- --json`. */
const CLI_TIMING: readonly JsonField[] = [
  { name: "medianS", meaning: "median wall time of one run, process start to exit", unit: "s" },
  { name: "minS", meaning: "fastest run", unit: "s" },
  { name: "cpuMedianS", meaning: "median CPU time (user + system) of one run; null where /proc is unavailable", unit: "s" },
];

/** `npm run bench:cli -- --json`: start-up of the `vitsparse` command, the launcher against the tsx path, in one run. */
export const BENCH_CLI_JSON: readonly JsonField[] = [
  { name: "runs", meaning: "timed runs of each command and path, interleaved (after one untimed run each)", unit: "runs" },
  { name: "cpus", meaning: "logical CPUs of this machine", unit: "CPUs" },
  { name: "load1", meaning: "1-minute load average when the benchmark started (a loaded machine slows every start)", unit: "runnable processes" },
  { name: "node", meaning: "Node.js version" },
  { name: "nodeStart", meaning: "`node -e 0`: Node's own start on this machine, the floor of any command", fields: CLI_TIMING },
  {
    name: "commands",
    meaning: "one row per timed command",
    fields: [
      { name: "argv", meaning: "the words after vitsparse" },
      { name: "launcher", meaning: "bin/vitsparse.js running the compiled build (fresh)", fields: CLI_TIMING },
      { name: "source", meaning: "the old path: the TypeScript sources through tsx (VITSPARSE_CLI_FROM_SOURCE=1)", fields: CLI_TIMING },
      { name: "ratio", meaning: "source median / launcher median (how many times faster the launcher starts)", unit: "×" },
      { name: "overheadS", meaning: "launcher median − nodeStart median: what the kit adds to Node's own start", unit: "s" },
    ],
  },
];

/** `npm run jupyter -- --json`: the server it would start, without starting it. */
export const JUPYTER_JSON: readonly JsonField[] = [
  { name: "command", meaning: "the Jupyter Notebook executable" },
  { name: "installed", meaning: "whether it exists on this machine" },
  { name: "args", meaning: "its arguments: the kit's, then the ones given after --" },
  { name: "cwd", meaning: "working directory (the repository root)" },
  { name: "kernel", meaning: "name of the kit's TypeScript kernel" },
  { name: "kernelPath", meaning: "JUPYTER_PATH holding the kernelspec" },
  { name: "stateDir", meaning: "JUPYTER_DATA_DIR: notebook signatures, runtime files (git-ignored)" },
  { name: "resultsDir", meaning: "where cells run in this server write their results (git-ignored)" },
  { name: "cullIdleSeconds", meaning: "idle kernels without an open notebook are shut down after this", unit: "s" },
  { name: "allowRootAdded", meaning: "whether --allow-root is added (running as root)" },
  { name: "trust", meaning: "the committed notebooks it marks trusted before starting" },
];

export { WRITTEN_JSON } from "./written-json.ts";

/** `npm run data:provenance -- --json`. */
export const DATA_PROVENANCE_JSON: readonly JsonField[] = [
  {
    name: "files",
    meaning: "one row per committed data/*.arrow, from its Arrow schema metadata",
    fields: [
      { name: "file", meaning: "path relative to the repository root" },
      { name: "kind", meaning: "measured, derived, reported or digitized" },
      { name: "source", meaning: "where the values come from" },
      { name: "license", meaning: "licence of the values" },
      { name: "generator", meaning: "the command that regenerates the file" },
      { name: "rows", meaning: "rows in the table", unit: "rows" },
    ],
  },
];
