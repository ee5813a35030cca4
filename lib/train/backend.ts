/**
 * Selects TensorFlow.js's WebAssembly backend (single thread, SIMD) for training and inference in Node.
 * The .wasm binaries are loaded from the installed package, so nothing is fetched over the network.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { setThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

let ready: Promise<void> | null = null;

/**
 * Makes `wasm` the active tfjs backend (idempotent). Uses one thread, so one process uses one core.
 * Returns once the backend is initialised.
 */
export function useWasmBackend(): Promise<void> {
  if (ready === null) {
    ready = (async () => {
      const require = createRequire(import.meta.url);
      const pkgDir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
      setWasmPaths(pathToFileURL(join(pkgDir, "dist")).href + "/");
      setThreadsCount(1);
      const silence = console.warn;
      await tf.setBackend("wasm");
      await tf.ready();
      console.warn = silence;
      if (tf.getBackend() !== "wasm") throw new Error(`tfjs backend is ${tf.getBackend()}, expected wasm`);
    })();
  }
  return ready;
}

/** Versions of the tfjs packages in use, for result metadata. */
export function tfjsVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const read = (p: string): string => (require(`${p}/package.json`) as { version: string }).version;
  return { "@tensorflow/tfjs": read("@tensorflow/tfjs"), "@tensorflow/tfjs-backend-wasm": read("@tensorflow/tfjs-backend-wasm") };
}
