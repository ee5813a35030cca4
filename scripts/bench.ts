/**
 * `npm run bench`: times windowed attention (kit WASM SIMD and TypeScript kernels) against the kit's
 * dense attention and onnxruntime-node's dense attention, prints times and ratios measured in this
 * run, and writes data/kernel-bench.arrow. `--json` prints one object on stdout (fields: `--help`).
 */
import { relative } from "node:path";
import { cpus, loadavg } from "node:os";
import { formatHelp, JSON_FLAG, parseArgs, type FlagSpec } from "../lib/cli/args.ts";
import { BENCH_JSON } from "../lib/cli/script-json.ts";
import { UserError } from "../lib/errors.ts";
import { reportFailure } from "../lib/cli/fatal.ts";
import { guardStdout } from "../lib/cli/stdout-guard.ts";
import { benchEnvironment, benchJson, benchTable, runKernelBench } from "../lib/kernels/bench.ts";
import { writeKernelBench } from "../lib/data/files/kernel-bench.ts";
import { repoRoot } from "../lib/paths.ts";
import { checkOutputPath, parseIntegerList } from "../lib/cli/validate.ts";

const FLAGS: FlagSpec[] = [
  JSON_FLAG,
  { name: "rounds", type: "number", description: "interleaved samples per implementation and case", default: 15 },
  { name: "sizes", type: "string", description: "token counts, comma-separated (each g²+1)", default: "197,3137" },
  { name: "windows", type: "string", description: "window sides, comma-separated", default: "3,5,7" },
  { name: "threads", type: "string", description: "thread counts, comma-separated (1 and/or 2)", default: "1" },
  { name: "out", type: "string", description: "Arrow file to write ('none' to skip)", default: "data/kernel-bench.arrow" },
];

/** The one list rule (lib/cli/validate.ts): positive integers, no empty item, no value twice. */
function numberList(raw: string, flag: string): number[] {
  return parseIntegerList(raw, `bench: --${flag}`, { min: 1 });
}

async function main(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, FLAGS, "bench");
  if (flags.help) {
    console.log(formatHelp("npm run bench -- [flags]", "Benchmark windowed vs dense attention (kit WASM/TS kernels vs onnxruntime-node), 1 thread (optionally 2).", FLAGS, BENCH_JSON));
    return;
  }
  const json = flags.json === true;
  const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const busy = () => {
    const load = loadavg()[0]!;
    return load > cpus().length * 0.75 ? `load average ${load.toFixed(1)} on ${cpus().length} cores: the machine is busy, timings are unreliable` : undefined;
  };
  // The output is checked before anything is measured: writable, not a folder, and not a committed file
  // another command owns (only data/kernel-bench.arrow is this command's).
  const outText = String(flags.out);
  const outPath = outText === "none" ? undefined : checkOutputPath(outText.startsWith("/") ? outText : `${repoRoot}/${outText}`, "bench: --out", { command: "npm run bench", bytes: 1 << 20 });
  // Every list is checked before anything else is said or measured.
  const sizes = numberList(String(flags.sizes), "sizes");
  const windows = numberList(String(flags.windows), "windows");
  const threads = numberList(String(flags.threads), "threads");
  const rounds = Number(flags.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new UserError(`bench: --rounds must be a positive integer, got ${String(flags.rounds)}`);
  const before = busy();
  if (before) progress(`warning: ${before}`);
  const results = await runKernelBench({ sizes, windows, threads, rounds, progress });
  const after = busy();
  if (after) progress(`warning: ${after}`);
  if (outPath !== undefined) {
    const path = outPath;
    const generator = ["npm run bench", ...(argv.length ? ["--", ...argv] : [])].join(" ");
    writeKernelBench(path, benchTable(results, benchEnvironment(), generator));
    progress(`wrote ${relative(repoRoot, path)}`);
  }
  if (json) {
    process.stdout.write(JSON.stringify(benchJson(results)) + "\n");
    return;
  }
  const env = benchEnvironment();
  console.log(`kernel benchmark — ${env.cpuModel}, ${env.cores} cores, Node ${env.nodeVersion}, onnxruntime-node ${env.onnxruntimeVersion}`);
  console.log("times: median µs per forward over all heads (d=64); ratios: dense time / windowed time, same run");
  console.log("windowed WASM and kit dense: zero-copy plans (inputs written into WASM memory); (copying API): sparseAttention() incl. copies\n");
  const header = ["N", "k", "threads", "heads", "nnz/head", "ideal", "windowed WASM", "(copying API)", "windowed TS", "kit dense", "ort dense", "vs ort", "vs kit dense"];
  const rows = results.map((r) => [
    r.n, r.k, r.threads, r.heads, r.nnz, r.idealWorkRatio.toFixed(1),
    ...[r.kitWindowedUs, r.kitWindowedCopyUs, r.kitWindowedTsUs, r.kitDenseUs, r.ortDenseUs].map((x) => (Number.isNaN(x) ? "—" : x.toFixed(1))),
    `${r.windowedVsOrt.toFixed(2)}×`, `${r.windowedVsKitDense.toFixed(2)}×`,
  ].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  console.log("\ntargets: N=197,k=3 windowed ≥ 3× faster than ort dense; N=3137,k=3 ≥ 30×");
  for (const r of results.filter((x) => x.k === 3 && x.threads === 1 && (x.n === 197 || x.n === 3137))) {
    const target = r.n === 197 ? 3 : 30;
    console.log(`  N=${r.n}, k=3: ${r.windowedVsOrt.toFixed(2)}× (${r.windowedVsOrt >= target ? "meets" : "MISSES"} ≥ ${target}×)`);
  }
}

guardStdout("bench");
main(process.argv.slice(2)).catch((err: unknown) => {
  process.exit(reportFailure(err, "bench"));
});
