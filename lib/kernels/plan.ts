/**
 * Zero-copy attention plans: a WASM kernel instance with its own linear memory laid out once for a
 * fixed shape and mask (a ViT layer's windowed pattern is fixed), exposing Q, K, V and O as views
 * into that memory. Fill `q`, `k`, `v` in place and call `run()`; nothing is allocated or copied per
 * call. Each plan owns its memory, so its views stay valid for the plan's lifetime.
 */
import { UserError } from "../cli/errors.ts";
import { csrMaxRowLength, type CsrPattern } from "./csr.ts";
import { defaultScale, masksPerHead, nonFiniteError, validateShapes, type AttentionTensors } from "./tensors.ts";
import { align16, instantiateWasmKernel, type KernelExports } from "./wasm-kernel.ts";

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
  let off = align16(ex.heapBase());
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
  const scratchP = take(2 * (maxRow + 4)); // scores, then key offsets
  const probsP = opts.returnProbs ? Array.from({ length: heads }, (_, h) => take(masks ? masks[h]!.colIdx.length : n * n)) : [];
  const grow = off - ex.memory.buffer.byteLength;
  if (grow > 0) ex.memory.grow(Math.ceil(grow / 65536));
  const buf = ex.memory.buffer;
  const i32 = new Int32Array(buf);
  for (const r of maskP) {
    i32.set(r.m.rowPtr, r.rowPtr >> 2);
    i32.set(r.m.colIdx, r.colIdx >> 2);
  }
  for (let j = 0; j < (masks ? 0 : n); j++) i32[(iotaP >> 2) + j] = j;
  const view = (p: number, count: number) => new Float32Array(buf, p, count);
  const q = view(qP, len), k = view(kP, len), v = view(vP, len), out = view(oP, len);
  const probs = opts.returnProbs ? probsP.map((p, h) => view(p, masks ? masks[h]!.colIdx.length : n * n)) : undefined;
  const headRegions = Array.from({ length: heads }, (_, h) => {
    const r = masks ? maskP[distinct.indexOf(masks[h]!)]! : undefined;
    return { rowPtr: r ? r.rowPtr : 0, colIdx: r ? r.colIdx : iotaP, probs: opts.returnProbs ? probsP[h]! : 0 };
  });
  const headBytes = n * d * 4;
  const tensors: AttentionTensors = { heads, n, d, q, k, v };
  return {
    heads, n, d, q, k, v, out, probs,
    run() {
      for (const [name, p] of [["q", qP], ["k", kP], ["v", vP]] as const) {
        const bad = ex.firstNonFinite(p, len);
        if (bad >= 0) throw nonFiniteError(tensors, name, bad);
      }
      let bad = 0;
      for (let h = 0; h < heads; h++) {
        const r = headRegions[h]!;
        bad += ex.attentionRows(
          qP + h * headBytes, kP + h * headBytes, vP + h * headBytes, oP + h * headBytes,
          n, d, r.rowPtr, r.colIdx, scale, scratchP, maxRow, r.probs, 0, n,
        );
      }
      if (bad > 0) throw new UserError(`attention plan: ${bad} row(s) of scores overflowed float32 (|q·k|·scale too large)`);
      return out;
    },
  };
}
