/**
 * The headless runner in a repository with a lib/ of its own (a copy, not a link to this one): the compiled
 * runner gathers the claims with that copy's lib/claims/gather.ts. (Outputs, determinism, a failing cell:
 * runner.test.ts.)
 */
import { appendFileSync, cpSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { runReproduce, tempRepos } from "./helpers.ts";

const repo = tempRepos();

describe("a repository with a lib/ of its own (a copy, not a link to this one)", () => {
  it("gathers the claims with that copy's lib/claims/gather.ts (loaded as TypeScript by the compiled runner)", () => {
    const dir = repo({ ledger: {} });
    rmSync(join(dir, "lib"));
    cpSync(join(repoRoot, "lib"), join(dir, "lib"), { recursive: true });
    appendFileSync(join(dir, "lib", "claims", "gather.ts"), '\nprocess.stderr.write("the copy\'s gather.ts was loaded\\n");\n');
    const r = runReproduce(["--root", dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("the copy's gather.ts was loaded");
    expect(readFileSync(join(dir, "results", "CLAIMS.md"), "utf8")).toContain("the fixture writes two rows");
  });
});
