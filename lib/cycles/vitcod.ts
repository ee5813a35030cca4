/**
 * ViTCoD's cycle model (ViTCoD's released simulator) — two labelled variants:
 *
 * - `simulateVitcodAttention` / `simulateVitcodFfn`: EQUAL to ViTCoD's published Python simulators
 *   (`ViTCoD.py`, `ViT_FFN.py` at the commit in `lib/paper/sources.ts`), including their quirks: only
 *   head 0 of each layer is simulated (heads assumed parallel, transfers × H, each head W/H PE columns),
 *   the PE rate uses PE_width where PE_height is meant, float64 left-to-right arithmetic, Python `int()`
 *   truncation, `math.ceil`, `//`. Checked against every value of the reference logs (test/cycles).
 * - `simulateVitcodCorrected`: a separately labelled corrected variant — every head is simulated with its
 *   own (G, S), the array is W × PE_height (each head gets PE_height/H rows), per-layer compute is the
 *   slowest head, and transfers are streamed per phase (one rounding per phase, not per token).
 *
 * The workload is per layer {G, S} (N, H, D from the config); `vitcodWorkloadFromMasks` computes it from
 * masks with the polarizer of `lib/masks`.
 */
import { UserError } from "../errors.ts";
import { polarize } from "../masks/polarizer.ts";
import type { SparseMask } from "../masks/sparse-mask.ts";
import { VITCOD_AUTOENCODER_RATIO } from "../paper/vitcod.ts";
import { bandwidthGiBps, VITCOD_ASIC } from "../specs/hardware.ts";
import { vitModel } from "../specs/models.ts";

/** ViTCoD's workload (DeiT-tiny): its shape is the simulator's default. */
const DEIT_TINY = vitModel("deit-tiny");

/** Configuration of ViTCoD's simulators (defaults = its README). */
export interface VitcodConfig {
  /** H: heads (3 for DeiT-tiny). */
  heads: number;
  /** N: tokens (197). */
  tokens: number;
  /** D: feature dim per head (64). */
  featureDim: number;
  /** r: auto-encoder compression ratio of the heads (0.667; the FFN script uses 2/3). */
  ratio: number;
  /** W: PE array width (64). */
  peWidth: number;
  /** PH: PE array height (8). */
  peHeight: number;
  /** E: embedding dim (192). */
  embedding: number;
  /** Off-chip bandwidth in GB/s, GB = 1024³ bytes (76.8). */
  bandwidthGBps: number;
  /** Clock, Hz (500e6). */
  clockHz: number;
  /** Operand width, bits (8). */
  bits: number;
}

/**
 * ViTCoD's defaults (`--feature_dim 64 --ratio 0.667 --PE_width 64 --PE_height 8`, 76.8 GB/s, 500 MHz):
 * the hardware from the `vitcod` preset, the shape from DeiT-tiny, r from ViTCoD's simulator.
 */
export const VITCOD_DEFAULTS: Readonly<VitcodConfig> = {
  heads: DEIT_TINY.heads,
  tokens: DEIT_TINY.tokens,
  featureDim: DEIT_TINY.headDim,
  ratio: VITCOD_AUTOENCODER_RATIO.value,
  peWidth: VITCOD_ASIC.pes.cols,
  peHeight: VITCOD_ASIC.pes.rows,
  embedding: DEIT_TINY.embedding,
  bandwidthGBps: bandwidthGiBps(VITCOD_ASIC),
  clockHz: VITCOD_ASIC.clockHz,
  bits: VITCOD_ASIC.dataBits,
};

/** SRAM capacities of ViTCoD's `SRAM.py`, bits (a transfer larger than its SRAM crashes the reference). */
export const VITCOD_SRAM_BITS = {
  q: VITCOD_ASIC.buffersBytes.q! * 8,
  k: VITCOD_ASIC.buffersBytes.k! * 8,
  v: VITCOD_ASIC.buffersBytes.v! * 8,
  output: VITCOD_ASIC.buffersBytes.output! * 8,
} as const;

