/**
 * Two-thread attention plans: the query rows are split between the calling thread and one worker
 * thread (rows, not heads, so any head count balances), both running the shared-memory build of the
 * WASM kernel on one `WebAssembly.Memory({ shared: true })`. Jobs are handed over with Atomics on a
 * small shared control block, so a run costs no message passing. Same views and errors as
 * {@link createAttentionPlan}; call `release()` to stop the worker.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { UserError } from "../errors.ts";
import type { CsrPattern } from "./csr.ts";
import {
  checkFinite, layoutPlan, rowCalls, writePlan, type AttentionPlan, type PlanOptions, type PlanShape,
} from "./plan.ts";
import { defaultScale, masksPerHead, validateShapes, type AttentionTensors } from "./tensors.ts";
import { SHARED_MAX_PAGES, WASM_DIR } from "./wasm/build.ts";
import { checkWasmMemory, type KernelExports } from "./wasm-kernel.ts";

/** A plan whose runs use two threads. */
export interface ParallelAttentionPlan extends AttentionPlan {
  readonly threads: number;
  /** Stops the worker thread; the plan cannot run afterwards. */
  release(): Promise<void>;
}

let sharedModule: WebAssembly.Module | undefined;

/** The shared-memory kernel module (compiled once). */
export function sharedKernelModule(): WebAssembly.Module {
  sharedModule ??= new WebAssembly.Module(readFileSync(join(WASM_DIR, "attention-shared.wasm")));
  return sharedModule;
}

/** Row where the first half of the kept entries (of the first head's pattern) ends. */
export function balancedSplit(masks: readonly CsrPattern[] | null, n: number): number {
  if (!masks) return Math.floor(n / 2);
  const { rowPtr } = masks[0]!;
  const half = rowPtr[n]! / 2;
  let i = 0;
  while (i < n && rowPtr[i + 1]! <= half) i++;
  return Math.max(1, Math.min(n - 1, i));
}

/**
 * Creates a two-thread plan (sparse with `mask`, dense with `mask = null`). Requires n ≥ 2.
 */
export async function createParallelAttentionPlan(
  shape: PlanShape,
  mask: CsrPattern | readonly CsrPattern[] | null,
  opts: PlanOptions = {},
): Promise<ParallelAttentionPlan> {
  const { heads, n, d } = shape;
  const len = heads * n * d;
  const probe: AttentionTensors = { heads, n, d, q: new Float32Array(len), k: new Float32Array(len), v: new Float32Array(len) };
  validateShapes(probe);
  if (d % 4 !== 0) throw new UserError(`attention plan: the WASM kernel needs d to be a multiple of 4, got d = ${d}`);
  if (n < 2) throw new UserError(`attention plan: two threads need at least 2 tokens, got n = ${n}`);
  const scale = opts.scale ?? defaultScale(d);
  if (!Number.isFinite(scale)) throw new UserError(`attention plan: scale must be a finite number, got ${scale}`);
  const masks = mask === null ? null : masksPerHead(mask, probe);
  const module = sharedKernelModule();
  const memory = new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
  const ex = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const layout = layoutPlan(shape, masks, opts.returnProbs ?? false, 2, ex.heapBase());
  checkWasmMemory(layout.bytes);
  const pages = Math.ceil(layout.bytes / 65536);
  if (pages > SHARED_MAX_PAGES) throw new UserError(`attention plan: needs ${pages} pages of memory, more than the shared kernel's ${SHARED_MAX_PAGES}`);
  if (pages > 1) memory.grow(pages - 1);
  const views = writePlan(memory.buffer, layout, shape, masks);
  const split = balancedSplit(masks, n);
  const mainCalls = rowCalls(layout, shape, scale, 0, split, 0);
  const workerCalls = rowCalls(layout, shape, scale, split, n, 1);
  const control = new SharedArrayBuffer(16);
  const ctl = new Int32Array(control);
  const worker = new Worker(new URL("./parallel-worker.mjs", import.meta.url), {
    workerData: { module, memory, control, calls: workerCalls },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  worker.unref();
  let seq = 0;
  let released = false;
  const tensors: AttentionTensors = { heads, n, d, q: views.q, k: views.k, v: views.v };
  return {
    heads, n, d, threads: 2, ...views,
    run() {
      if (released) throw new UserError("attention plan: run() after release()");
      checkFinite(ex, layout, tensors);
      seq++;
      Atomics.store(ctl, 0, seq);
      Atomics.notify(ctl, 0);
      let bad = 0;
      for (const c of mainCalls) bad += ex.attentionRows(...c);
      while (Atomics.load(ctl, 1) !== seq) Atomics.wait(ctl, 1, seq - 1);
      bad += Atomics.load(ctl, 2);
      if (bad > 0) throw new UserError(`attention plan: ${bad} row(s) of scores overflowed float32 (|q·k|·scale too large)`);
      return views.out;
    },
    async release() {
      if (released) return;
      released = true;
      Atomics.store(ctl, 0, -1);
      Atomics.notify(ctl, 0);
      await worker.terminate();
    },
  };
}
