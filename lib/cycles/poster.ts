/**
 * The poster's accelerator (Fig. 9, Fig. 11): per head one MAC line of P processing elements
 * (P0…P9: 3×3 window + CLS), fed by a Q/S buffer and a K/V buffer, output-stationary, the H heads in
 * parallel — compared with an output-stationary systolic array with the same number of PEs (H·P).
 *
 * Dataflow of one head's MAC line (the model is code; every knob is a named, documented assumption in
 * {@link PosterAssumptions}):
 * - Q×K (SDDMM): a PE holds one score S[i, j]. A query's kept keys are dealt to the P PEs in passes; a pass
 *   streams the D features (q_i from the Q/S buffer, each PE's own k_j from the K/V buffer) → D cycles,
 *   plus the MAC pipeline latency before the accumulators can be read and reused.
 * - S×V (SpMM): a PE holds one output element O[i, c]; ⌈D/P⌉ passes per query, each streaming the query's
 *   kept keys (S[i, j] from the Q/S buffer, each PE's V[j, c] from the K/V buffer) → |keys| cycles + latency.
 * - A static window schedule reserves `minSlotsPerQuery` (k²+1) slots for every patch query, so clipped
 *   border windows do not run faster (`padBorderWindows`).
 * - The CLS column (every patch query attends key 0) runs on P9 inside the query's pass, or as separate
 *   passes in which the PEs hold different queries sharing k_0 (`clsColumn`).
 * - The CLS row (query 0 attends all N keys) is a dense row: ⌈N/P⌉ Q×K passes, ⌈D/P⌉ S×V passes of N.
 */
import { UserError } from "../errors.ts";
import { denseMask, rowCols, type SparseMask } from "../masks/sparse-mask.ts";
import { windowMask } from "../masks/window.ts";
import { POSTER_FIG11_REPORTED } from "../paper/poster-fig11.ts";
import { ZYBO_Z7_20_POSTER } from "../specs/hardware.ts";
import { vitModel } from "../specs/models.ts";
import { POSTER_MODEL, POSTER_WINDOW_K } from "../specs/poster.ts";
import { nearSquareFactors } from "./sweep.ts";
import { systolicGemmCycles, type SystolicArray } from "./systolic.ts";

/** Every assumption of the Fig. 11 model, each with a physical meaning. */
export interface PosterAssumptions {
  /** H: heads processed in parallel, one MAC line each (3, Fig. 9). */
  heads: number;
  /** P: PEs per MAC line (10 = 3×3 window + CLS, Fig. 9). */
  pesPerLine: number;
  /** D: features per head (64, DeiT-tiny). */
  featureDim: number;
  /**
   * Extra cycles per pass (line) and per fold (systolic) until a pipelined MAC's result is final: the
   * DSP48E1 multiply-accumulate with its M and P pipeline registers delivers the sum 2 cycles after the
   * last operand (2). 0 = ideal single-cycle MAC.
   */
  macLatency: number;
  /** Pipeline fill of the Q/S shift chain (P0→P9) paid once per query (0 = hidden by the chain; P−1 = not). */
  fillPerQuery: number;
  /** Static schedule: every patch query of a window mask occupies k²+1 slots, even at the clipped border. */
  padBorderWindows: boolean;
  /** `inline`: P9 computes q_i·k_0 in the query's pass (the poster's 3×3 + CLS); `separate`: extra passes. */
  clsColumn: "inline" | "separate";
  /** Systolic baseline: rows × cols with rows·cols = H·P, output-stationary (SCALE-Sim timing). */
  systolicRows: number;
  systolicCols: number;
  /** Systolic results are shifted out after each fold (SCALE-Sim's 2R term). */
  systolicDrain: boolean;
  /** The systolic array runs the heads one after another (true) — it is one array of H·P PEs. */
  systolicHeadsSequential: boolean;
}

const POSTER_LINES = ZYBO_Z7_20_POSTER.pes;
const [POSTER_SYSTOLIC_ROWS, POSTER_SYSTOLIC_COLS] = nearSquareFactors(POSTER_LINES.rows * POSTER_LINES.cols);

/**
 * The base assumptions used for the reported Fig. 11 ratios. The shape is the poster's preset (3 MAC lines of
 * 10 PEs, `zybo-z7-20`) and DeiT-tiny's d = 64; the systolic array has the same 30 PEs, near-square (5 × 6).
 */