/** One layer's attention workload: G global (dense) columns of head 0, S kept entries in columns G..N−1. */
export interface VitcodLayerWorkload {
  G: number;
  S: number;
}

/** Per-layer cycles of the reference attention model (names follow the log's lines). */
export interface VitcodLayerCycles {
  G: number;
  S: number;
  /** Dense Q/K load ("Dense SpMM dataloader", section 0). */
  denseQkPreload: number;
  /** Dense decoder ("Dense SpMM decoder"). */
  denseQkProcessing: number;
  /** Sparse K load ("Sparse SpMM dataloader", section 0). */
  sparseKPreload: number;
  /** Sparse decoder ("Sparse SpMM decoder"). */
  sparseKProcessing: number;
  sddmmDense: number;
  sddmmSparse: number;
  /** Dense V load ("Dense SpMM dataloader", section 1). */
  vDensePreload: number;
  /** Sparse V load ("Sparse SpMM dataloader", section 1). */
  vSparsePreload: number;
  spmmDense: number;
  spmmSparse: number;
  /** PE columns of the dense / sparse engines. */
  denseWidth: number;
  sparseWidth: number;
}

/** Totals of the attention model. */
export interface VitcodAttentionResult {
  preload: number;
  processing: number;
  computation: number;
  /** max(preload, processing + computation). */
  total: number;
  layers: VitcodLayerCycles[];
}

/** Totals of the linear/FFN model (`ViT_FFN.py`). */
export interface VitcodFfnResult {
  linearPreload: number;
  linearCompute: number;
  encoder: number;
  ffnCompute: number;
  ffnPreload: number;
  /** max(linearCompute + encoder, linearPreload) + max(ffnCompute, ffnPreload). */
  total: number;
  /** Per-layer values (identical for every layer: the model does not depend on the mask). */
  perLayer: { linearPreload: number; linearCompute: number; encoder: number; ffnCompute: number; ffnPreload: number };
  layers: number;
}

/** Python's `int()` on a float: truncation toward zero. */
function trunc(x: number): number {
  return Math.trunc(x);
}

/** Python's `//` on non-negative numbers. */
function floorDiv(a: number, b: number, what: string): number {
  if (b === 0) throw new UserError(`ViTCoD model: ${what} divides by zero (the reference simulator raises ZeroDivisionError here)`);
  return Math.floor(a / b);
}

/** `math.ceil(a / b)` with a clear error where the reference would divide by zero. */
function ceilDiv(a: number, b: number, what: string): number {
  if (b === 0) throw new UserError(`ViTCoD model: ${what} divides by zero (the reference simulator raises ZeroDivisionError here)`);
  return Math.ceil(a / b);
}

/** Checks a ViTCoD configuration; throws {@link UserError} naming the bad field and what was expected. */
export function validateVitcodConfig(cfg: VitcodConfig): void {
  const ints: (keyof VitcodConfig)[] = ["heads", "tokens", "featureDim", "peWidth", "peHeight", "embedding", "bits"];
  for (const k of ints) {
    const v = cfg[k];
    if (!Number.isInteger(v) || v < 1) throw new UserError(`ViTCoD config: ${k} must be a positive integer, got ${v}`);
  }
  if (!(cfg.ratio > 0 && cfg.ratio <= 1)) throw new UserError(`ViTCoD config: ratio must be in (0, 1], got ${cfg.ratio}`);
  if (!(cfg.bandwidthGBps > 0) || !Number.isFinite(cfg.bandwidthGBps)) throw new UserError(`ViTCoD config: bandwidth must be > 0 GB/s, got ${cfg.bandwidthGBps}`);
  if (!(cfg.clockHz > 0) || !Number.isFinite(cfg.clockHz)) throw new UserError(`ViTCoD config: clock must be > 0 Hz, got ${cfg.clockHz}`);
}

