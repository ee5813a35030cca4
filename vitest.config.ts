import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Test files that use the kit's modules as a library — no module mocks, no in-process CLI runs, no
 * notebook kernels in the test process; environment changes restored in their hooks — share one module cache
 * per worker (`isolate: false`), which saves re-importing lib/ and its packages for each file (measured:
 * 21.2 s → 15.1 s for 40 such files), and so do the files of SPAWN_ONLY below. Every other file (test/cli,
 * test/notebook, test/notebooks, test/browser) gets a fresh module cache, and so does a file that mocks a module
 * (`vi.mock`, below).
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
  "test/data/**/*.test.ts",
  "test/datasets/**/*.test.ts",
  "test/train/**/*.test.ts",
  "test/workload/**/*.test.ts",
  "test/*.test.ts",
];

/**
 * Files of the otherwise isolated folders (test/cli, test/notebook, test/notebooks) whose tests only start the
 * kit's commands as processes and read what they wrote (no in-process CLI run, no kernel or tslab in the test
 * process, no module mock, no lasting change to the environment; a Jupyter server is a process too): they
 * share the module cache too. A fresh
 * module cache costs a file a process of its own (measured: 0.28 CPU-s per file for a file importing two lib
 * modules) plus importing its modules again.
 */
const SPAWN_ONLY = [
  "test/cli/launcher.test.ts",
  "test/cli/registry.test.ts",
  "test/cli/spec-flags.test.ts",
  "test/notebook/cell-cache-warm-up.test.ts",
  "test/notebook/code-cache.test.ts",
  "test/notebook/integrity.test.ts",
  "test/notebook/jupyter.test.ts",
  "test/notebook/jupyter-shutdown.test.ts",
  "test/notebook/parameter-contract.test.ts",
  "test/notebook/integrity-killed-many.test.ts",
  "test/notebook/lifetime.test.ts",
  "test/notebook/produced-from.test.ts",
  "test/notebook/produced-from-edited.test.ts",
  "test/notebook/runner.test.ts",
  "test/notebook/runner-own-lib.test.ts",
  "test/notebook/wrong-data.test.ts",
  "test/notebooks/*-parameters.test.ts",
];

/** Files under the folders above that need their own module cache: they mock a module. */
const OWN_MODULE_CACHE = ["test/data/arrow-table.test.ts"];

/**
 * Files that do their long work (a Python test run, a dozen kernel processes) while vitest collects them, so
 * vitest's record of test durations sees them as instant and queues them last — in one run, the 14 s Python
 * run started when every other file had finished. Their project, "early", sorts before the others, and vitest
 * queues projects in name order; each still gets its own module cache.
 */
const COLLECTION_HEAVY = [
  "test/train/python.test.ts",
  "test/notebook/cell-cache.test.ts",
  "test/notebook/typecheck-cache.test.ts",
  "test/notebook/tslab-compat.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One test file per core, plus one: vitest's own default is cores − 1, a single worker on this 2-core machine.
    // Several files mostly wait on child processes (Chromium, Jupyter, killed runs), so a worker more than cores
    // keeps both cores busy. Measured on the 2-core machine: 311 s with one worker, 232 s with two (before
    // the compile caches); then 179 s with two and 162–168 s with three.
    maxWorkers: availableParallelism() + 1,
    // The kit's install step for the Debian packages the tests need (lib/system-packages.ts).
    globalSetup: ["./test/system-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    projects: [
      { extends: true, test: { name: "early", include: COLLECTION_HEAVY } },
      { extends: true, test: { name: "shared", include: [...SHARED_MODULE_CACHE, ...SPAWN_ONLY], exclude: [...OWN_MODULE_CACHE, ...COLLECTION_HEAVY], isolate: false } },
      { extends: true, test: { name: "isolated", include: ["test/**/*.test.ts"], exclude: [...SHARED_MODULE_CACHE, ...SPAWN_ONLY, ...COLLECTION_HEAVY] } },
      { extends: true, test: { name: "mocks", include: OWN_MODULE_CACHE } },
    ],
  },
});
