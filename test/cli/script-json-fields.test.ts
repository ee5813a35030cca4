/**
 * The npm scripts with `--json` (`npm run <script> -- --json`): each `--help` lists the fields declared in
 * lib/cli/script-json.ts, and each script run on a small valid input prints exactly those fields (recursively,
 * every row). Scripts that need PyTorch and trained weights (experiment:accuracy, accuracy:kernel-check) have
 * their printed objects checked where they are built (test/train/study-output.test.ts, kernel-check-data.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { jsonFieldProblems } from "../../lib/cli/json-fields.ts";
import { WRITTEN_JSON } from "../../lib/cli/script-json.ts";
import { writtenFiles } from "../../lib/cli/script.ts";
import { CASES, SCRIPT_CASE_GROUPS, scriptCaseTests } from "./script-json-cases.ts";

describe("npm scripts that regenerate committed files", () => {
  it("--json reports each written file with exactly the documented fields", () => {
    const report = writtenFiles([join(repoRoot, "package.json")]);
    expect(report.written[0]!.file).toBe("package.json");
    expect(jsonFieldProblems(report, WRITTEN_JSON)).toEqual([]);
  });
});

describe("npm scripts: --help lists the --json fields, and the output has exactly them", { timeout: 600_000 }, () => {
  it("every npm script of the kit has a case here (test and typecheck run vitest and tsc; prepare, npm ci's hook, runs bin/cli-build.js)", () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    expect(scripts.filter((s) => s !== "test" && s !== "typecheck" && s !== "prepare").sort()).toEqual(Object.keys(CASES).sort());
  });

  it("the two test files together cover every case once", () => {
    expect([...SCRIPT_CASE_GROUPS.flat()].sort()).toEqual(Object.keys(CASES).sort());
  });

  scriptCaseTests(0);
});
