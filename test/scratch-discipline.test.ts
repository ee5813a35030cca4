/**
 * Every temporary file of the kit goes under the git-ignored scratch/: no module of lib/, scripts/ or bin/ writes
 * to the system's temporary folder or to a tmp/ folder of its own, and makeTempDir() makes its folders under
 * scratch/tmp/. (Tests may use the system's temporary folder for their fixtures.)
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir, repoRoot, scratchDir } from "../lib/paths.ts";

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
