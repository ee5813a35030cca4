import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildWasmKernels, WASM_DIR, WASM_VARIANTS } from "../../lib/kernels/wasm/build.ts";

describe("the committed WebAssembly kernels", () => {
  it("are byte-identical to a fresh build of their AssemblyScript source", () => {
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-wasm-"));
    try {
      const rebuilt = buildWasmKernels(dir);
      expect([...rebuilt.keys()]).toEqual(WASM_VARIANTS.map((v) => v.file));
      for (const [file, bytes] of rebuilt) {
        const committed = new Uint8Array(readFileSync(join(WASM_DIR, file)));
        expect(bytes.length).toBeGreaterThan(1000);
        expect(Buffer.from(bytes).equals(Buffer.from(committed)), `${file}: run \`npm run build:wasm\` and commit lib/kernels/wasm/*.wasm`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
