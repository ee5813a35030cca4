/**
 * Loader and memory manager of the WebAssembly SIMD attention kernel (wasm/attention.wasm, built from
 * wasm/assembly/attention.ts by `npm run build:wasm`). One instance per process; its linear memory
 * grows to the largest problem seen and is reused, so a call copies Q, K, V and the masks in, runs,
 * and copies O (and optionally the probabilities) out without allocating inside the hot loop.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../paths.ts";
import { UserError } from "../errors.ts";
import { csrMaxRowLength, type CsrPattern } from "./csr.ts";
import { nonFiniteError, type AttentionTensors } from "./tensors.ts";

/** Path of the committed kernel binary. */
export const WASM_KERNEL_PATH: string = join(repoRoot, "lib", "kernels", "wasm", "attention.wasm");
/** Path of its AssemblyScript source. */
export const WASM_KERNEL_SOURCE: string = join(repoRoot, "lib", "kernels", "wasm", "assembly", "attention.ts");

/** Exports of the compiled kernel module. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  attentionRows(
    q: number, k: number, v: number, out: number, n: number, d: number,
    rowPtr: number, colIdx: number, scale: number, scratch: number, maxRow: number, probs: number,
    rowBegin: number, rowEnd: number,
  ): number;
  sddmmRows(q: number, k: number, n: number, d: number, rowPtr: number, colIdx: number, scale: number, out: number, offs: number): void;
  firstNonFinite(ptr: number, len: number): number;
  expScalar(x: number): number;
  heapBase(): number;
}

let bytesCache: ArrayBuffer | undefined;
let supportCache: boolean | undefined;
let kernelCache: WasmAttentionKernel | undefined;
let moduleCache: WebAssembly.Module | undefined;

/** The compiled kernel module (compiled once per process); throws when WebAssembly SIMD is unsupported. */
export function wasmKernelModule(): WebAssembly.Module {
  if (!wasmSimdSupported()) {
    throw new UserError("attention: backend \"wasm\" requested, but this engine does not support WebAssembly SIMD; use backend \"ts\"");
  }
  moduleCache ??= new WebAssembly.Module(wasmKernelBytes());
  return moduleCache;
}

/** A fresh instance of the kernel with its own linear memory. */
export function instantiateWasmKernel(): KernelExports {
  return new WebAssembly.Instance(wasmKernelModule(), {}).exports as unknown as KernelExports;
}

