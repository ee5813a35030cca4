/**
 * Zero-copy attention plans: a WASM kernel instance with its own linear memory laid out once for a
 * fixed shape and mask (a ViT layer's windowed pattern is fixed), exposing Q, K, V and O as views
 * into that memory. Fill `q`, `k`, `v` in place and call `run()`; nothing is allocated or copied per
 * call. Each plan owns its memory, so its views stay valid for the plan's lifetime.
 */
import { UserError } from "../errors.ts";
import { csrMaxRowLength, type CsrPattern } from "./csr.ts";
import { defaultScale, masksPerHead, nonFiniteError, validateShapes, type AttentionTensors } from "./tensors.ts";
import { align16, checkWasmMemory, instantiateWasmKernel, type KernelExports } from "./wasm-kernel.ts";

/** Shape of a plan. */
export interface PlanShape {
  heads: number;
  n: number;
  /** Head dimension, a multiple of 4. */
  d: number;
}

/** Options of {@link createAttentionPlan}. */
export interface PlanOptions {
  /** Score scale; default 1/√d. */
  scale?: number;
  /** Keep the probabilities of the last run in `probs` (one array per head, aligned with colIdx). */
  returnProbs?: boolean;
}

/** A prepared attention computation over WASM memory. */
export interface AttentionPlan extends PlanShape {
  /** Inputs [heads][n][d], views into the plan's memory: write them in place. */
  readonly q: Float32Array;
  readonly k: Float32Array;
  readonly v: Float32Array;
  /** Output [heads][n][d], a view overwritten by each run. */
  readonly out: Float32Array;
  /** Probabilities of the last run (when requested), views. */
  readonly probs?: Float32Array[];
  /** Runs the forward pass; throws {@link UserError} on NaN/Infinity inputs or float32 score overflow. */
  run(): Float32Array;
}

/**
 * Creates a plan for sparse attention with `mask` (one pattern, or one per head) or, with
 * `mask = null`, dense attention. Validates the shape and the masks once.
 */
export function createAttentionPlan(
  shape: PlanShape,
  mask: CsrPattern | readonly CsrPattern[] | null,
  opts: PlanOptions = {},
): AttentionPlan {
  const { heads, n, d } = shape;
  const len = heads * n * d;
  const probe: AttentionTensors = { heads, n, d, q: new Float32Array(len), k: new Float32Array(len), v: new Float32Array(len) };
  validateShapes(probe);
  if (d % 4 !== 0) throw new UserError(`attention plan: the WASM kernel needs d to be a multiple of 4, got d = ${d}`);
  const scale = opts.scale ?? defaultScale(d);
  if (!Number.isFinite(scale)) throw new UserError(`attention plan: scale must be a finite number, got ${scale}`);
  const masks = mask === null ? null : masksPerHead(mask, probe);
  const ex: KernelExports = instantiateWasmKernel();
  const layout = layoutPlan(shape, masks, opts.returnProbs ?? false, 1, ex.heapBase());
  checkWasmMemory(layout.bytes);
  const grow = layout.bytes - ex.memory.buffer.byteLength;
  if (grow > 0) ex.memory.grow(Math.ceil(grow / 65536));
  const views = writePlan(ex.memory.buffer, layout, shape, masks);
  const { q, k, v, out, probs } = views;
  const tensors: AttentionTensors = { heads, n, d, q, k, v };
  const calls = rowCalls(layout, shape, scale, 0, n, 0);
  return {
    heads, n, d, q, k, v, out, probs,
    run() {
      checkFinite(ex, layout, tensors);
      let bad = 0;
      for (const c of calls) bad += ex.attentionRows(...c);
      if (bad > 0) throw new UserError(`attention plan: ${bad} row(s) of scores overflowed float32 (|q·k|·scale too large)`);
      return out;
    },
  };
}

/** Byte offsets of a plan's regions in linear memory. */
export interface PlanLayout {
  qP: number;
  kP: number;
  vP: number;
  oP: number;
  masks: { m: CsrPattern; rowPtr: number; colIdx: number }[];
  /** Per head: rowPtr (0 = dense), colIdx (or the identity list), probs (0 = none). */
  heads: { rowPtr: number; colIdx: number; probs: number }[];
  iotaP: number;
  maxRow: number;
  /** One scratch region per thread (scores, then key offsets). */
  scratch: number[];
  probsP: number[];
  /** End of the used memory. */
  bytes: number;
}