export const POSTER_BASE_ASSUMPTIONS: Readonly<PosterAssumptions> = {
  heads: POSTER_LINES.rows,
  pesPerLine: POSTER_LINES.cols,
  featureDim: vitModel(POSTER_MODEL).headDim,
  macLatency: 2,
  fillPerQuery: 0,
  padBorderWindows: true,
  clsColumn: "inline",
  systolicRows: POSTER_SYSTOLIC_ROWS,
  systolicCols: POSTER_SYSTOLIC_COLS,
  systolicDrain: true,
  systolicHeadsSequential: true,
};


/** Cycles of Q×K and S×V for the three bars of Fig. 11. */
export interface PosterPhaseCycles {
  systolicFull: number;
  linesFull: number;
  linesWindow: number;
}

/** Result of {@link simulatePoster}; the JSON of `vitsparse simulate fig11`. */
export interface PosterResult {
  qk: PosterPhaseCycles;
  sv: PosterPhaseCycles;
  ratios: { qkSystolicToLines: number; qkFullToWindow: number; svSystolicToLines: number; svFullToWindow: number };
}

/** Cycles of one head's MAC line over a mask. */
export interface LineCycles {
  qk: number;
  sv: number;
  /** Useful MACs (kept entries × D) of each phase, for utilisation. */
  macs: number;
  qkPasses: number;
  svPasses: number;
}

/** Validates assumptions; throws {@link UserError} naming the field. */
export function validatePosterAssumptions(a: PosterAssumptions): void {
  for (const k of ["heads", "pesPerLine", "featureDim", "systolicRows", "systolicCols"] as const) {
    if (!Number.isInteger(a[k]) || a[k] < 1) throw new UserError(`poster model: ${k} must be a positive integer (number of PEs/heads/features), got ${a[k]}`);
  }
  for (const k of ["macLatency", "fillPerQuery"] as const) {
    if (!Number.isInteger(a[k]) || a[k] < 0) throw new UserError(`poster model: ${k} must be an integer >= 0 cycles, got ${a[k]}`);
  }
  if (a.clsColumn !== "inline" && a.clsColumn !== "separate") throw new UserError(`poster model: clsColumn must be "inline" or "separate", got "${String(a.clsColumn)}"`);
}

/** Per-query costs of one head's MAC line (see {@link macLineCycles}). */
export interface LineRowCosts {
  /** Q×K cycles of each query row (0 for an empty row). */
  qk: number[];
  /** S×V cycles of each query row. */
  sv: number[];
  /** Q×K cycles of the separate CLS-column passes (0 with the inline schedule). */
  clsColumnQk: number;
  qkPasses: number;
  svPasses: number;
  /** Useful MACs of one phase: kept entries × D. */
  macs: number;
}

/**
 * Per-query cycles of one head's MAC line over a mask (row = query, kept columns = keys).
 * @param minSlotsPerQuery slots a static schedule reserves per patch query (k²+1 for a window schedule,
 *   0 to pack exactly); rows with more keys than that use their own count.
 * @param special number of special tokens (rows/columns 0..special−1: CLS handling).
 */
export function macLineRowCosts(mask: SparseMask, a: PosterAssumptions, minSlotsPerQuery = 0, special = 1): LineRowCosts {
  validatePosterAssumptions(a);
  const P = a.pesPerLine;
  const D = a.featureDim;
  const L = a.macLatency;
  const svPassesPerQuery = Math.ceil(D / P);
  const qk: number[] = [];
  const sv: number[] = [];
  let qkPasses = 0;
  let svPasses = 0;
  let macs = 0;
  let clsColumnQueries = 0;
  for (let i = 0; i < mask.n; i++) {
    const cols = rowCols(mask, i);
    macs += cols.length * D;
    if (cols.length === 0) {
      qk.push(0);
      sv.push(0);
      continue;
    }
    const isSpecialRow = i < special;
    let qkSlots = cols.length;
    let svSlots = cols.length;
    if (!isSpecialRow) {
      if (a.clsColumn === "separate" && special > 0 && cols[0]! < special) {
        let inSpecial = 0;
        for (const c of cols) if (c < special) inSpecial++;
        qkSlots -= inSpecial;
        clsColumnQueries += inSpecial;
      }
      if (a.padBorderWindows) {
        qkSlots = Math.max(qkSlots, minSlotsPerQuery - (a.clsColumn === "separate" ? special : 0));
        svSlots = Math.max(svSlots, minSlotsPerQuery);
      }
    }
    const qp = Math.ceil(qkSlots / P);
    qkPasses += qp;
    qk.push(qp * (D + L) + (qkSlots > 0 ? a.fillPerQuery : 0));
    svPasses += svPassesPerQuery;
    sv.push(svPassesPerQuery * (svSlots + L) + a.fillPerQuery);
  }
  let clsColumnQk = 0;
  if (clsColumnQueries > 0) {
    // Separate CLS-column passes: the PEs hold P different queries that share k_0.
    const qp = Math.ceil(clsColumnQueries / P);
    qkPasses += qp;
    clsColumnQk = qp * (D + L) + a.fillPerQuery;
  }
  return { qk, sv, clsColumnQk, qkPasses, svPasses, macs };
}

