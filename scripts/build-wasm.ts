/**
 * `npm run build:wasm`: compiles lib/kernels/wasm/assembly/attention.ts (AssemblyScript) into the
 * committed lib/kernels/wasm/attention.wasm and attention-shared.wasm.
 */
import { join } from "node:path";
import { runWriterScript } from "../lib/cli/script.ts";
import { buildWasmKernels, WASM_DIR } from "../lib/kernels/wasm/build.ts";

await runWriterScript(
  {
    path: "build:wasm",
    usage: "npm run build:wasm [-- --json]",
    description: "Compiles the AssemblyScript attention kernel into lib/kernels/wasm/attention.wasm and attention-shared.wasm (commit both).",
  },
  () => [...buildWasmKernels().keys()].map((file) => join(WASM_DIR, file)),
  import.meta.url,
);
