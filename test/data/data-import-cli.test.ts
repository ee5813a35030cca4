import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findInDirectory } from "../../lib/data/reference/locate.ts";
import { REFERENCE_FILES } from "../../lib/data/reference/manifest.ts";
import { REFERENCE_OUTPUTS } from "../../lib/data/reference/outputs.ts";
import { repoRoot } from "../../lib/paths.ts";
import { runScriptInProcess, type CliResult } from "../cli/in-process.ts";

const haveShared = REFERENCE_FILES.every((f) => findInDirectory(join(repoRoot, "..", "shared", "reference"), f) !== undefined);
/** `npm run data:import -- ARGS` in-process (test/cli/in-process.ts), without VITSPARSE_REFERENCE_DIR. */
const run = (...args: string[]): Promise<CliResult> => runScriptInProcess("data-import", args, { env: { VITSPARSE_REFERENCE_DIR: undefined } });

describe("npm run data:import", () => {
  it("--help lists the outputs and flags", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("usage: npm run data:import -- [flags]");
    for (const o of REFERENCE_OUTPUTS) expect(r.stdout).toContain(`data/external/${o.file}`);
    expect(r.stdout).toContain("--no-download");
  });

  it("a bad flag is a one-line user error with exit 2", async () => {
    const r = await run("--nope");
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("data:import: unknown flag --nope (accepted: --out-dir, --no-download, --timeout, --json, --help)");
  });

  it.skipIf(!haveShared)("imports into --out-dir with progress on stderr and a summary on stdout", async () => {
    const out = mkdtempSync(join(tmpdir(), "vs-cli-"));
    try {
      const r = await run("--out-dir", out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/reference data: using .*shared\/reference, verifying sha256 of 7 files/);
      expect(r.stderr).toContain("reference data: converted 6/6 flops.txt -> levit128-flops.arrow (326 rows)");
      expect(r.stdout).toContain("6 Arrow files up to date (6 written, 0 already identical)");
      expect(readdirSync(out).sort()).toEqual(REFERENCE_OUTPUTS.map((o) => o.file).sort());
      const again = await run("--out-dir", out);
      expect(again.stdout).toContain("6 Arrow files up to date (0 written, 6 already identical)");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
