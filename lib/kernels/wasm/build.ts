/**
 * How the WebAssembly kernels are built: fixed AssemblyScript compiler invocations (the compiler is
 * an npm dependency and runs offline). One source, two binaries: `attention.wasm` (own memory) and
 * `attention-shared.wasm` (imports a shared memory, for the two-thread plan). `npm run build:wasm`
 * writes both; the build test recompiles into a temporary folder and checks the committed binaries
 * are byte-identical.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "../../paths.ts";
import { WASM_KERNEL_SOURCE } from "../wasm-kernel.ts";

/** Compiler flags: -O3, no garbage-collected runtime (the module allocates nothing), SIMD on, no asserts. */
export const ASC_FLAGS: readonly string[] = ["-O3", "--runtime", "stub", "--enable", "simd", "--noAssert"];

/** Most 64 KiB pages the shared-memory variant may grow to (256 MiB). */
export const SHARED_MAX_PAGES = 4096;

/** The committed binaries and their extra flags. */
export const WASM_VARIANTS: readonly { file: string; flags: readonly string[] }[] = [
  { file: "attention.wasm", flags: [] },
  {
    file: "attention-shared.wasm",
    flags: ["--enable", "threads", "--importMemory", "--sharedMemory", "--initialMemory", "1", "--maximumMemory", String(SHARED_MAX_PAGES)],
  },
];

/** Folder of the committed binaries. */
export const WASM_DIR: string = join(repoRoot, "lib", "kernels", "wasm");

/**
 * Compiles every variant into `outDir` (default: the committed binaries' folder) and returns the bytes
 * by file name. Runs from the repository root with a relative source path so the output does not
 * depend on where the repository lives. Throws with the compiler's output when compilation fails.
 */
export function buildWasmKernels(outDir: string = WASM_DIR): Map<string, Uint8Array> {
  const asc = join(repoRoot, "node_modules", "assemblyscript", "bin", "asc.js");
  const out = new Map<string, Uint8Array>();
  for (const v of WASM_VARIANTS) {
    const outFile = join(outDir, v.file);
    const args = [asc, relative(repoRoot, WASM_KERNEL_SOURCE), "--outFile", outFile, ...ASC_FLAGS, ...v.flags];
    const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`asc failed for ${v.file} (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
    out.set(v.file, new Uint8Array(readFileSync(outFile)));
  }
  return out;
}
