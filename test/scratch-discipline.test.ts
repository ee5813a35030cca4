/**
 * Every temporary file of the kit goes under the git-ignored scratch/: no module of lib/, scripts/ or bin/ writes
 * to the system's temporary folder or to a tmp/ folder of its own, and makeTempDir() makes its folders under
 * scratch/tmp/. The tests' own fixtures go to one folder per test run in the system's temporary folder (they
 * need a place outside the checkout), which the global set-up makes and removes after the run (test/system-setup.ts).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir, repoRoot, scratchDir } from "../lib/paths.ts";
import { RUN_TEMP_PREFIX } from "./system-setup.ts";

/** The kit's source files (TypeScript, JavaScript, Python, shell) under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "__pycache__" ? [] : sources(rel);
    return /\.(ts|js|mjs|py|sh)$/.test(e.name) ? [rel] : [];
  });
}

describe("scratch discipline", () => {
  it("no module of the kit writes to the system's temporary folder or a tmp/ folder", () => {
    const files = [...sources("lib"), ...sources("scripts"), ...sources("bin")];
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((f) => {
      const text = readFileSync(join(repoRoot, f), "utf8");
      const hits = [
        /\btmpdir\(\)/.test(text) && "os.tmpdir()",
        /\btempfile\.|\bgettempdir\(/.test(text) && "Python tempfile",
        /join\(repoRoot, "tmp"/.test(text) && 'join(repoRoot, "tmp", …)',
        /["'`]tmp\/[\w-]/.test(text) && "a tmp/ path",
        /["'`]\/tmp\//.test(text) && "/tmp/",
      ].filter((h): h is string => typeof h === "string");
      return hits.map((h) => `${f}: ${h}`);
    });
    expect(offenders).toEqual([]);
  });

  it("a test's temporary folder (os.tmpdir()) is the run's own folder, outside the checkout (removed after the run)", () => {
    expect(basename(tmpdir())).toMatch(new RegExp(`^${RUN_TEMP_PREFIX}-\\w+$`));
    expect(relative(repoRoot, tmpdir()).startsWith("..")).toBe(true);
    // What the tests start inherits it: a child's temporary folder is the same.
    expect(spawnSync(process.execPath, ["-p", "require('node:os').tmpdir()"], { encoding: "utf8" }).stdout.trim()).toBe(tmpdir());
  });

  it("makeTempDir() makes a new folder under scratch/tmp/, which git ignores", () => {
    const a = makeTempDir("discipline");
    const b = makeTempDir("discipline");
    try {
      expect(a).not.toBe(b);
      expect(relative(scratchDir("tmp"), a)).toMatch(/^discipline-\w+$/);
      expect(statSync(a).isDirectory()).toBe(true);
      expect(spawnSync("git", ["check-ignore", "-q", join(a, "x")], { cwd: repoRoot }).status).toBe(0);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});
