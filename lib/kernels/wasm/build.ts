/**
 * How the WebAssembly kernel is built: one fixed AssemblyScript compiler invocation (the compiler is
 * an npm dependency and runs offline). `npm run build:wasm` writes lib/kernels/wasm/attention.wasm;
 * the build test recompiles into a temporary file and checks the committed binary is byte-identical.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "../../paths.ts";
import { WASM_KERNEL_PATH, WASM_KERNEL_SOURCE } from "../wasm-kernel.ts";

/** Compiler flags: -O3, no garbage-collected runtime (the module allocates nothing), SIMD on, no asserts. */
export const ASC_FLAGS: readonly string[] = ["-O3", "--runtime", "stub", "--enable", "simd", "--noAssert"];

/**
 * Compiles the kernel source to `outFile` (default: the committed binary's path) and returns the bytes.
 * Runs from the repository root with a relative source path so the output does not depend on where
 * the repository lives. Throws with the compiler's output when compilation fails.
 */
export function buildWasmKernel(outFile: string = WASM_KERNEL_PATH): Uint8Array {
  const asc = join(repoRoot, "node_modules", "assemblyscript", "bin", "asc.js");
  const args = [asc, relative(repoRoot, WASM_KERNEL_SOURCE), "--outFile", outFile, ...ASC_FLAGS];
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`asc failed (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return new Uint8Array(readFileSync(outFile));
}