/**
 * The reference transfer cost `ceil(n·bits / (BW·rb) · f)`, BW = GBps·1024·1024·1024·8 bit/s, evaluated
 * in float64 in the reference's order. `sramBits` reproduces the reference's capacity check (it crashes
 * when a single transfer exceeds its SRAM).
 */
export function vitcodXfer(cfg: VitcodConfig, n: number, bits = 8, rb = 1, sramBits?: number, what = "transfer"): number {
  if (sramBits !== undefined && n * bits > sramBits) {
    throw new UserError(`ViTCoD model: one ${what} of ${n * bits} bits exceeds its ${sramBits}-bit SRAM (the reference simulator fails here)`);
  }
  const bandwidth = cfg.bandwidthGBps * 1024 * 1024 * 1024 * 8;
  const latency = (n * bits) / (bandwidth * rb);
  return Math.ceil(latency * cfg.clockHz);
}

/**
 * One layer of ViTCoD's attention simulator (reference semantics; see the module comment).
 * @throws UserError for G = 0, S = 0, G > N, S > N·(N−G), or a PE split leaving an engine 0 columns wide.
 */
export function vitcodAttentionLayer(w: VitcodLayerWorkload, cfg: VitcodConfig, layerIndex = 0): VitcodLayerCycles {
  const { heads: H, tokens: N, featureDim: D, ratio: r, peWidth: W, bits } = cfg;
  const { G, S } = w;
  const where = `layer ${layerIndex}`;
  if (!Number.isInteger(G) || G < 0 || G > N) throw new UserError(`ViTCoD model, ${where}: G (global tokens) must be an integer in 0..${N}, got ${G}`);
  if (!Number.isInteger(S) || S < 0 || S > N * (N - G)) throw new UserError(`ViTCoD model, ${where}: S (sparse kept entries) must be an integer in 0..N·(N−G) = ${N * (N - G)}, got ${S}`);
  if (G === 0) throw new UserError(`ViTCoD model, ${where}: G = 0 global tokens — the reference divides by zero (dense engine width 0); expected G ≥ 1`);
  if (S === 0) throw new UserError(`ViTCoD model, ${where}: S = 0 sparse entries — the reference divides by zero (sparse engine width 0); expected S ≥ 1`);

  const cqk = vitcodXfer(cfg, H * r * 1 * D, bits, 1, VITCOD_SRAM_BITS.k, "Q/K row load");
  const cdec = vitcodXfer(cfg, H * r * 1, bits, 1 / H, VITCOD_SRAM_BITS.q, "decoder weight load");
  const cv = vitcodXfer(cfg, H * 1 * D, bits, 1, VITCOD_SRAM_BITS.v, "V row load");
  const tpre = ceilDiv(H * r * 1 * D, trunc((W * W) / H), "decoder rate trunc(W·W/H)");

  // Dense Q/K: G keys then (at the first key) all N queries, each with one decoder-weight load.
  const denseQkPreload = G > 0 ? (G + N) * cqk + 2 * cdec : 0;
  const denseQkProcessing = G > 0 ? (G + N) * tpre : 0;
  // Sparse K (K-stationary): N−G keys, one decoder-weight load.
  const sparseKPreload = (N - G) * cqk + (N - G > 0 ? cdec : 0);
  const sparseKProcessing = (N - G) * tpre;

  const denseRatio = (G * N) / (S + G * N);
  const denseWidth = trunc(W * denseRatio);
  const sparseWidth = W - denseWidth;
  if (denseWidth === 0) throw new UserError(`ViTCoD model, ${where}: the dense engine gets trunc(W·G·N/(S+G·N)) = 0 PE columns (G=${G}, S=${S}, W=${W}) — the reference divides by zero; use a wider array or a denser split`);
  if (sparseWidth === 0) throw new UserError(`ViTCoD model, ${where}: the sparse engine gets 0 PE columns (G=${G}, S=${S}, W=${W}) — the reference divides by zero`);
  const T = ceilDiv(D, W / H, "feature tiling D/(W/H)");
  const sddmmDense = G * ceilDiv(N, denseWidth, "dense SDDMM") * T;
  const sddmmSparse = ceilDiv(S, sparseWidth, "sparse SDDMM") * T;

  const vDensePreload = G * cv;
  const vSparsePreload = (N - G) * cv;
  const spmmDense = ceilDiv(N * D * G, trunc((denseWidth * W) / H), "dense SpMM rate trunc(Wd·W/H)");
  const spmmSparse = ceilDiv(S * D, trunc((sparseWidth * W) / H), "sparse SpMM rate trunc(Ws·W/H)");
  return {
    G, S, denseQkPreload, denseQkProcessing, sparseKPreload, sparseKProcessing, sddmmDense, sddmmSparse,
    vDensePreload, vSparsePreload, spmmDense, spmmSparse, denseWidth, sparseWidth,
  };
}

