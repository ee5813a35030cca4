/**
 * The poster's MAC-line engine (Fig. 9) as a whole-model design: the PEs are grouped into MAC lines of P
 * PEs, ⌊⌊PEs / P⌋ / H⌋ lines per head, the heads in parallel; each head's queries are dealt to its lines
 * (least-loaded first) and a line computes Q×K and S×V of a query as in `poster.ts`. The projections
 * and MLP run on the same PEs as a dense output-stationary array (they are not what the design changes).
 *
 * Mapping: `schedule` "static" reserves for every patch query as many slots as the widest patch row of the
 * head's mask (k²+1 for a k×k window + CLS — the poster's static window schedule), "packed" gives each
 * query exactly its kept keys.
 */
import { UserError } from "../../errors.ts";
import { denseMask, rowCounts, type SparseMask } from "../../masks/sparse-mask.ts";
import { peCount, type HardwarePreset } from "../../specs/hardware.ts";
import { assembleBreakdown, selectorAndNonlinear, type BlockParts } from "../breakdown.ts";
import type { BaseMapping, CycleModel, Workload } from "../model.ts";
import { linearBlockCosts, type Cost } from "../parts.ts";
import { macLinesParallelCycles, POSTER_BASE_ASSUMPTIONS, simulatePoster, type PosterAssumptions } from "../poster.ts";
import { nearSquareFactors, type SweepAxis, type SweepSpec } from "../sweep.ts";

/** How the poster's design maps onto a PE budget. */
export interface MacLineMapping extends BaseMapping {
  /** P: PEs per MAC line. */
  pesPerLine: number;
  /** Extra cycles per pass of the pipelined MAC. */
  macLatency: number;
  /** Q/S chain fill per query. */
  fillPerQuery: number;
  /** CLS column inside the query's pass or in separate passes. */
  clsColumn: "inline" | "separate";
  /** Static (widest patch row) or packed slots per query. */
  schedule: "static" | "packed";
}

/** The poster's mapping (Fig. 9 and the Fig. 11 base assumptions). */
export const POSTER_MAC_LINE_MAPPING: Readonly<MacLineMapping> = {
  pesPerLine: POSTER_BASE_ASSUMPTIONS.pesPerLine,
  macLatency: POSTER_BASE_ASSUMPTIONS.macLatency,
  fillPerQuery: POSTER_BASE_ASSUMPTIONS.fillPerQuery,
  clsColumn: POSTER_BASE_ASSUMPTIONS.clsColumn,
  schedule: "static",
};

const denseCache = new Map<number, SparseMask>();
function dense(n: number): SparseMask {
  let m = denseCache.get(n);
  if (!m) {
    m = denseMask(n);
    denseCache.set(n, m);
  }
  return m;
}

/** Slots a static schedule reserves per patch query: the widest patch row (rows ≥ `special`). */
export function staticSlots(mask: SparseMask, special: number): number {
  const counts = rowCounts(mask);
  let widest = 0;
  for (let i = special; i < mask.n; i++) widest = Math.max(widest, counts[i]!);
  return widest;
}

/** Lines per head a PE budget holds. */
export function linesPerHead(arch: HardwarePreset, heads: number, pesPerLine: number): number {
  const lines = Math.floor(Math.floor(peCount(arch) / pesPerLine) / heads);
  if (lines < 1) throw new UserError(`MAC-line design: ${peCount(arch)} PEs cannot hold one ${pesPerLine}-PE MAC line per head (${heads} heads)`);
  return lines;
}

/** Attention of one block on the MAC lines: the slowest head sets the time. */
export function macLineAttention(workload: Workload, i: number, arch: HardwarePreset, m: MacLineMapping): Cost {
  const model = workload.model;
  const block = workload.blocks[i]!;
  const lines = linesPerHead(arch, model.heads, m.pesPerLine);
  const a: PosterAssumptions = {
    ...POSTER_BASE_ASSUMPTIONS,
    heads: model.heads,
    pesPerLine: m.pesPerLine,
    featureDim: model.headDim,
    macLatency: m.macLatency,
    fillPerQuery: m.fillPerQuery,
    clsColumn: m.clsColumn,
    padBorderWindows: m.schedule === "static",
  };
  let slowest = 0;
  let macs = 0;
  for (let h = 0; h < model.heads; h++) {
    const mask = block.masks?.[h] ?? dense(block.tokens);
    if (mask.n !== block.tokens) throw new UserError(`MAC-line design: block ${i} head ${h} mask is ${mask.n}×${mask.n}, expected ${block.tokens} tokens`);
    const slots = m.schedule === "static" ? staticSlots(mask, model.special) : 0;
    const c = macLinesParallelCycles(mask, a, lines, slots, model.special);
    slowest = Math.max(slowest, c.qk + c.sv);
    macs += 2 * mask.rowPtr[mask.n]! * model.headDim;
  }
  // A line reads its own key/value per MAC and shares the query/score operand across its P PEs.
  return { cycles: slowest, macs, sramElements: Math.round(macs * (1 + 1 / m.pesPerLine)), weightElements: 0 };
}

