import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Test files that only import the kit's modules and compute (no child processes, no module mocks, no
 * in-process CLI runs): they share one module cache per worker (`isolate: false`), which saves re-importing
 * lib/ for each file — measured 21.2 s → 15.1 s for 40 such files. Every other file gets a fresh module
 * cache. A file that mocks a module (`vi.mock`) must stay out of this list.
 */
const SHARED_MODULE_CACHE = [
  "test/analysis/**/*.test.ts",
  "test/claims/**/*.test.ts",
  "test/cycles/**/*.test.ts",
  "test/experiment/**/*.test.ts",
  "test/figures/**/*.test.ts",
  "test/kernels/**/*.test.ts",
  "test/masks/**/*.test.ts",
  "test/output/**/*.test.ts",
  "test/paper/**/*.test.ts",
  "test/specs/**/*.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One test file per core. vitest's own default is cores − 1, a single worker on this 2-core machine: measured
    // on a quiet machine, the whole suite took 311 s with one worker and 232 s with two (CPU 401 s in all).
    maxWorkers: availableParallelism(),
    // The kit's install step for the Debian packages the tests need (lib/system-packages.ts).
    globalSetup: ["./test/system-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    projects: [
      { extends: true, test: { name: "shared", include: SHARED_MODULE_CACHE, isolate: false } },
      { extends: true, test: { name: "isolated", include: ["test/**/*.test.ts"], exclude: SHARED_MODULE_CACHE } },
    ],
  },
});
