/**
 * `npm run build:wasm`: compiles lib/kernels/wasm/assembly/attention.ts (AssemblyScript) into the
 * committed lib/kernels/wasm/attention.wasm and attention-shared.wasm.
 */
import { createHash } from "node:crypto";
import { buildWasmKernels } from "../lib/kernels/wasm/build.ts";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log("usage: npm run build:wasm\n\nCompiles the AssemblyScript attention kernel into lib/kernels/wasm/attention.wasm and attention-shared.wasm (commit both).");
} else {
  for (const [file, bytes] of buildWasmKernels()) {
    const sha = createHash("sha256").update(bytes).digest("hex");
    console.log(`wrote lib/kernels/wasm/${file} (${bytes.length} bytes, sha256 ${sha})`);
  }
}
