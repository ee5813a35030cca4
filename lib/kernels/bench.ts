/**
 * The kernel benchmark behind `npm run bench`: windowed attention with the kit's kernels (WASM SIMD
 * and TypeScript) vs the kit's dense attention vs onnxruntime-node's dense attention, on the same
 * seeded inputs, one thread. Cases and implementations are interleaved round by round (the machine
 * may be shared) and each time is the median over rounds; a sample times enough back-to-back forwards
 * to last a few milliseconds. Wall-clock and process-CPU times are both recorded (onnxruntime's CPU
 * time includes its runtime threads, so only wall times are compared across implementations).
 */
import { cpus, loadavg, platform, release } from "node:os";
import { createHash } from "node:crypto";
import { UserError } from "../errors.ts";
import { windowMask } from "../masks/window.ts";
import { sparseAttention } from "./attention.ts";
import { createAttentionPlan } from "./plan.ts";
import { createParallelAttentionPlan } from "./parallel.ts";
import { csrNnz, type CsrPattern } from "./csr.ts";
import { createOrtDenseAttention, onnxruntimeVersion } from "./onnx-attention.ts";
import { randomNormalF32 } from "./random.ts";
import type { AttentionTensors } from "./tensors.ts";
import { wasmKernelBytes } from "./wasm-kernel.ts";
import type { DataTable } from "../data/arrow-table.ts";
import { BENCH_JSON_COLUMNS, KERNEL_BENCH_SCHEMA, type BenchCase, type BenchResult } from "../data/files/kernel-bench.ts";

/** Options of {@link runKernelBench}. */
export interface BenchOptions {
  /** Token counts; each must be g² + 1. Default [197, 3137]. */
  sizes?: number[];
  /** Window sides (odd). Default [3, 5, 7]. */
  windows?: number[];
  heads?: number;
  d?: number;
  /** Thread counts (1 and/or 2; default [1]). Two threads: kit plans split rows with a worker, onnxruntime intraOpNumThreads = 2. */
  threads?: number[];
  /** Rounds of interleaved samples per case (default 15). */
  rounds?: number;
  /** Target duration of one sample in ms (default 5). */
  sampleMs?: number;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
}

/** Builds the cases; throws {@link UserError} for sizes that are not a square grid plus CLS. */
export function benchCases(sizes: readonly number[], windows: readonly number[], heads: number, d: number, threads: readonly number[] = [1]): BenchCase[] {
  for (const t of threads) {
    if (t !== 1 && t !== 2) throw new UserError(`bench: threads must be 1 or 2, got ${t}`);
  }
  const cases: BenchCase[] = [];
  for (const n of sizes) {
    const grid = Math.round(Math.sqrt(n - 1));
    if (!Number.isInteger(n) || grid * grid + 1 !== n) {
      throw new UserError(`bench: token count ${n} is not a square patch grid plus CLS (g² + 1, e.g. 197 = 14² + 1)`);
    }
    for (const k of windows) {
      if (!Number.isInteger(k) || k < 1 || k % 2 === 0 || k > grid) {
        throw new UserError(`bench: window ${k} must be an odd integer between 1 and the grid side ${grid}`);
      }
      for (const t of threads) cases.push({ n, grid, k, heads, d, threads: t });
    }
  }
  return cases;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Per-k implementations (the windowed kernels) and per-N ones (dense, measured once per token count). */
const WINDOWED_IMPLS = ["kitWindowed", "kitWindowedCopy", "kitWindowedTs"] as const;
const DENSE_IMPLS = ["kitDense", "ortDense"] as const;

interface Sampler {
  label: string;
  run: () => Promise<void> | void;
  iters: number;
  wall: number[];
  cpu: number[];
}

async function timeSample(f: () => Promise<void> | void, iters: number): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) await f();
  const wall = ((performance.now() - t0) * 1000) / iters;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / iters };
}

async function sampler(label: string, run: () => Promise<void> | void, sampleMs: number): Promise<Sampler> {
  // Warm up (JIT tiers, onnxruntime arenas), then size a sample to last about sampleMs.
  let once = Infinity;
  const warm = performance.now();
  for (let w = 0; w < 50 && (w < 3 || performance.now() - warm < 100); w++) once = Math.min(once, (await timeSample(run, 1)).wall);
  return { label, run, iters: Math.max(1, Math.round((sampleMs * 1000) / once)), wall: [], cpu: [] };
}