/** Cycles of one head's MAC line over a mask: the sum of {@link macLineRowCosts}. */
export function macLineCycles(mask: SparseMask, a: PosterAssumptions, minSlotsPerQuery = 0, special = 1): LineCycles {
  const c = macLineRowCosts(mask, a, minSlotsPerQuery, special);
  let qk = c.clsColumnQk;
  let sv = 0;
  for (const x of c.qk) qk += x;
  for (const x of c.sv) sv += x;
  return { qk, sv, macs: c.macs, qkPasses: c.qkPasses, svPasses: c.svPasses };
}

/**
 * Cycles of one head's attention on `lines` MAC lines working in parallel: queries are dealt greedily,
 * in order, to the least-loaded line (Q×K then S×V per query); the slowest line sets the time.
 */
export function macLinesParallelCycles(mask: SparseMask, a: PosterAssumptions, lines: number, minSlotsPerQuery = 0, special = 1): { qk: number; sv: number } {
  if (!Number.isInteger(lines) || lines < 1) throw new UserError(`poster model: lines per head must be a positive integer, got ${lines}`);
  const c = macLineRowCosts(mask, a, minSlotsPerQuery, special);
  const qkLoad = new Array<number>(lines).fill(0);
  const svLoad = new Array<number>(lines).fill(0);
  const place = (load: number[], cost: number): void => {
    let best = 0;
    for (let l = 1; l < lines; l++) if (load[l]! < load[best]!) best = l;
    load[best]! += cost;
  };
  for (let i = 0; i < c.qk.length; i++) {
    place(qkLoad, c.qk[i]!);
    place(svLoad, c.sv[i]!);
  }
  if (c.clsColumnQk > 0) place(qkLoad, c.clsColumnQk);
  return { qk: Math.max(...qkLoad), sv: Math.max(...svLoad) };
}

/** The poster's window mask: k×k clipped window on a 14×14 grid with CLS (n = 197). */
export function posterWindowMask(k = POSTER_WINDOW_K, gridH = 14, gridW = 14): SparseMask {
  return windowMask({ gridH, gridW, kh: k, border: "clip", special: 1 });
}

const maskCache = new Map<string, { window: SparseMask; full: SparseMask }>();

/** The window and dense masks of a grid, built once per (k, grid) and reused (masks are never mutated). */
function posterMasks(k: number, gridH: number, gridW: number): { window: SparseMask; full: SparseMask } {
  const key = `${k}:${gridH}:${gridW}`;
  let m = maskCache.get(key);
  if (!m) {
    const window = posterWindowMask(k, gridH, gridW);
    m = { window, full: denseMask(window.n, window.layout) };
    maskCache.set(key, m);
  }
  return m;
}

/**
 * Fig. 11: full attention on the systolic array and on the MAC lines, windowed attention on the MAC lines,
 * for Q×K and S×V of one attention layer (H heads, N tokens).
 * @param k window side (odd, default 3); the line has `pesPerLine` PEs (≥ k²+1 for the inline CLS schedule).
 */
export function simulatePoster(a: PosterAssumptions = POSTER_BASE_ASSUMPTIONS, k = POSTER_WINDOW_K, gridH = 14, gridW = 14): PosterResult {
  validatePosterAssumptions(a);
  if (a.pesPerLine < 1) throw new UserError(`poster model: --pes must be >= 1, got ${a.pesPerLine}`);
  const { window, full } = posterMasks(k, gridH, gridW);
  const n = window.n;
  const lineFull = macLineCycles(full, a, 0);
  const lineWin = macLineCycles(window, a, k * k + 1);
  const array: SystolicArray = { rows: a.systolicRows, cols: a.systolicCols, macLatency: a.macLatency, drainRows: a.systolicDrain };
  const headFactor = a.systolicHeadsSequential ? a.heads : 1;
  const sysQk = systolicGemmCycles({ M: n, K: a.featureDim, N: n }, array).cycles * headFactor;
  const sysSv = systolicGemmCycles({ M: n, K: n, N: a.featureDim }, array).cycles * headFactor;
  // The H lines run in parallel: a layer's line time is one head's line time.
  const qk = { systolicFull: sysQk, linesFull: lineFull.qk, linesWindow: lineWin.qk };
  const sv = { systolicFull: sysSv, linesFull: lineFull.sv, linesWindow: lineWin.sv };
  return {
    qk,
    sv,
    ratios: {
      qkSystolicToLines: qk.systolicFull / qk.linesFull,
      qkFullToWindow: qk.linesFull / qk.linesWindow,
      svSystolicToLines: sv.systolicFull / sv.linesFull,
      svFullToWindow: sv.linesFull / sv.linesWindow,
    },
  };
}

