/**
 * Amdahl-honest speedups of windowed attention: what a k×k window in some blocks saves for
 * the attention core of those blocks, for the whole self-attention module, and end to end — from analytic
 * MACs, and from the measured CPU breakdown composed with measured kernel times (a composed estimate, not
 * an end-to-end measurement).
 */
import { existsSync } from "node:fs";
import { KERNEL_BENCH_FILE, readKernelBench } from "../data/files/kernel-bench.ts";
import { SA_CATEGORIES } from "../paper/poster-fig1.ts";
import type { CpuBreakdown } from "../data/files/latency-breakdown-cpu.ts";
import { modelConfig } from "../specs/models.ts";
import { ATTENTION_CORE_ROLES } from "../specs/roles.ts";
import { formatBlockList, parseBlockList } from "../specs/block-list.ts";
import { attentionShapes, buildWorkload } from "../workload/vit.ts";

/** Measured times of one attention-core case (all heads, one forward), e.g. a row of `data/kernel-bench.arrow`. */
export interface KernelTimes {
  /** Tokens (197 = 14×14 + CLS). */
  n: number;
  k: number;
  heads: number;
  threads: number;
  /** Windowed sparse attention (SDDMM + softmax + SpMM), µs. */
  windowedUs: number;
  /** Dense attention (MatMul–Softmax–MatMul) of the same shape, µs. */
  denseUs: number;
  /** Where the times come from. */
  source: string;
}

/** Options of {@link amdahlSpeedups}. */
export interface AmdahlOptions {
  model: string;
  k: number;
  /** Windowed blocks: indices or a spec such as `"0-5"` / `"all"`. */
  windowedBlocks: readonly number[] | string;
  border?: "clip" | "shift";
  /** The measured breakdown (`readCpuLatencyBreakdown()`); without it only the MAC rows are returned. */
  breakdown?: CpuBreakdown;
  /** Thread count of the breakdown rows and kernel times to use (default 1). */
  threads?: number;
  /** Measured kernel times; the case matching (n, k, heads, threads) is used, else the MAC ratio (labelled). */
  kernelTimes?: readonly KernelTimes[];
}

/** Scope of a speedup. */
export type AmdahlScope = "attention core (windowed blocks)" | "whole self-attention" | "end to end";

/** One speedup. */
export interface AmdahlRow {
  model: string;
  k: number;
  /** e.g. `0-5` or `0-11`. */
  windowedBlocks: string;
  /** `MACs` (analytic) or `CPU measured, composed` (breakdown × kernel ratio). */
  basis: "MACs" | "CPU measured, composed";
  scope: AmdahlScope;
  /** Dense and windowed cost in `unit`. */
  dense: number;
  windowed: number;
  unit: "MAC" | "ms";
  /** dense / windowed. */
  speedup: number;
  /** How the windowed attention-core cost was obtained. */
  coreSource: string;
}

/**
 * Speedups of windowed attention for one model and schedule: three MAC rows (always) and, with a
 * breakdown, three composed CPU rows. Composition: the measured attention-core time (roles
 * {@link ATTENTION_CORE_ROLES}) of each windowed block is multiplied by windowedUs/denseUs of the matching
 * kernel measurement — or, where none matches, by the MAC ratio windowed pairs / dense pairs (the row's
 * `coreSource` says which); everything else keeps its measured time.
 */