/** All samplers of one token count: the dense ones and the windowed ones of each window size. */
interface SizeGroup {
  n: number;
  dense: Record<(typeof DENSE_IMPLS)[number], Sampler>;
  /** Single-thread groups time all three windowed variants; two-thread groups only the plan. */
  windowed: { c: BenchCase; nnz: number; s: Partial<Record<(typeof WINDOWED_IMPLS)[number], Sampler>> & { kitWindowed: Sampler } }[];
  release: () => Promise<void>;
}

async function prepareGroup(cases: BenchCase[], seed: number, sampleMs: number, log: (l: string) => void): Promise<SizeGroup> {
  const c0 = cases[0]!;
  const { heads, n, d } = c0;
  const len = heads * n * d;
  const t: AttentionTensors = {
    heads, n, d,
    q: randomNormalF32(len, seed + 1), k: randomNormalF32(len, seed + 2), v: randomNormalF32(len, seed + 3),
  };
  const out = new Float32Array(len);
  const fill = (plan: { q: Float32Array; k: Float32Array; v: Float32Array }) => {
    plan.q.set(t.q);
    plan.k.set(t.k);
    plan.v.set(t.v);
  };
  const threads = c0.threads;
  log(`N=${n}, ${threads} thread(s): onnxruntime session and dense warm-up`);
  const ort = await createOrtDenseAttention(heads, n, d, threads);
  const releases: (() => Promise<void>)[] = [() => ort.release()];
  const makePlan = async (mask: CsrPattern | null) => {
    if (threads === 1) return createAttentionPlan({ heads, n, d }, mask);
    const plan = await createParallelAttentionPlan({ heads, n, d }, mask);
    releases.push(() => plan.release());
    return plan;
  };
  const densePlan = await makePlan(null);
  fill(densePlan);
  const dense = {
    kitDense: await sampler(`N=${n} kit dense`, () => void densePlan.run(), sampleMs),
    ortDense: await sampler(`N=${n} ort dense`, async () => void (await ort.run(t.q, t.k, t.v)), sampleMs),
  };
  const windowed: SizeGroup["windowed"] = [];
  for (const c of cases) {
    log(`N=${n} k=${c.k}, ${threads} thread(s): mask, plan, warm-up`);
    const mask = windowMask({ gridH: c.grid, gridW: c.grid, kh: c.k });
    const plan = await makePlan(mask);
    fill(plan);
    const planSampler = await sampler(`k=${c.k} plan`, () => void plan.run(), sampleMs);
    windowed.push({
      c,
      nnz: csrNnz(mask),
      s: threads === 1
        ? {
            kitWindowed: planSampler,
            kitWindowedCopy: await sampler(`k=${c.k} copy`, () => void sparseAttention(t, mask, { backend: "wasm", out }), sampleMs),
            kitWindowedTs: await sampler(`k=${c.k} ts`, () => void sparseAttention(t, mask, { backend: "ts", out }), sampleMs),
          }
        : { kitWindowed: planSampler },
    });
  }
  return { n, dense, windowed, release: async () => { for (const r of releases) await r(); } };
}

/**
 * Runs the benchmark and returns one result per case (medians over rounds). Dense attention does not
 * depend on k, so it is timed once per token count and shared by that count's cases. Never used by
 * tests for timing assertions.
 */
