/**
 * `npm run build:wasm`: compiles lib/kernels/wasm/assembly/attention.ts (AssemblyScript) into the
 * committed lib/kernels/wasm/attention.wasm.
 */
import { relative } from "node:path";
import { repoRoot } from "../lib/paths.ts";
import { buildWasmKernel } from "../lib/kernels/wasm/build.ts";
import { WASM_KERNEL_PATH } from "../lib/kernels/wasm-kernel.ts";
import { createHash } from "node:crypto";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log("usage: npm run build:wasm\n\nCompiles the AssemblyScript attention kernel into lib/kernels/wasm/attention.wasm (commit the result).");
} else {
  const bytes = buildWasmKernel();
  const sha = createHash("sha256").update(bytes).digest("hex");
  console.log(`wrote ${relative(repoRoot, WASM_KERNEL_PATH)} (${bytes.length} bytes, sha256 ${sha})`);
}