export function amdahlSpeedups(options: AmdahlOptions): AmdahlRow[] {
  const config = modelConfig(options.model);
  const shapes = attentionShapes(config);
  const blocks =
    typeof options.windowedBlocks === "string"
      ? parseBlockList(options.windowedBlocks, shapes.length, "windowedBlocks")
      : [...options.windowedBlocks].sort((a, b) => a - b);
  const border = options.border ?? "clip";
  const dense = buildWorkload(config);
  const windowed = buildWorkload(config, { k: options.k, blocks, border });
  const spec = formatBlockList(blocks);
  const base = { model: config.name, k: options.k, windowedBlocks: spec };
  const inBlocks = new Set(blocks);
  const sum = (w: typeof dense, pick: (o: (typeof dense.ops)[number]) => boolean) =>
    w.ops.filter(pick).reduce((a, o) => a + o.macs, 0);
  const isCore = (o: { role: string; block: number }) => (o.role === "attn.qk" || o.role === "attn.av") && inBlocks.has(o.block);
  const isSa = (o: { category: string }) => (SA_CATEGORIES as readonly string[]).includes(o.category);
  const pairsNote = `window mask pairs (${blocks.map((b) => windowed.attentionPairs[b]).filter((v, i, a) => a.indexOf(v) === i).join("/")} of ${dense.attentionPairs[blocks[0]!]} per head)`;
  const rows: AmdahlRow[] = [];
  const macRow = (scope: AmdahlScope, d: number, w: number): AmdahlRow => ({
    ...base,
    basis: "MACs",
    scope,
    dense: d,
    windowed: w,
    unit: "MAC",
    speedup: d / w,
    coreSource: pairsNote,
  });
  rows.push(macRow("attention core (windowed blocks)", sum(dense, isCore), sum(windowed, isCore)));
  rows.push(macRow("whole self-attention", sum(dense, isSa), sum(windowed, isSa)));
  rows.push(macRow("end to end", dense.macs, windowed.macs));
  if (!options.breakdown) return rows;

  const threads = options.threads ?? 1;
  const measured = options.breakdown.rows.filter((r) => r.model === config.name && r.threads === threads);
  if (measured.length === 0) {
    throw new Error(`the CPU breakdown has no rows for ${config.name} at ${threads} thread(s)`);
  }
  const coreRoles = new Set<string>(ATTENTION_CORE_ROLES);
  let coreDenseUs = 0;
  let coreWindowedUs = 0;
  const sources = new Set<string>();
  for (const b of blocks) {
    const shape = shapes[b]!;
    const us = measured.filter((r) => r.block === b && coreRoles.has(r.role)).reduce((a, r) => a + r.medianUs, 0);
    const match = options.kernelTimes?.find(
      (t) => t.n === shape.queries && t.k === options.k && t.heads === shape.heads && t.threads === threads,
    );
    let ratio: number;
    if (match) {
      ratio = match.windowedUs / match.denseUs;
      sources.add(`kernel ratio ${match.windowedUs.toFixed(1)}/${match.denseUs.toFixed(1)} us from ${match.source}`);
    } else {
      ratio = windowed.attentionPairs[b]! / dense.attentionPairs[b]!;
      sources.add(`MAC ratio fallback (no kernel measurement for n=${shape.queries}, k=${options.k}, ${shape.heads} heads, ${threads} thread(s))`);
    }
    coreDenseUs += us;
    coreWindowedUs += us * ratio;
  }
  const saveUs = coreDenseUs - coreWindowedUs;
  const saUs = measured.filter((r) => isSa(r)).reduce((a, r) => a + r.medianUs, 0);
  const totalUs = measured.reduce((a, r) => a + r.medianUs, 0);
  const coreSource = [...sources].join("; ");
  const cpuRow = (scope: AmdahlScope, d: number, w: number): AmdahlRow => ({
    ...base,
    basis: "CPU measured, composed",
    scope,
    dense: d / 1000,
    windowed: w / 1000,
    unit: "ms",
    speedup: d / w,
    coreSource,
  });
  rows.push(cpuRow("attention core (windowed blocks)", coreDenseUs, coreWindowedUs));
  rows.push(cpuRow("whole self-attention", saUs, saUs - saveUs));
  rows.push(cpuRow("end to end", totalUs, totalUs - saveUs));
  return rows;
}

/**
 * Reads the windowed/dense attention times from `data/kernel-bench.arrow` (written by `npm run bench`):
 * the kit's windowed kernel (`kitWindowedUs`) against onnxruntime's dense MatMul–Softmax–MatMul
 * (`ortDenseUs`) — the same engine as the CPU breakdown, so their ratio scales the breakdown's attention
 * core. Returns `[]` when the file does not exist yet; throws `DataFileError` naming a missing column.
 */
export function readKernelTimes(path: string = KERNEL_BENCH_FILE): KernelTimes[] {
  if (!existsSync(path)) return [];
  const { rows, provenance } = readKernelBench(path);
  const machine = provenance.extra?.cpuModel ?? "unknown CPU";
  return rows.map((r) => ({
    n: r.n,
    k: r.k,
    heads: r.heads,
    threads: r.threads,
    windowedUs: r.kitWindowedUs,
    denseUs: r.ortDenseUs,
    source: `data/kernel-bench.arrow (kit windowed kernel vs onnxruntime dense attention, ${machine})`,
  }));
}

/** The table notebook 01 shows: DeiT-Tiny, k ∈ {3, 5, 7}, blocks 0–5 (the poster's schedule) and all 12 blocks. */
export function deitTinyAmdahlTable(breakdown?: CpuBreakdown, kernelTimes?: readonly KernelTimes[], threads = 1): AmdahlRow[] {
  const rows: AmdahlRow[] = [];
  for (const windowedBlocks of ["0-5", "all"]) {
    for (const k of [3, 5, 7]) {
      rows.push(...amdahlSpeedups({ model: "deit-tiny", k, windowedBlocks, breakdown, kernelTimes, threads }));
    }
  }
  return rows;
}