export async function runKernelBench(opts: BenchOptions = {}): Promise<BenchResult[]> {
  const heads = opts.heads ?? 3;
  const d = opts.d ?? 64;
  const rounds = opts.rounds ?? 15;
  const sampleMs = opts.sampleMs ?? 5;
  if (!Number.isInteger(rounds) || rounds < 1) throw new UserError(`bench: --rounds must be a positive integer, got ${rounds}`);
  const cases = benchCases(opts.sizes ?? [197, 3137], opts.windows ?? [3, 5, 7], heads, d, opts.threads ?? [1]);
  const log = opts.progress ?? (() => {});
  const keys = [...new Set(cases.map((c) => `${c.n}/${c.threads}`))];
  const groups: SizeGroup[] = [];
  for (const key of keys) {
    const group = cases.filter((c) => `${c.n}/${c.threads}` === key);
    // Same seed for a token count whatever the thread count: identical inputs.
    groups.push(await prepareGroup(group, 1000 * (1 + [...new Set(cases.map((c) => c.n))].indexOf(group[0]!.n)), sampleMs, log));
  }
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const [gi, g] of groups.entries()) {
      const all: Sampler[] = [
        g.dense.kitDense, g.dense.ortDense,
        ...g.windowed.flatMap((w) => WINDOWED_IMPLS.map((impl) => w.s[impl]).filter((x): x is Sampler => x !== undefined)),
      ];
      // Rotate the order from round to round so no implementation always runs first or after another.
      for (let s = 0; s < all.length; s++) {
        const smp = all[(s + r * 3 + gi) % all.length]!;
        const { wall, cpu } = await timeSample(smp.run, smp.iters);
        smp.wall.push(wall);
        smp.cpu.push(cpu);
      }
    }
    const elapsed = (performance.now() - started) / 1000;
    log(`round ${r + 1}/${rounds} done (${elapsed.toFixed(1)} s, about ${((elapsed / (r + 1)) * (rounds - r - 1)).toFixed(0)} s left)`);
  }
  const results: BenchResult[] = [];
  for (const g of groups) {
    await g.release();
    const kitDenseUs = median(g.dense.kitDense.wall);
    const ortDenseUs = median(g.dense.ortDense.wall);
    for (const w of g.windowed) {
      const { c, nnz } = w;
      const windowedFlops = c.heads * nnz * 4 * c.d;
      const denseFlops = c.heads * c.n * c.n * 4 * c.d;
      const gflops = (flops: number, us: number) => flops / (us * 1e3);
      const win = median(w.s.kitWindowed.wall);
      results.push({
        ...c,
        nnz,
        density: nnz / (c.n * c.n),
        idealWorkRatio: (c.n * c.n) / nnz,
        kitWindowedUs: win,
        kitWindowedCopyUs: w.s.kitWindowedCopy ? median(w.s.kitWindowedCopy.wall) : NaN,
        kitWindowedTsUs: w.s.kitWindowedTs ? median(w.s.kitWindowedTs.wall) : NaN,
        kitDenseUs,
        ortDenseUs,
        kitWindowedCpuUs: median(w.s.kitWindowed.cpu),
        kitWindowedCopyCpuUs: w.s.kitWindowedCopy ? median(w.s.kitWindowedCopy.cpu) : NaN,
        kitWindowedTsCpuUs: w.s.kitWindowedTs ? median(w.s.kitWindowedTs.cpu) : NaN,
        kitDenseCpuUs: median(g.dense.kitDense.cpu),
        ortDenseCpuUs: median(g.dense.ortDense.cpu),
        windowedVsOrt: ortDenseUs / win,
        windowedVsKitDense: kitDenseUs / win,
        windowedGflops: gflops(windowedFlops, win),
        windowedTsGflops: w.s.kitWindowedTs ? gflops(windowedFlops, median(w.s.kitWindowedTs.wall)) : NaN,
        denseGflops: gflops(denseFlops, kitDenseUs),
        ortGflops: gflops(denseFlops, ortDenseUs),
        rounds,
      });
    }
  }
  return results;
}

/** The `--json` object of `npm run bench`: {@link BENCH_JSON_COLUMNS} of each case. */
export function benchJson(results: readonly BenchResult[]): { cases: Pick<BenchResult, (typeof BENCH_JSON_COLUMNS)[number]>[] } {
  return {
    cases: results.map((r) => {
      const row: Partial<Record<(typeof BENCH_JSON_COLUMNS)[number], number>> = {};
      for (const c of BENCH_JSON_COLUMNS) row[c] = r[c];
      return row as Pick<BenchResult, (typeof BENCH_JSON_COLUMNS)[number]>;
    }),
  };
}

/** Facts about the machine and software stored with the measurements. */
export function benchEnvironment(): Record<string, string> {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? "unknown",
    cores: String(cpu.length),
    nodeVersion: process.version,
    v8Version: process.versions.v8,
    onnxruntimeVersion: onnxruntimeVersion(),
    os: `${platform()} ${release()}`,
    wasmKernelSha256: createHash("sha256").update(new Uint8Array(wasmKernelBytes())).digest("hex"),
  };
}

/** The data table written to data/kernel-bench.arrow. */
export function benchTable(results: readonly BenchResult[], env: Record<string, string>, generator: string): DataTable {
  const columns: DataTable["columns"] = {};
  for (const spec of KERNEL_BENCH_SCHEMA) {
    columns[spec.name] = results.map((r) => r[spec.name as keyof BenchResult] as number);
  }
  return {
    columns,
    provenance: {
      kind: "measured",
      source: "vitsparse kit: lib/kernels/bench.ts run on the machine named in cpuModel",
      license: "Apache-2.0",
      generator,
      description:
        "Windowed (k×k + CLS) vs dense attention forward times, d=64, 3 heads, 1 thread: kit WASM SIMD and TypeScript kernels vs " +
        "onnxruntime-node dense MatMul–Softmax–MatMul; medians over interleaved rounds; ratios measured in the same run.",
      extra: { ...env, loadAverage1m: loadavg()[0]!.toFixed(2), measuredAt: new Date().toISOString().slice(0, 10) },
    },
  };
}