/** The committed kernel binary. */
export function wasmKernelBytes(): ArrayBuffer {
  if (bytesCache === undefined) {
    const b = readFileSync(WASM_KERNEL_PATH);
    bytesCache = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
  return bytesCache;
}

/** Whether this JavaScript engine validates the kernel (i.e. supports WebAssembly with SIMD). */
export function wasmSimdSupported(): boolean {
  if (supportCache === undefined) {
    try {
      supportCache = typeof WebAssembly === "object" && WebAssembly.validate(wasmKernelBytes());
    } catch {
      supportCache = false;
    }
  }
  return supportCache;
}

/**
 * Rounds a byte count up to a multiple of 16 in plain arithmetic (exact for any safe integer; 32-bit
 * bit operations would wrap above 2 GiB).
 */
export const align16 = (x: number): number => Math.ceil(x / 16) * 16;

/**
 * The most linear memory the kernel addresses: byte offsets are turned into typed-array indices with
 * signed 32-bit shifts, so everything must lie below 2 GiB.
 */
export const WASM_MAX_BYTES = 2 ** 31;

/** Throws a one-line UserError when `need` bytes of linear memory cannot be held. */
export function checkWasmMemory(need: number): void {
  if (!Number.isSafeInteger(need) || need > WASM_MAX_BYTES) {
    const gib = (need / 2 ** 30).toFixed(2);
    throw new UserError(`attention: the WASM kernel would need ${gib} GiB of linear memory; it can hold at most ${WASM_MAX_BYTES / 2 ** 30} GiB (use backend "ts", or fewer tokens or heads)`);
  }
}

/** The process-wide WASM kernel instance (instantiated on first use). */
export function wasmAttentionKernel(): WasmAttentionKernel {
  kernelCache ??= new WasmAttentionKernel();
  return kernelCache;
}

/** A region of linear memory (byte offset, float/int count). */
interface Region {
  ptr: number;
  len: number;
}

/** An instantiated kernel with its reusable linear memory. */
export class WasmAttentionKernel {
  private readonly exports: KernelExports;
  private readonly base: number;

  /** Instantiates the module (synchronously; Node allows any module size). */
  constructor() {
    this.exports = instantiateWasmKernel();
    this.base = align16(this.exports.heapBase());
  }

  /** exp(x) as the kernel computes it (float32, vectorised polynomial); exposed for accuracy tests. */
  exp(x: number): number {
    return this.exports.expScalar(x);
  }

  private ensure(bytes: number): void {
    const mem = this.exports.memory;
    const need = this.base + bytes;
    checkWasmMemory(need);
    if (need > mem.buffer.byteLength) {
      try {
        mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
      } catch (err) {
        throw new UserError(`attention: the WASM kernel could not grow its memory to ${(need / 2 ** 30).toFixed(2)} GiB (${(err as Error).message}); use backend "ts" or fewer tokens`);
      }
    }
  }

  /**
   * SDDMM alone: the scaled scores at each head's kept entries (aligned with that head's colIdx).
   * Inputs are validated by the caller except finiteness, checked here.
   */
  scores(t: AttentionTensors, masks: readonly CsrPattern[], scale: number): Float32Array[] {
    const { heads, n, d } = t;
    if (d % 4 !== 0) throw new UserError(`attention: the WASM kernel needs d to be a multiple of 4, got d = ${d}; use backend "ts"`);
    const tensorLen = heads * n * d;
    let off = 0;
    const take = (len: number): number => {
      const p = this.base + off;
      off += align16(len * 4);
      return p;
    };
    const qP = take(tensorLen), kP = take(tensorLen);
    const regions = masks.map((m) => ({ rowPtr: take(n + 1), colIdx: take(m.colIdx.length), out: take(m.colIdx.length) }));
    const offsP = take(Math.max(...masks.map(csrMaxRowLength)));
    this.ensure(off);
    const f32 = new Float32Array(this.exports.memory.buffer);
    const i32 = new Int32Array(this.exports.memory.buffer);
    f32.set(t.q, qP >> 2);
    f32.set(t.k, kP >> 2);
    for (const [name, p] of [["q", qP], ["k", kP]] as const) {
      const bad = this.exports.firstNonFinite(p, tensorLen);
      if (bad >= 0) throw nonFiniteError(t, name, bad);
    }
    const headBytes = n * d * 4;
    return masks.map((m, h) => {
      const r = regions[h]!;
      i32.set(m.rowPtr, r.rowPtr >> 2);
      i32.set(m.colIdx, r.colIdx >> 2);
      this.exports.sddmmRows(qP + h * headBytes, kP + h * headBytes, n, d, r.rowPtr, r.colIdx, scale, r.out, offsP);
      const out = new Float32Array(m.colIdx.length);
      out.set(f32.subarray(r.out >> 2, (r.out >> 2) + m.colIdx.length));
      return out;
    });
  }

  /**
   * Attention of all heads. `masks` has one pattern per head (validated by the caller); `null` means
   * dense. Throws {@link UserError} on non-finite inputs or scores that overflow float32.
   */
  run(
    t: AttentionTensors,
    masks: readonly CsrPattern[] | null,
    scale: number,
    withProbs: boolean,
    outBuffer?: Float32Array,
  ): { out: Float32Array; probs?: Float32Array[] } {
    const { heads, n, d } = t;
    if (d % 4 !== 0) throw new UserError(`attention: the WASM kernel needs d to be a multiple of 4, got d = ${d}; use backend "ts"`);
    const tensorLen = heads * n * d;
    // Distinct patterns (a mask shared by all heads is copied once).
    const distinct: CsrPattern[] = [];
    const which: number[] = [];
    if (masks) {
      for (const m of masks) {
        let idx = distinct.indexOf(m);
        if (idx < 0) idx = distinct.push(m) - 1;
        which.push(idx);
      }
    }
    let off = 0;
    const take = (len: number): Region => {
      const r = { ptr: this.base + off, len };
      off += align16(len * 4);
      return r;
    };
    const qR = take(tensorLen), kR = take(tensorLen), vR = take(tensorLen), oR = take(tensorLen);
    const maskR = distinct.map((m) => ({ rowPtr: take(n + 1), colIdx: take(m.colIdx.length) }));
    const iotaR = masks ? undefined : take(n);
    let maxRow = masks ? 0 : n;
    for (const m of distinct) for (let i = 0; i < n; i++) maxRow = Math.max(maxRow, m.rowPtr[i + 1]! - m.rowPtr[i]!);
    const scratchR = take(2 * (maxRow + 4)); // scores, then key offsets
    const probsR = withProbs
      ? (masks ? masks.map((m) => take(m.colIdx.length)) : Array.from({ length: heads }, () => take(n * n)))
      : [];
    this.ensure(off);
    const buf = this.exports.memory.buffer;
    const f32 = new Float32Array(buf);
    const i32 = new Int32Array(buf);
    f32.set(t.q, qR.ptr >> 2);
    f32.set(t.k, kR.ptr >> 2);
    f32.set(t.v, vR.ptr >> 2);
    for (const [name, r] of [["q", qR], ["k", kR], ["v", vR]] as const) {
      const bad = this.exports.firstNonFinite(r.ptr, tensorLen);
      if (bad >= 0) throw nonFiniteError(t, name, bad);
    }
    distinct.forEach((m, idx) => {
      i32.set(m.rowPtr, maskR[idx]!.rowPtr.ptr >> 2);
      i32.set(m.colIdx, maskR[idx]!.colIdx.ptr >> 2);
    });
    if (iotaR) for (let j = 0; j < n; j++) i32[(iotaR.ptr >> 2) + j] = j;
    const headBytes = n * d * 4;
    let bad = 0;
    for (let h = 0; h < heads; h++) {
      const mr = masks ? maskR[which[h]!]! : undefined;
      bad += this.exports.attentionRows(
        qR.ptr + h * headBytes, kR.ptr + h * headBytes, vR.ptr + h * headBytes, oR.ptr + h * headBytes,
        n, d, mr ? mr.rowPtr.ptr : 0, mr ? mr.colIdx.ptr : iotaR!.ptr, scale, scratchR.ptr, maxRow,
        withProbs ? probsR[h]!.ptr : 0, 0, n,
      );
    }
    if (bad > 0) {
      throw new UserError(
        `attention: ${bad} row(s) of scores overflowed float32 (|q·k|·scale too large); rescale Q/K or use backend "ts" (float64 accumulation)`,
      );
    }
    // Copy out with set() into a caller-supplied or fresh array (slice() of a view on wasm memory is slow).
    const out = outBuffer ?? new Float32Array(tensorLen);
    out.set(f32.subarray(oR.ptr >> 2, (oR.ptr >> 2) + tensorLen));
    const probs = withProbs
      ? probsR.map((r) => {
          const p = new Float32Array(r.len);
          p.set(f32.subarray(r.ptr >> 2, (r.ptr >> 2) + r.len));
          return p;
        })
      : undefined;
    return { out, probs };
  }
}
