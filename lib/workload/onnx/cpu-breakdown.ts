/**
 * The measured CPU latency breakdown: grouping an onnxruntime profile into the per-(block, role) rows of
 * `data/latency-breakdown-cpu.arrow` (the file's schema, writer and reader: `lib/data/files/latency-breakdown-cpu.ts`),
 * and the per-category and self-attention shares the notebooks show.
 */
import type { CpuBreakdown, CpuBreakdownRow } from "../../data/files/latency-breakdown-cpu.ts";
import type { Fig1Category } from "../../paper/poster-fig1.ts";
import { FIG1_CATEGORIES } from "../../paper/poster-fig1.ts";
import { MODEL_CONFIGS } from "../../specs/models.ts";
import { roleCategory, ROLES, type Role } from "../../specs/roles.ts";
import type { BuiltGraph } from "./graph-builder.ts";
import type { GraphProfile } from "./profile.ts";

/** Quantile (linear interpolation between order statistics) of `values`, q in [0, 1]. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error("quantile of no values");
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/**
 * Groups a profile by (block, role): per run the kernel times of the group's nodes are summed; the row
 * holds the median and quartiles of those sums over the runs, and the group's MACs from the built graph.
 */
export function aggregateProfile(model: string, graph: BuiltGraph, profile: GraphProfile): CpuBreakdownRow[] {
  const key = (block: number, role: Role) => `${block}|${role}`;
  const groups = new Map<string, { block: number; role: Role; nodes: Set<string>; perRun: number[]; macs: number }>();
  const group = (block: number, role: Role) => {
    const k = key(block, role);
    let g = groups.get(k);
    if (!g) {
      g = { block, role, nodes: new Set(), perRun: profile.runs.map(() => 0), macs: 0 };
      groups.set(k, g);
    }
    return g;
  };
  for (const [name, place] of profile.places) group(place.block, place.role).nodes.add(name);
  for (const n of graph.nodes) group(n.block, n.role).macs += n.macs;
  profile.runs.forEach((run, r) => {
    for (const [name, us] of run.nodeUs) {
      const place = profile.places.get(name)!;
      group(place.block, place.role).perRun[r]! += us;
    }
  });
  const roleOrder = new Map(ROLES.map((r, i) => [r, i]));
  return [...groups.values()]
    .sort((a, b) => a.block - b.block || roleOrder.get(a.role)! - roleOrder.get(b.role)!)
    .map((g) => ({
      model,
      threads: profile.threads,
      block: g.block,
      role: g.role,
      category: roleCategory(g.role),
      nodes: g.nodes.size,
      medianUs: quantile(g.perRun, 0.5),
      q1Us: quantile(g.perRun, 0.25),
      q3Us: quantile(g.perRun, 0.75),
      macs: g.macs,
    }));
}

/** One category of one model in {@link cpuCategoryShares}. */
export interface CategoryShareRow {
  model: string;
  threads: number;
  category: Fig1Category;
  /** Sum of the category's per-(block, role) median kernel times, ms. */
  ms: number;
  /** Share of the model's summed kernel time, %. */
  latencyPercent: number;
  /** Analytic MACs of the category and their share of the model's MACs, %. */
  macs: number;
  macPercent: number;
}

/**
 * Per model and category: measured time, latency share and MAC share (latency share ≫ MAC share marks
 * memory-bound or overhead-bound operators). `threads` picks the thread count (default 1).
 */
export function cpuCategoryShares(breakdown: CpuBreakdown, threads = 1): CategoryShareRow[] {
  const models = [...new Set(breakdown.rows.map((r) => r.model))];
  const out: CategoryShareRow[] = [];
  for (const model of models) {
    const rows = breakdown.rows.filter((r) => r.model === model && r.threads === threads);
    if (rows.length === 0) continue;
    const totalUs = rows.reduce((a, r) => a + r.medianUs, 0);
    const totalMacs = rows.reduce((a, r) => a + r.macs, 0);
    for (const category of FIG1_CATEGORIES) {
      const sel = rows.filter((r) => r.category === category);
      const us = sel.reduce((a, r) => a + r.medianUs, 0);
      const macs = sel.reduce((a, r) => a + r.macs, 0);
      out.push({
        model,
        threads,
        category,
        ms: us / 1000,
        latencyPercent: (100 * us) / totalUs,
        macs,
        macPercent: (100 * macs) / totalMacs,
      });
    }
  }
  return out;
}

