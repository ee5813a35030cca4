import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildWasmKernel } from "../../lib/kernels/wasm/build.ts";
import { WASM_KERNEL_PATH } from "../../lib/kernels/wasm-kernel.ts";

describe("the committed WebAssembly kernel", () => {
  it("is byte-identical to a fresh build of its AssemblyScript source", () => {
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-wasm-"));
    try {
      const rebuilt = buildWasmKernel(join(dir, "attention.wasm"));
      const committed = new Uint8Array(readFileSync(WASM_KERNEL_PATH));
      expect(rebuilt.length).toBeGreaterThan(1000);
      expect(Buffer.from(rebuilt).equals(Buffer.from(committed)), "run `npm run build:wasm` and commit lib/kernels/wasm/attention.wasm").toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