/**
 * ViTCoD's attention simulator over all layers (reference semantics).
 * Totals: preload = Σ loads, processing = Σ decoder cycles, computation = Σ (max SDDMM + max SpMM),
 * total = max(preload, processing + computation).
 */
export function simulateVitcodAttention(layers: readonly VitcodLayerWorkload[], cfg: VitcodConfig = VITCOD_DEFAULTS): VitcodAttentionResult {
  validateVitcodConfig(cfg);
  if (layers.length === 0) throw new UserError("ViTCoD model: the workload has no layers (expected one {G, S} per layer)");
  let preload = 0;
  let processing = 0;
  let computation = 0;
  const out: VitcodLayerCycles[] = [];
  layers.forEach((w, i) => {
    const c = vitcodAttentionLayer(w, cfg, i);
    preload += c.denseQkPreload + c.sparseKPreload + c.vDensePreload + c.vSparsePreload;
    processing += c.denseQkProcessing + c.sparseKProcessing;
    computation += Math.max(c.sddmmDense, c.sddmmSparse) + Math.max(c.spmmDense, c.spmmSparse);
    out.push(c);
  });
  return { preload, processing, computation, total: Math.max(preload, processing + computation), layers: out };
}

/**
 * ViTCoD's linear/FFN simulator (`ViT_FFN.py`, reference semantics) for `layers` identical layers.
 * Per layer: linear preload = 3·D·xfer(H·E) + 2·(xfer(H, 8, 1/(H·r)) + N·xfer(D, 8, 1/(H·r))) + N·xfer(D, 8, 1/H)
 * + (N // trunc(PH·W/H))·E·xfer(D, 8, 1/H); linear compute = 3N·((E·D) // trunc(W·PH/H)) + (N·E·D) // trunc(PH·W/H);
 * encoder = 2N·((H·D) // trunc(W·PH/(H·r))); FFN compute = 2·((N·E·4E) // (PH·W));
 * FFN preload = (N // (PH·W))·(4E·xfer(E) + E·xfer(4E)).
 */
