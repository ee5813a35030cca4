/**
 * The summary line CI reads (test/summary-reporter.ts), from a real vitest run of small cases: tests under a
 * failed `beforeAll` (the missing-package line) count as failed, never as skipped; skipped tests are counted
 * with their reason (the note of `ctx.skip(note)`, else the file).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../lib/paths.ts";

it("counts hook failures as failed and names each skip reason", () => {
  const dir = join(repoRoot, "test", "fixtures", "summary-reporter");
  const r = spawnSync(process.execPath, [join(repoRoot, "node_modules", "vitest", "vitest.mjs"), "run", "--config", join(dir, "vitest.config.ts"), "--root", dir], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  const line = r.stdout.split("\n").filter((l) => /^\d+ passed, /.test(l));
  expect(line, r.stdout + r.stderr).toEqual([
    "1 passed, 4 failed, 3 skipped (no ../shared/reference here: 2; suites.case.ts, no reason given: 1)",
  ]);
  expect(r.status).toBe(1);
}, 120_000);