/**
 * Lays out a plan's regions from `base` (16-byte aligned), with `threads` scratch regions. Pure arithmetic
 * on plain numbers (exact far above 4 GiB), so the size of a plan can be known, and refused with
 * {@link checkWasmMemory}, before any memory is grown.
 */
export function layoutPlan(shape: PlanShape, masks: readonly CsrPattern[] | null, withProbs: boolean, threads: number, base: number): PlanLayout {
  const { heads, n, d } = shape;
  const len = heads * n * d;
  let off = align16(base);
  const take = (count: number): number => {
    const p = off;
    off += align16(count * 4);
    return p;
  };
  const qP = take(len), kP = take(len), vP = take(len), oP = take(len);
  const distinct: CsrPattern[] = masks ? [...new Set(masks)] : [];
  const maskP = distinct.map((m) => ({ m, rowPtr: take(n + 1), colIdx: take(m.colIdx.length) }));
  const iotaP = masks ? 0 : take(n);
  const maxRow = masks ? Math.max(...distinct.map(csrMaxRowLength)) : n;
  const scratch = Array.from({ length: threads }, () => take(2 * (maxRow + 4)));
  const probsP = withProbs ? Array.from({ length: heads }, (_, h) => take(masks ? masks[h]!.colIdx.length : n * n)) : [];
  const headRegions = Array.from({ length: heads }, (_, h) => {
    const r = masks ? maskP[distinct.indexOf(masks[h]!)]! : undefined;
    return { rowPtr: r ? r.rowPtr : 0, colIdx: r ? r.colIdx : iotaP, probs: withProbs ? probsP[h]! : 0 };
  });
  return { qP, kP, vP, oP, masks: maskP, heads: headRegions, iotaP, maxRow, scratch, probsP, bytes: off };
}

/** Writes the masks (or the identity list) into memory and returns the tensor views. */
export function writePlan(
  buf: ArrayBufferLike,
  layout: PlanLayout,
  shape: PlanShape,
  masks: readonly CsrPattern[] | null,
): { q: Float32Array; k: Float32Array; v: Float32Array; out: Float32Array; probs?: Float32Array[] } {
  const { heads, n, d } = shape;
  const len = heads * n * d;
  const i32 = new Int32Array(buf);
  for (const r of layout.masks) {
    i32.set(r.m.rowPtr, r.rowPtr >> 2);
    i32.set(r.m.colIdx, r.colIdx >> 2);
  }
  if (!masks) for (let j = 0; j < n; j++) i32[(layout.iotaP >> 2) + j] = j;
  const view = (p: number, count: number) => new Float32Array(buf, p, count);
  return {
    q: view(layout.qP, len), k: view(layout.kP, len), v: view(layout.vP, len), out: view(layout.oP, len),
    probs: layout.probsP.length ? layout.probsP.map((p, h) => view(p, masks ? masks[h]!.colIdx.length : n * n)) : undefined,
  };
}

/** Arguments of `attentionRows` for every head over rows [rowBegin, rowEnd), using scratch region `thread`. */
export function rowCalls(layout: PlanLayout, shape: PlanShape, scale: number, rowBegin: number, rowEnd: number, thread: number): AttentionRowsArgs[] {
  const { n, d } = shape;
  const headBytes = n * d * 4;
  return layout.heads.map((r, h): AttentionRowsArgs => [
    layout.qP + h * headBytes, layout.kP + h * headBytes, layout.vP + h * headBytes, layout.oP + h * headBytes,
    n, d, r.rowPtr, r.colIdx, scale, layout.scratch[thread]!, layout.maxRow, r.probs, rowBegin, rowEnd,
  ]);
}

/** Argument tuple of the kernel's `attentionRows` export. */
export type AttentionRowsArgs = Parameters<KernelExports["attentionRows"]>;

/** Throws the input error for the first NaN/Infinity of Q, K or V in a plan's memory. */
export function checkFinite(ex: Pick<KernelExports, "firstNonFinite">, layout: PlanLayout, t: AttentionTensors): void {
  const len = t.heads * t.n * t.d;
  for (const [name, p] of [["q", layout.qP], ["k", layout.kP], ["v", layout.vP]] as const) {
    const bad = ex.firstNonFinite(p, len);
    if (bad >= 0) throw nonFiniteError(t, name, bad);
  }
}