/** One (model, category) of the CPU breakdown in the shape of the digitized Fig. 1 rows. */
export interface CpuPercentRow {
  /** Display label as in Fig. 1, e.g. `DeiT-Tiny` (`vitsparse flops` name in `modelName`). */
  model: string;
  modelName: string;
  category: Fig1Category;
  /** Latency share, %. */
  percent: number;
  /** Analytic MAC share, %. */
  macPercent: number;
  ms: number;
  threads: number;
}

/**
 * The CPU breakdown as Fig. 1-style rows (model label, category, percent), next to the digitized
 * `readReportedBreakdown()` rows; `macPercent` is the same category's share of the MACs.
 */
export function cpuLatencyPercentRows(breakdown: CpuBreakdown, threads = 1): CpuPercentRow[] {
  return cpuCategoryShares(breakdown, threads).map((s) => ({
    model: modelLabel(s.model),
    modelName: s.model,
    category: s.category,
    percent: s.latencyPercent,
    macPercent: s.macPercent,
    ms: s.ms,
    threads,
  }));
}

/** Self-attention shares of one model on this CPU. */
export interface CpuSaShare {
  /** Fig. 1 label (for `cpuContext` in lib/analysis/latency-verdicts.ts). */
  model: string;
  modelName: string;
  /** Sum of the four SA-* categories (the poster's "Self-Attention module"), % of latency. */
  saPercent: number;
  /** Attention core only: Q·Kᵀ, scale, bias, softmax, P·V and the q/k/v split and output merge, % of latency. */
  corePercent: number;
  /** The same two definitions as shares of the MACs, %. */
  saMacPercent: number;
  coreMacPercent: number;
}

const CORE_WITH_LAYOUT: ReadonlySet<Role> = new Set<Role>(["attn.split", "attn.qk", "attn.scale", "attn.bias", "attn.softmax", "attn.av", "attn.merge"]);

/**
 * Per model: the self-attention share of latency under both common definitions (Fig. 1's SA-* sum, and the
 * attention core alone), with the matching MAC shares. Feed `{model, saPercent}` to `cpuContext` (lib/analysis/latency-verdicts.ts).
 */
export function cpuSelfAttentionShares(breakdown: CpuBreakdown, threads = 1): CpuSaShare[] {
  const models = [...new Set(breakdown.rows.filter((r) => r.threads === threads).map((r) => r.model))];
  return models.map((model) => {
    const rows = breakdown.rows.filter((r) => r.model === model && r.threads === threads);
    const us = (pick: (r: CpuBreakdownRow) => boolean) => rows.filter(pick).reduce((a, r) => a + r.medianUs, 0);
    const macs = (pick: (r: CpuBreakdownRow) => boolean) => rows.filter(pick).reduce((a, r) => a + r.macs, 0);
    const isSa = (r: CpuBreakdownRow) => r.category.startsWith("SA-");
    const isCore = (r: CpuBreakdownRow) => CORE_WITH_LAYOUT.has(r.role);
    const totalUs = us(() => true);
    const totalMacs = macs(() => true);
    return {
      model: modelLabel(model),
      modelName: model,
      saPercent: (100 * us(isSa)) / totalUs,
      corePercent: (100 * us(isCore)) / totalUs,
      saMacPercent: (100 * macs(isSa)) / totalMacs,
      coreMacPercent: (100 * macs(isCore)) / totalMacs,
    };
  });
}

function modelLabel(name: string): string {
  return MODEL_CONFIGS.find((c) => c.name === name)?.label ?? name;
}
