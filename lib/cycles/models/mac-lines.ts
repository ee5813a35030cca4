/**
 * The poster's MAC-line engine (Fig. 9) as a whole-model design: the PEs are grouped into MAC lines of P
 * PEs, ⌊⌊PEs / P⌋ / H⌋ lines per head, the heads in parallel; each head's queries are dealt to its lines
 * (least-loaded first) and a line computes Q×K and S×V of a query as in `poster.ts`. The projections
 * and MLP run on the same PEs as a dense output-stationary array (they are not what the design changes).
 *
 * Mapping: `schedule` "static" reserves for every patch query as many slots as the widest patch row of the
 * head's mask (k²+1 for a k×k window + CLS — the poster's static window schedule), "packed" gives each
 * query exactly its kept keys. The line length P is, by default, the keys of one window query on a window workload
 * (k² + special tokens: 10 for the poster's 3×3 + CLS, 26 for 5×5), else the hardware's line when its PEs are MAC
 * lines (`pes.cols`), else the poster's 10; the PE budget (rows × cols) is grouped into lines of P.
 */
import { UserError } from "../../errors.ts";
import { denseMask, rowCounts, type SparseMask } from "../../masks/sparse-mask.ts";
import { peCount, type HardwarePreset } from "../../specs/hardware.ts";
import { assembleBreakdown, selectorAndNonlinear, type BlockParts } from "../breakdown.ts";
import { checkCapacity } from "../capacity.ts";
import { NONLINEAR_PARAM, type BaseMapping, type CapacityShortfall, type CycleModel, type Workload } from "../model.ts";
import { linearBlockCosts, type Cost } from "../parts.ts";
import { macLinesParallelCycles, POSTER_BASE_ASSUMPTIONS, type PosterAssumptions } from "../poster.ts";

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

/** Lines per head a PE budget holds (0 when it cannot give every head a line). */
export function linesPerHead(arch: HardwarePreset, heads: number, pesPerLine: number): number {
  return Math.floor(Math.floor(peCount(arch) / pesPerLine) / heads);
}

/** Keys of one window query: the widest patch row of the workload's masks on a window workload, else undefined. */
export function windowSlots(workload: Workload): number | undefined {
  if (workload.kind !== "window") return undefined;
  let widest = 0;
  // Dense masks given explicitly (a whole-model export's dense blocks) are not window queries.
  for (const b of workload.blocks) for (const m of b.masks ?? []) if (m.rowPtr[m.n]! < m.n * m.n) widest = Math.max(widest, staticSlots(m, workload.model.special));
  return widest > 0 ? widest : undefined;
}

/** The mapping for a workload: P from the window (k² + special), else the hardware's MAC lines, else the poster's line. */
export function macLinesMapFor(arch: HardwarePreset, workload: Workload, given: Partial<MacLineMapping> = {}): MacLineMapping {
  const derived = windowSlots(workload) ?? (arch.pes.arrangement === "lines" ? arch.pes.cols : POSTER_MAC_LINE_MAPPING.pesPerLine);
  return { ...POSTER_MAC_LINE_MAPPING, pesPerLine: derived, ...given };
}

/** Whether the PEs give every head at least one line of P PEs; if not, the key that falls short and the override that fits. */
export function macLinesCapacity(arch: HardwarePreset, workload: Workload, m: MacLineMapping): CapacityShortfall | null {
  const H = workload.model.heads;
  const P = m.pesPerLine;
  if (linesPerHead(arch, H, P) >= 1) return null;
  const slots = windowSlots(workload);
  const why = `${H} MAC lines of ${P} PEs, one per head of ${workload.model.id}'s ${H} heads${slots === P ? ` (${P} = the keys of one window query: k² + ${workload.model.special} special)` : ""}, ${H * P} PEs in all`;
  if (arch.pes.arrangement === "lines") {
    // MAC-line hardware: more lines of the preset's length hold the same PEs.
    const rows = Math.ceil((H * P) / arch.pes.cols);
    return { key: "hardware.pes.rows", value: arch.pes.rows, expected: `>= ${rows} MAC lines of ${arch.pes.cols} PEs`, reason: why, fix: { "hardware.pes.rows": rows } };
  }
  const cols = Math.ceil((H * P) / arch.pes.rows);
  return { key: "hardware.pes.cols", value: arch.pes.cols, expected: `>= ${cols} (${arch.pes.rows} × ${cols} >= ${H * P} PEs)`, reason: why, fix: { "hardware.pes.cols": cols } };
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
  const m = macLinesMapFor(arch, workload, mapping);
  if (!Number.isInteger(m.pesPerLine) || m.pesPerLine < 1) throw new UserError(`MAC-line design: pesPerLine must be a positive integer, got ${m.pesPerLine}`);
  checkCapacity(macLinesModel as unknown as CycleModel<BaseMapping>, arch, workload, m, mapping);
  const nl = m.nonlinear ?? arch.nonlinear;
  const blocks: BlockParts[] = workload.blocks.map((block, i) => {
    const { projections, mlp } = linearBlockCosts(workload.model, block.tokens, arch);
    const s = selectorAndNonlinear(workload, i, arch, nl);
    return { attention: macLineAttention(workload, i, arch, m), projections, mlp, selector: s.selector, nonlinear: s.nonlinear, nonlinearElements: s.nonlinearElements, exposed: 0, extraDramBytes: 0 };
  });
  return assembleBreakdown("mac-lines", arch, workload, blocks);
}

/** The poster's design as a registered model. */
export const macLinesModel: CycleModel<MacLineMapping> = {
  id: "mac-lines",
  label: "poster MAC lines",
  description: "The poster's MAC lines (Fig. 9): P-PE lines per head, queries dealt to lines, sparse masks skipped (static window slots)",
  nativePreset: "zybo-z7-20",
  exploits: "window",
  mappingParams: {
    pesPerLine: { meaning: "P, PEs per MAC line (default: the hardware's line with arrangement lines, else k² + special tokens of the window, else the poster's 10)", unit: "PEs", domain: { integer: true, min: 1 } },
    macLatency: { meaning: "extra cycles per pass of the pipelined MAC", unit: "cycles", domain: { integer: true, min: 0 } },
    fillPerQuery: { meaning: "Q/S chain fill per query", unit: "cycles", domain: { integer: true, min: 0 } },
    clsColumn: { meaning: "the CLS key inside the query's pass (inline, the poster's) or in separate passes", values: ["inline", "separate"] },
    schedule: { meaning: "static (every patch query reserves the widest row's slots, the poster's) or packed (exactly its kept keys)", values: ["static", "packed"] },
    nonlinear: NONLINEAR_PARAM,
  },
  defaultMapping: POSTER_MAC_LINE_MAPPING,
  mapFor: macLinesMapFor,
  capacity: macLinesCapacity,
  evaluate: simulateMacLines,
  sweep: [
    { key: "mapping.mac-lines.pesPerLine", values: [4, 6, 8, 10, 12, 14, 16, 20, 26, 50] },
    { key: "workload.attention.window.k", values: [3, 5, 7, 9, 11] },
    { key: "mapping.mac-lines.macLatency", values: [0, 1, 2, 3] },
    { key: "mapping.mac-lines.fillPerQuery", values: [0, 1, 3, 5, 9] },
  ],
};
