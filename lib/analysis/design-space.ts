/**
 * Design-space sweeps of the two reference re-implementations (notebook 05's design-space figures and
 * `npm run bench:cycles`): Fig. 11's one-layer model over its assumptions, and ViTCoD's released attention
 * simulator (reference semantics) over its configuration. The registered whole-model designs are swept over
 * experiment-spec keys instead (`vitsparse sweep <design>`, `lib/experiment/sweep.ts`).
 */
import { windowMask } from "../masks/window.ts";
import { POSTER_BASE_ASSUMPTIONS, simulatePoster, type PosterAssumptions } from "../cycles/poster.ts";
import { nearSquareFactors, type SweepAxis, type SweepSpec } from "../cycles/sweep.ts";
import { simulateVitcodAttention, VITCOD_DEFAULTS, vitcodWorkloadFromMasks, type VitcodConfig, type VitcodLayerWorkload } from "../cycles/vitcod.ts";
import { VITCOD_MAPPING } from "../cycles/models/vitcod.ts";

/** Default poster grid: 10 PE counts × 5 window sides × 4 MAC latencies × 5 fills = 1,000 configurations. */
export const FIG11_SWEEP_DEFAULT: readonly SweepAxis[] = [
  { name: "pesPerLine", values: [4, 6, 8, 10, 12, 14, 16, 20, 26, 50] },
  { name: "k", values: [3, 5, 7, 9, 11] },
  { name: "macLatency", values: [0, 1, 2, 3] },
  { name: "fillPerQuery", values: [0, 1, 3, 5, 9] },
];

/**
 * The poster's sweep: Fig. 11 (one layer; systolic vs lines, full vs window) over its assumptions; when
 * the PE count changes, the systolic array keeps equal PEs (near-square).
 */
export const FIG11_SWEEP: SweepSpec<null> = {
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
  defaults: FIG11_SWEEP_DEFAULT,
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

/** Default ViTCoD grid: 8 widths × 5 heights × 5 bandwidths × 5 ratios = 1,000 configurations. */
export const VITCOD_REFERENCE_SWEEP_DEFAULT: readonly SweepAxis[] = [
  { name: "peWidth", values: [8, 16, 24, 32, 48, 64, 96, 128] },
  { name: "peHeight", values: [2, 4, 8, 16, 32] },
  { name: "bandwidthGBps", values: [4.8, 9.6, 19.2, 38.4, 76.8] },
  { name: "ratio", values: [0.333, 0.5, 0.667, 0.833, 1] },
];

/**
 * ViTCoD's sweep: its attention simulator (reference semantics) on per-layer {G, S} of head 0 of the
 * masks (polarizer threshold 50); without masks, the 3×3 window mask of DeiT-tiny in all 12 layers.
 */
export const VITCOD_REFERENCE_SWEEP: SweepSpec<VitcodLayerWorkload[]> = {
  params: ["peWidth", "peHeight", "bandwidthGBps", "ratio", "featureDim", "clockHz"],
  // The rules of validateVitcodConfig, per parameter.
  domains: {
    peWidth: { integer: true, min: 1 },
    peHeight: { integer: true, min: 1 },
    bandwidthGBps: { min: 0, minExclusive: true },
    ratio: { min: 0, minExclusive: true, max: 1 },
    featureDim: { integer: true, min: 1 },
    clockHz: { min: 0, minExclusive: true },
  },
  defaults: VITCOD_REFERENCE_SWEEP_DEFAULT,
  prepare(masks) {
    if (masks) return vitcodWorkloadFromMasks(masks, VITCOD_MAPPING.threshold);
    const w = vitcodWorkloadFromMasks([[windowMask({ gridH: 14, gridW: 14, kh: 3, border: "clip", special: 1 })]], VITCOD_MAPPING.threshold)[0]!;
    return new Array<VitcodLayerWorkload>(12).fill(w);
  },
  evaluate(params, workload) {
    const cfg: VitcodConfig = { ...VITCOD_DEFAULTS, ...params };
    const r = simulateVitcodAttention(workload, cfg);
    return { preload: r.preload, processing: r.processing, computation: r.computation, total: r.total, boundByBandwidth: r.preload >= r.processing + r.computation ? 1 : 0 };
  },
};