/** Simulates a workload on the MAC-line design. */
export function simulateMacLines(arch: HardwarePreset, workload: Workload, mapping: Partial<MacLineMapping> = {}): ReturnType<typeof assembleBreakdown> {
  const m: MacLineMapping = { ...POSTER_MAC_LINE_MAPPING, ...mapping };
  if (!Number.isInteger(m.pesPerLine) || m.pesPerLine < 1) throw new UserError(`MAC-line design: pesPerLine must be a positive integer, got ${m.pesPerLine}`);
  const nl = m.nonlinear ?? arch.nonlinear;
  const blocks: BlockParts[] = workload.blocks.map((block, i) => {
    const { projections, mlp } = linearBlockCosts(workload.model, block.tokens, arch);
    const s = selectorAndNonlinear(workload, i, arch, nl);
    return { attention: macLineAttention(workload, i, arch, m), projections, mlp, selector: s.selector, nonlinear: s.nonlinear, nonlinearElements: s.nonlinearElements, exposed: 0, extraDramBytes: 0 };
  });
  return assembleBreakdown("mac-lines", arch, workload, blocks);
}

/** Default poster grid: 10 PE counts × 5 window sides × 4 MAC latencies × 5 fills = 1,000 configurations. */
export const POSTER_SWEEP_DEFAULT: readonly SweepAxis[] = [
  { name: "pesPerLine", values: [4, 6, 8, 10, 12, 14, 16, 20, 26, 50] },
  { name: "k", values: [3, 5, 7, 9, 11] },
  { name: "macLatency", values: [0, 1, 2, 3] },
  { name: "fillPerQuery", values: [0, 1, 3, 5, 9] },
];

/**
 * The poster's sweep: Fig. 11 (one layer; systolic vs lines, full vs window) over its assumptions; when
 * the PE count changes, the systolic array keeps equal PEs (near-square).
 */
export const POSTER_SWEEP: SweepSpec<null> = {
  params: ["pesPerLine", "k", "macLatency", "fillPerQuery", "heads", "featureDim"],
  // The rules of validatePosterAssumptions (and the window side of windowMask), per parameter.
  domains: {
    pesPerLine: { integer: true, min: 1 },
    k: { odd: true, min: 1 },
    macLatency: { integer: true, min: 0 },
    fillPerQuery: { integer: true, min: 0 },
    heads: { integer: true, min: 1 },
    featureDim: { integer: true, min: 1 },
  },
  defaults: POSTER_SWEEP_DEFAULT,
  prepare: () => null,
  evaluate(params) {
    const { k, ...rest } = params;
    const a: PosterAssumptions = { ...POSTER_BASE_ASSUMPTIONS, ...rest };
    if (rest.pesPerLine !== undefined || rest.heads !== undefined) {
      const [r, c] = nearSquareFactors(a.heads * a.pesPerLine);
      a.systolicRows = r;
      a.systolicCols = c;
    }
    const r = simulatePoster(a, k ?? 3);
    return {
      qkSystolicFull: r.qk.systolicFull, qkLinesFull: r.qk.linesFull, qkLinesWindow: r.qk.linesWindow,
      svSystolicFull: r.sv.systolicFull, svLinesFull: r.sv.linesFull, svLinesWindow: r.sv.linesWindow,
      ...r.ratios,
    };
  },
};

/** The poster's design as a registered model. */
export const macLinesModel: CycleModel<MacLineMapping> = {
  id: "mac-lines",
  aliases: ["poster"],
  label: "poster MAC lines",
  description: "The poster's MAC lines (Fig. 9): P-PE lines per head, queries dealt to lines, sparse masks skipped (static window slots)",
  nativePreset: "zybo-z7-20",
  exploits: "window",
  defaultMapping: POSTER_MAC_LINE_MAPPING,
  simulate: simulateMacLines,
  sweep: POSTER_SWEEP,
};
