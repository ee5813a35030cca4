import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The kit's install step for the Debian packages the tests need (lib/system-packages.ts).
    globalSetup: ["./test/system-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
