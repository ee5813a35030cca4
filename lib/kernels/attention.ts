/**
 * The kit's attention kernels behind one API: sparse (windowed or any CSR mask) and dense attention,
 * in WebAssembly SIMD or portable TypeScript, chosen automatically (WASM when the engine validates
 * the SIMD module, else TypeScript) or explicitly.
 */
import { UserError } from "../errors.ts";
import type { CsrPattern } from "./csr.ts";
import { denseAttentionRowsTs, sddmmTs, sparseAttentionTs } from "./sparse-ts.ts";
import { defaultScale, masksPerHead, validateFinite, validateShapes, type AttentionTensors } from "./tensors.ts";
import { wasmAttentionKernel, wasmSimdSupported } from "./wasm-kernel.ts";

/** Implementation of the kernels. */
export type KernelBackend = "wasm" | "ts";

/** Options of {@link sparseAttention} and {@link denseAttention}. */
export interface AttentionOptions {
  /** "auto" (default): WASM SIMD when supported, else TypeScript. */
  backend?: KernelBackend | "auto";
  /** Also return the attention probabilities (sparse: per head, aligned with colIdx; dense: n·n per head). */
  returnProbs?: boolean;
  /** Score scale; default 1/√d. */
  scale?: number;
  /**
   * Array of heads·n·d floats to write O into (reused across calls, it avoids allocating a large
   * typed array per call); by default a new array is returned.
   */
  out?: Float32Array;
}

/** Output of the kernels. */
export interface AttentionResult {
  /** O, layout [heads][n][d]. */
  out: Float32Array;
  /** Probabilities per head when requested. */
  probs?: Float32Array[];
  /** The implementation that ran. */
  backend: KernelBackend;
}

/** The backend "auto" resolves to in this engine. */
export function autoBackend(): KernelBackend {
  return wasmSimdSupported() ? "wasm" : "ts";
}

function resolveBackend(opts: AttentionOptions, d: number): KernelBackend {
  const b = opts.backend ?? "auto";
  if (b !== "auto" && b !== "wasm" && b !== "ts") {
    throw new UserError(`attention: unknown backend "${String(b)}" (expected "auto", "wasm" or "ts")`);
  }
  if (b === "auto") return d % 4 === 0 ? autoBackend() : "ts";
  return b;
}

function checkOut(opts: AttentionOptions, t: AttentionTensors): Float32Array | undefined {
  const o = opts.out;
  if (o === undefined) return undefined;
  const expected = t.heads * t.n * t.d;
  if (!(o instanceof Float32Array) || o.length !== expected) {
    throw new UserError(`attention: option out must be a Float32Array of heads·n·d = ${expected} floats`);
  }
  return o;
}

/**
 * `out` when the TypeScript kernels may write O straight into it, i.e. it shares no memory with Q, K
 * or V (they are read while O is written); otherwise undefined and the result is copied afterwards.
 */
function directOut(out: Float32Array | undefined, t: AttentionTensors): Float32Array | undefined {
  if (out === undefined) return undefined;
  const b = out.buffer;
  return b === t.q.buffer || b === t.k.buffer || b === t.v.buffer ? undefined : out;
}

function resolveScale(opts: AttentionOptions, d: number): number {
  const s = opts.scale ?? defaultScale(d);
  if (!Number.isFinite(s)) throw new UserError(`attention: scale must be a finite number, got ${s}`);
  return s;
}

/**
 * Sparse attention forward, batched over heads: S = Q·Kᵀ·scale at the mask's kept entries (SDDMM),
 * softmax over each row's kept entries only (masked keys get exactly zero probability), O = P·V (SpMM).
 * `mask` is one CSR pattern for all heads (e.g. a `SparseMask` from lib/masks) or one per head.
 * Throws {@link UserError} for bad shapes, malformed masks, empty rows, or NaN/Infinity inputs.
 */
export function sparseAttention(
  t: AttentionTensors,
  mask: CsrPattern | readonly CsrPattern[],
  opts: AttentionOptions = {},
): AttentionResult {
  validateShapes(t);
  const masks = masksPerHead(mask, t);
  const backend = resolveBackend(opts, t.d);
  const scale = resolveScale(opts, t.d);
  const withProbs = opts.returnProbs ?? false;
  const out = checkOut(opts, t);
  if (backend === "wasm") return { ...wasmAttentionKernel().run(t, masks, scale, withProbs, out), backend };
  validateFinite(t);
  const r = sparseAttentionTs(t, masks, scale, withProbs, directOut(out, t));
  if (out && r.out !== out) out.set(r.out);
  return { out: out ?? r.out, probs: r.probs, backend };
}

/**
 * Dense float32 attention (every query attends to every key), same API as {@link sparseAttention}:
 * the kit's dense baseline.
 */
export function denseAttention(t: AttentionTensors, opts: AttentionOptions = {}): AttentionResult {
  validateShapes(t);
  const backend = resolveBackend(opts, t.d);
  const scale = resolveScale(opts, t.d);
  const withProbs = opts.returnProbs ?? false;
  const out = checkOut(opts, t);
  if (backend === "wasm") return { ...wasmAttentionKernel().run(t, null, scale, withProbs, out), backend };
  if (withProbs) {
    throw new UserError('attention: returnProbs with dense attention needs backend "wasm" (or use referenceAttentionF64)');
  }
  validateFinite(t);
  const r = denseAttentionRowsTs(t, scale, directOut(out, t));
  if (out && r !== out) out.set(r);
  return { out: out ?? r, backend };
}

/**
 * SDDMM alone: S = Q·Kᵀ·scale at each head's kept entries, one Float32Array per head aligned with
 * that head's colIdx (used to check the kernels' score accuracy and to feed the fixed-point model).
 */
export function sddmm(
  t: AttentionTensors,
  mask: CsrPattern | readonly CsrPattern[],
  opts: Pick<AttentionOptions, "backend" | "scale"> = {},
): { scores: Float32Array[]; backend: KernelBackend } {
  validateShapes(t);
  const masks = masksPerHead(mask, t);
  const backend = resolveBackend(opts, t.d);
  const scale = resolveScale(opts, t.d);
  if (backend === "wasm") return { scores: wasmAttentionKernel().scores(t, masks, scale), backend };
  validateFinite(t);
  return { scores: sddmmTs(t, masks, scale), backend };
}
