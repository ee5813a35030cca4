import { describe, expect, it } from "vitest";
import { align16, checkWasmMemory, WASM_MAX_BYTES } from "../../lib/kernels/wasm-kernel.ts";

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
