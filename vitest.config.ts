import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One test file per core. vitest's own default is cores − 1, a single worker on this 2-core machine: measured
    // on a quiet machine, the whole suite took 311 s with one worker and 232 s with two (CPU 401 s in all).
    maxWorkers: availableParallelism(),
    // The kit's install step for the Debian packages the tests need (lib/system-packages.ts).
    globalSetup: ["./test/system-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
