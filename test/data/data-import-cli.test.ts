import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findInDirectory } from "../../lib/data/reference/locate.ts";
import { REFERENCE_FILES } from "../../lib/data/reference/manifest.ts";
import { REFERENCE_OUTPUTS } from "../../lib/data/reference/outputs.ts";
import { repoRoot } from "../../lib/paths.ts";

const haveShared = REFERENCE_FILES.every((f) => findInDirectory(join(repoRoot, "..", "shared", "reference"), f) !== undefined);
const run = (...args: string[]) => {
  const env = { ...process.env };
  delete env.VITSPARSE_REFERENCE_DIR;
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/data-import.ts", ...args], { cwd: repoRoot, encoding: "utf8", env });
};

describe("npm run data:import", () => {
  it("--help lists the outputs and flags", () => {
    const r = run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: npm run data:import -- [flags]");
    for (const o of REFERENCE_OUTPUTS) expect(r.stdout).toContain(`data/external/${o.file}`);
    expect(r.stdout).toContain("--no-download");
  });

  it("a bad flag is a one-line user error with exit 2", () => {
    const r = run("--nope");
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("data:import: unknown flag --nope (accepted: --out-dir, --no-download, --timeout, --json, --help)");
  });

  it.skipIf(!haveShared)("imports into --out-dir with progress on stderr and a summary on stdout", () => {
    const out = mkdtempSync(join(tmpdir(), "vs-cli-"));
    try {
      const r = run("--out-dir", out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/reference data: using .*shared\/reference, verifying sha256 of 7 files/);
      expect(r.stderr).toContain("reference data: converted 6/6 flops.txt -> levit128-flops.arrow (326 rows)");
      expect(r.stdout).toContain("6 Arrow files up to date (6 written, 0 already identical)");
      expect(readdirSync(out).sort()).toEqual(REFERENCE_OUTPUTS.map((o) => o.file).sort());
      const again = run("--out-dir", out);
      expect(again.stdout).toContain("6 Arrow files up to date (0 written, 6 already identical)");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
