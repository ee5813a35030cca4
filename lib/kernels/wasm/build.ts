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
 * The compiler's command lines for every variant (relative source path, output into `outDir`), in the order
 * of {@link WASM_VARIANTS}.
 */
function ascCommandLines(outDir: string): string[][] {
  return WASM_VARIANTS.map((v) => [relative(repoRoot, WASM_KERNEL_SOURCE), "--outFile", join(outDir, v.file), ...ASC_FLAGS, ...v.flags]);
}

/**
 * The program that runs the compiler once per command line (a JSON array of argument arrays, its first
 * argument) through the compiler's own API, one after another, and exits 1 at the first that fails. One
 * process for all variants: the compiler's start (binaryen included) costs about 1.8 CPU-s, and its
 * `bin/asc.js` starts a second Node process of its own to turn source maps on.
 */
const ASC_BATCH = `
const { main } = await import("assemblyscript/asc");
for (const argv of JSON.parse(process.argv[1])) {
  const { error } = await main(argv, { stdout: process.stdout, stderr: process.stderr });
  if (error) { process.stderr.write(String(error) + "\\n"); process.exit(1); }
}
`;

/**
 * Compiles every variant into `outDir` (default: the committed binaries' folder) and returns the bytes
 * by file name. Runs from the repository root with a relative source path so the output does not
 * depend on where the repository lives. Throws with the compiler's output when compilation fails.
 */
export function buildWasmKernels(outDir: string = WASM_DIR): Map<string, Uint8Array> {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", ASC_BATCH, JSON.stringify(ascCommandLines(outDir))], { cwd: repoRoot, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`asc failed (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return new Map(WASM_VARIANTS.map((v) => [v.file, new Uint8Array(readFileSync(join(outDir, v.file)))]));
}