export function simulateVitcodFfn(layers: number, cfg: VitcodConfig = VITCOD_DEFAULTS): VitcodFfnResult {
  validateVitcodConfig(cfg);
  if (!Number.isInteger(layers) || layers < 1) throw new UserError(`ViTCoD FFN model: layers must be a positive integer, got ${layers}`);
  const { heads: H, tokens: N, featureDim: D, ratio: r, peWidth: W, peHeight: PH, embedding: E, bits } = cfg;
  const out = VITCOD_SRAM_BITS.output;
  const rate = trunc((W * PH) / H);
  const concatRate = trunc((PH * W) / H);
  const encRate = trunc((W * PH) / (H * r));
  const linearPreload =
    3 * D * vitcodXfer(cfg, H * 1 * E, bits, 1, out, "weight load") +
    2 * (vitcodXfer(cfg, H * 1, bits, 1 / (H * r), VITCOD_SRAM_BITS.q, "encoder load") + N * vitcodXfer(cfg, 1 * D, bits, 1 / (H * r), out, "store")) +
    N * vitcodXfer(cfg, 1 * D, bits, 1 / H, out, "store") +
    floorDiv(N, concatRate, "concat tiling") * E * vitcodXfer(cfg, D, bits, 1 / H, out, "weight load");
  const linearCompute = 3 * N * floorDiv(E * D, rate, "linear rate trunc(W·PH/H)") + floorDiv(N * E * D, concatRate, "concat rate");
  const encoder = 2 * N * floorDiv(H * D, encRate, "encoder rate trunc(W·PH/(H·r))");
  const ffnCompute = 2 * floorDiv(N * E * E * 4, PH * W, "FFN rate PH·W");
  const ffnPreload = floorDiv(N, PH * W, "FFN tiling") * (E * 4 * vitcodXfer(cfg, E, bits, 1, out, "weight load") + E * vitcodXfer(cfg, E * 4, bits, 1, out, "weight load"));
  const perLayer = { linearPreload, linearCompute, encoder, ffnCompute, ffnPreload };
  const L = layers;
  const tot = {
    linearPreload: L * linearPreload,
    linearCompute: L * linearCompute,
    encoder: L * encoder,
    ffnCompute: L * ffnCompute,
    ffnPreload: L * ffnPreload,
  };
  const total = Math.max(tot.linearCompute + tot.encoder, tot.linearPreload) + Math.max(tot.ffnCompute, tot.ffnPreload);
  return { ...tot, total, perLayer, layers };
}

/** Per-head workload of the corrected variant. */
export interface VitcodHeadWorkload {
  G: number;
  S: number;
}

/** Result of the corrected variant, per layer and in total. */
export interface VitcodCorrectedResult {
  variant: "corrected";
  preload: number;
  processing: number;
  computation: number;
  total: number;
  layers: { preload: number; processing: number; computation: number; heads: { G: number; S: number; sddmm: number; spmm: number }[] }[];
}

/**
 * Corrected variant (NOT the reference; labelled so everywhere): every head h with its own (G_h, S_h);
 * the PE array is W columns × PE_height rows, each head owning PE_height/H rows; a head splits its W
 * columns into dense/sparse engines as the reference does; SDDMM = max(G·⌈N/Wd⌉·⌈D/(PH/H)⌉, ⌈S/Ws⌉·⌈D/(PH/H)⌉),
 * SpMM = max(⌈N·D·G / ⌊Wd·PH/H⌋⌉, ⌈S·D / ⌊Ws·PH/H⌋⌉); heads run concurrently, so a layer's compute is its
 * slowest head; a head with G = 0 runs only the sparse engine (all W columns), one with S = 0 only the
 * dense engine. Transfers (r-compressed Q/K for dense and sparse phases, V, decoder weights) are streamed
 * per phase: ceil(total bits / bandwidth · clock) once per phase and layer.
 */
