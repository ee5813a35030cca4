import { describe, expect, it } from "vitest";
import { denseAttention } from "../../lib/kernels/attention.ts";
import { createAttentionPlan, layoutPlan } from "../../lib/kernels/plan.ts";
import { align16, checkWasmMemory, WASM_MAX_BYTES, wasmSimdSupported } from "../../lib/kernels/wasm-kernel.ts";

describe("WASM kernel size arithmetic", () => {
  it("align16 is exact above 2 GiB (no 32-bit wrap)", () => {
    expect(align16(0)).toBe(0);
    expect(align16(1)).toBe(16);
    expect(align16(16)).toBe(16);
    expect(align16(2 ** 31 + 1)).toBe(2 ** 31 + 16);
    // denseAttention at N = 49,953 with probabilities: 49,953² floats × 4 bytes ≈ 9.98 GB, which the old
    // (x + 15) & ~15 turned into ~1.39 GB.
    const probs = 49_953 * 49_953 * 4;
    expect(align16(probs)).toBeGreaterThanOrEqual(probs);
    expect(align16(probs) - probs).toBeLessThan(16);
  });

  it("a request the kernel cannot hold is a one-line error saying the limit", () => {
    expect(() => checkWasmMemory(WASM_MAX_BYTES)).not.toThrow();
    expect(() => checkWasmMemory(align16(49_953 * 49_953 * 4))).toThrowError(/^attention: the WASM kernel would need 9\.30 GiB of linear memory; it can hold at most 2 GiB \(use backend "ts"/);
  });
});

describe("WASM kernel: sizes planned before memory grows", () => {
  const N = 49_953;
  // q, k, v, o (1 head, d = 4), the identity key list, the scratch rows and N² float32 probabilities.
  const expected = 4 * align16(N * 4 * 4) + align16(N * 4) + align16(2 * (N + 4) * 4) + align16(N * N * 4);

  it("the layout planner computes a > 4 GiB plan exactly (no 32-bit wrap)", () => {
    const plan = layoutPlan({ heads: 1, n: N, d: 4 }, null, true, 1, 0);
    expect(plan.bytes).toBe(expected);
    expect(plan.bytes).toBeGreaterThan(2 ** 33); // ~9.3 GiB, not the ~1.39 GiB a 32-bit mask gives
    expect(plan.probsP[0]! + N * N * 4).toBeLessThanOrEqual(plan.bytes);
    expect(() => checkWasmMemory(plan.bytes)).toThrowError(/would need 9\.30 GiB of linear memory; it can hold at most 2 GiB/);
  });

  it.skipIf(!wasmSimdSupported())("denseAttention and an attention plan at N = 49,953 with probabilities: the clear error, at once", () => {
    const len = N * 4;
    const t = { heads: 1, n: N, d: 4, q: new Float32Array(len), k: new Float32Array(len), v: new Float32Array(len) };
    const started = Date.now();
    expect(() => denseAttention(t, { backend: "wasm", returnProbs: true })).toThrowError(/^attention: the WASM kernel would need 9\.30 GiB of linear memory; it can hold at most 2 GiB/);
    expect(() => createAttentionPlan({ heads: 1, n: N, d: 4 }, null, { returnProbs: true })).toThrowError(/would need 9\.30 GiB of linear memory/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