/** One row of the Fig. 11 ablation: an assumption changed from the base, and the four ratios it gives. */
export interface AblationRow {
  id: string;
  change: string;
  ratios: PosterResult["ratios"];
  /** Largest |kit/poster − 1| over the four ratios. */
  maxRelError: number;
  /** The assumption's value was chosen after seeing the poster's ratios: shown, never used in a verdict. */
  afterData: boolean;
}

/** Largest relative deviation of the four ratios from the poster's. */
export function fig11MaxRelError(r: PosterResult["ratios"]): number {
  const rep = POSTER_FIG11_REPORTED;
  return Math.max(
    Math.abs(r.qkSystolicToLines / rep.qkSystolicToLines - 1),
    Math.abs(r.qkFullToWindow / rep.qkFullToWindow - 1),
    Math.abs(r.svSystolicToLines / rep.svSystolicToLines - 1),
    Math.abs(r.svFullToWindow / rep.svFullToWindow - 1),
  );
}

/** The assumption changes of the ablation table, each relative to {@link POSTER_BASE_ASSUMPTIONS}. */
export const POSTER_ABLATIONS: readonly { id: string; change: string; patch: Partial<PosterAssumptions>; afterData?: true }[] = [
  { id: "base", change: "base assumptions", patch: {} },
  { id: "ideal-mac", change: "single-cycle MAC (macLatency 0)", patch: { macLatency: 0 } },
  { id: "mac-3", change: "3-cycle MAC pipeline (macLatency 3)", patch: { macLatency: 3 } },
  { id: "pack-border", change: "clipped border windows packed (no static padding)", patch: { padBorderWindows: false } },
  { id: "cls-separate", change: "CLS column as separate passes", patch: { clsColumn: "separate" } },
  { id: "fill-per-query", change: "Q/S chain fill (P−1 = 9) per query", patch: { fillPerQuery: 9 } },
  {
    id: "query-fetch-3",
    change: "3-cycle restart per query (address + 2-cycle registered BRAM read of the new q / S row not hidden); value chosen after seeing the data",
    patch: { fillPerQuery: 3 },
    afterData: true,
  },
  { id: "systolic-6x5", change: "systolic array 6×5 instead of 5×6", patch: { systolicRows: 6, systolicCols: 5 } },
  { id: "systolic-3x10", change: "systolic array 3×10", patch: { systolicRows: 3, systolicCols: 10 } },
  { id: "systolic-no-drain", change: "systolic results not shifted out (no 2R term)", patch: { systolicDrain: false } },
  { id: "systolic-per-head", change: "three 2×5 systolic arrays, one per head, in parallel", patch: { systolicRows: 2, systolicCols: 5, systolicHeadsSequential: false } },
];

/** Runs every ablation row (k = 3, 14×14 grid + CLS). */
export function posterAblation(base: PosterAssumptions = POSTER_BASE_ASSUMPTIONS): AblationRow[] {
  return POSTER_ABLATIONS.map(({ id, change, patch, afterData }) => {
    const r = simulatePoster({ ...base, ...patch });
    return { id, change, ratios: r.ratios, maxRelError: fig11MaxRelError(r.ratios), afterData: afterData === true };
  });
}

/** The ideal work ratio of full over windowed attention: N² / kept entries (38,809 / 1,993 = 19.47 at k = 3). */
export function idealWindowWorkRatio(k = POSTER_WINDOW_K, gridH = 14, gridW = 14): { full: number; window: number; ratio: number } {
  const m = posterWindowMask(k, gridH, gridW);
  const kept = m.rowPtr[m.n]!;
  return { full: m.n * m.n, window: kept, ratio: (m.n * m.n) / kept };
}