export function simulateVitcodCorrected(layers: readonly (readonly VitcodHeadWorkload[])[], cfg: VitcodConfig = VITCOD_DEFAULTS): VitcodCorrectedResult {
  validateVitcodConfig(cfg);
  const { heads: H, tokens: N, featureDim: D, ratio: r, peWidth: W, peHeight: PH, bits } = cfg;
  if (layers.length === 0) throw new UserError("ViTCoD corrected model: the workload has no layers");
  const rows = PH / H;
  if (rows < 1 / 64) throw new UserError(`ViTCoD corrected model: PE_height/H = ${rows} rows per head is too small`);
  const bytesPerSecondBits = cfg.bandwidthGBps * 1024 * 1024 * 1024 * 8;
  const stream = (bitsTotal: number): number => Math.ceil((bitsTotal / bytesPerSecondBits) * cfg.clockHz);
  let preload = 0;
  let processing = 0;
  let computation = 0;
  const outLayers: VitcodCorrectedResult["layers"] = [];
  layers.forEach((heads, li) => {
    if (heads.length !== H) throw new UserError(`ViTCoD corrected model: layer ${li} has ${heads.length} heads, expected ${H}`);
    let qkElems = 0;
    let vElems = 0;
    let decTokens = 0;
    let slowest = 0;
    const headOut: { G: number; S: number; sddmm: number; spmm: number }[] = [];
    heads.forEach(({ G, S }, h) => {
      if (!Number.isInteger(G) || G < 0 || G > N) throw new UserError(`ViTCoD corrected model: layer ${li} head ${h}: G must be in 0..${N}, got ${G}`);
      if (!Number.isInteger(S) || S < 0 || S > N * (N - G)) throw new UserError(`ViTCoD corrected model: layer ${li} head ${h}: S must be in 0..${N * (N - G)}, got ${S}`);
      const tokensLoaded = (G > 0 ? G + N : 0) + (N - G);
      qkElems += tokensLoaded * r * D;
      vElems += N * D;
      decTokens += tokensLoaded;
      const dr = G * N + S === 0 ? 0 : (G * N) / (S + G * N);
      const Wd = G === 0 ? 0 : S === 0 ? W : Math.max(1, Math.min(W - 1, Math.trunc(W * dr)));
      const Ws = W - Wd;
      const T = Math.ceil(D / rows);
      const sddmm = Math.max(G > 0 ? G * Math.ceil(N / Wd) * T : 0, S > 0 ? Math.ceil(S / Ws) * T : 0);
      const spmm = Math.max(G > 0 ? Math.ceil((N * D * G) / Math.max(1, Math.floor(Wd * rows))) : 0, S > 0 ? Math.ceil((S * D) / Math.max(1, Math.floor(Ws * rows))) : 0);
      slowest = Math.max(slowest, sddmm + spmm);
      headOut.push({ G, S, sddmm, spmm });
    });
    const lp = stream(qkElems * bits) + stream(vElems * bits) + stream(2 * H * r * bits);
    const lproc = Math.ceil((decTokens * r * D) / Math.max(1, Math.floor((W * PH) / H)));
    preload += lp;
    processing += lproc;
    computation += slowest;
    outLayers.push({ preload: lp, processing: lproc, computation: slowest, heads: headOut });
  });
  return { variant: "corrected", preload, processing, computation, total: Math.max(preload, processing + computation), layers: outLayers };
}

/**
 * Adapter: per-layer {G, S} of one head from masks `[layer][head]`, with the polarizer of `lib/masks`
 * (G = global columns with more than `threshold` kept entries, S = kept entries outside them).
 * @throws UserError when a mask's token count differs from `tokens` or the head does not exist.
 */
export function vitcodWorkloadFromMasks(masks: readonly (readonly SparseMask[])[], threshold = 50, head = 0, tokens?: number): VitcodLayerWorkload[] {
  return masks.map((layer, li) => {
    const m = layer[head];
    if (!m) throw new UserError(`ViTCoD workload: layer ${li} has no head ${head} (it has ${layer.length} heads)`);
    if (tokens !== undefined && m.n !== tokens) throw new UserError(`ViTCoD workload: layer ${li} head ${head} mask is ${m.n}×${m.n}, expected ${tokens}×${tokens} tokens`);
    const p = polarize(m, threshold);
    return { G: p.globalTokens, S: p.sparseNnz };
  });
}

/** Per-layer, per-head {G, S} for the corrected variant (every head). */
export function vitcodHeadWorkloadsFromMasks(masks: readonly (readonly SparseMask[])[], threshold = 50, tokens?: number): VitcodHeadWorkload[][] {
  return masks.map((layer, li) =>
    layer.map((m, h) => {
      if (tokens !== undefined && m.n !== tokens) throw new UserError(`ViTCoD workload: layer ${li} head ${h} mask is ${m.n}×${m.n}, expected ${tokens}×${tokens} tokens`);
      const p = polarize(m, threshold);
      return { G: p.globalTokens, S: p.sparseNnz };
    }),
  );
}
