/**
 * `npm run bench:cli [-- --runs N] [--json]`: how fast the `vitsparse` command starts, measured in one run
 * (no pass/fail): `--version` and `mask window --grid 14x14 --k 3 --json` through the launcher (the compiled
 * build) and through the old path (the TypeScript sources via tsx), beside `node -e 0`, Node's own start.
 * The runs are interleaved so that a change of load hits every path alike; medians, the fastest run, CPU
 * time, and the ratios source / launcher.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { JSON_FLAG, type FlagSpec } from "../lib/cli/args.ts";
import type { LeafSpec } from "../lib/cli/command.ts";
import { runScript } from "../lib/cli/script.ts";
import { BENCH_CLI_JSON } from "../lib/cli/script-json.ts";
import { UserError } from "../lib/errors.ts";
import { repoRoot } from "../lib/paths.ts";

const FLAGS: FlagSpec[] = [
  { name: "runs", type: "number", description: "timed runs of each command and path (at least 1; use 10 or more for numbers to report)", default: 10 },
  JSON_FLAG,
];

const SPEC: LeafSpec = {
  path: "bench:cli",
  usage: "npm run bench:cli -- [--runs N] [--json]",
  description:
    "Times the start of the vitsparse command: --version and mask window --grid 14x14 --k 3 --json, each through the launcher " +
    "(bin/vitsparse.js, the compiled build) and through the TypeScript sources via tsx (the old path), beside node -e 0. " +
    "Runs are interleaved; prints medians, the fastest run, CPU time and the ratios (for scale, never a pass/fail).",
  flags: FLAGS,
  json: BENCH_CLI_JSON,
};

const COMMANDS: string[][] = [["--version"], ["mask", "window", "--grid", "14x14", "--k", "3", "--json"]];
const LAUNCHER = join(repoRoot, "bin", "vitsparse.js");

/** CPU time (user + system, s) of this process's waited-for children, from /proc; null elsewhere. */
function childrenCpuS(): number | null {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): cutime and cstime are fields 16 and 17, in clock ticks (100 per second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

interface Sample {
  wall: number;
  cpu: number | null;
}

/** Runs `node args` once; fails on a non-zero exit (a broken command is not a benchmark). */
function once(args: string[], env: NodeJS.ProcessEnv): Sample {
  const cpu0 = childrenCpuS();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = childrenCpuS();
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr.trim().split("\n").pop()}`);
  return { wall, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function summary(samples: Sample[]): { medianS: number; minS: number; cpuMedianS: number | null } {
  const cpu = samples.map((s) => s.cpu);
  return {
    medianS: round(median(samples.map((s) => s.wall))),
    minS: round(Math.min(...samples.map((s) => s.wall))),
    cpuMedianS: cpu.every((c) => c !== null) ? round(median(cpu as number[])) : null,
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

await runScript(SPEC, (flags) => {
  const runs = flags.runs as number;
  if (!Number.isInteger(runs) || runs < 1) throw new UserError(`--runs must be a positive integer, got ${runs}`);
  const json = flags.json === true;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const load1 = round(loadavg()[0]!);
  const launcherEnv: NodeJS.ProcessEnv = { ...process.env, VITSPARSE_CLI_FROM_SOURCE: "" };
  const sourceEnv: NodeJS.ProcessEnv = { ...process.env, VITSPARSE_CLI_FROM_SOURCE: "1" };
  // Untimed: the launcher compiles here if a source changed, and every file is in the page cache.
  const jobs: { key: string; args: string[]; env: NodeJS.ProcessEnv }[] = [{ key: "node", args: ["-e", "0"], env: process.env }];
  for (const [i, argv] of COMMANDS.entries()) {
    jobs.push({ key: `launcher ${i}`, args: [LAUNCHER, ...argv], env: launcherEnv });
    jobs.push({ key: `source ${i}`, args: [LAUNCHER, ...argv], env: sourceEnv });
  }
  for (const j of jobs) once(j.args, j.env);
  const samples = new Map<string, Sample[]>(jobs.map((j) => [j.key, []]));
  for (let r = 0; r < runs; r++) {
    for (const j of jobs) samples.get(j.key)!.push(once(j.args, j.env));
    if (!json) log(`bench:cli: round ${r + 1} of ${runs}`);
  }
  const nodeStart = summary(samples.get("node")!);
  const commands = COMMANDS.map((argv, i) => {
    const launcher = summary(samples.get(`launcher ${i}`)!);
    const source = summary(samples.get(`source ${i}`)!);
    return { argv, launcher, source, ratio: round(source.medianS / launcher.medianS), overheadS: round(launcher.medianS - nodeStart.medianS) };
  });
  const result = { runs, cpus: cpus().length, load1, node: process.version, nodeStart, commands };
  if (json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  const fmt = (t: { medianS: number; minS: number; cpuMedianS: number | null }): string =>
    `median ${t.medianS.toFixed(3)} s (fastest ${t.minS.toFixed(3)} s, CPU ${t.cpuMedianS === null ? "n/a" : `${t.cpuMedianS.toFixed(2)} s`})`;
  console.log(`vitsparse start-up, ${runs} interleaved runs each; ${result.cpus} CPUs, load average ${load1} at start, Node ${process.version}`);
  console.log(`  node -e 0 (Node's own start)           ${fmt(nodeStart)}`);
  for (const c of commands) {
    console.log(`  vitsparse ${c.argv.join(" ")}`);
    console.log(`    launcher (compiled)                  ${fmt(c.launcher)}; ${c.overheadS.toFixed(3)} s above node -e 0`);
    console.log(`    TypeScript sources via tsx (old)     ${fmt(c.source)}`);
    console.log(`    ratio                                ${c.ratio.toFixed(1)}× faster through the launcher`);
  }
  return 0;
}, import.meta.url);
