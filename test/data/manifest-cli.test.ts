/**
 * `npm run data:manifest` on a damaged data folder (the findings): a data file that is a directory,
 * a link to /dev/zero or a 2 GiB sparse file, and a manifest that is not JSON, each give one line naming the
 * file — never a trace, never "recorded but missing". Runs in a copy of the repository's lib/, scripts/ and
 * data/ (node_modules linked), so the real data/ is never touched.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the repository's code and data, damaged by `damage`, and the data:manifest run in it. */
function manifestIn(damage: (data: string) => void): { code: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "vitsparse-manifest-cli-"));
  dirs.push(dir);
  for (const entry of ["lib", "scripts", "data", "package.json", "tsconfig.json"]) cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"));
  damage(join(dir, "data"));
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/data-manifest.ts"], { cwd: dir, encoding: "utf8", timeout: 120_000, killSignal: "SIGKILL" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bench = (data: string): string => join(data, "kernel-bench.arrow");

describe("npm run data:manifest on damaged data", { timeout: 600_000 }, () => {
  it.each([
    ["a data file that is a directory", (d: string) => (rmSync(bench(d)), mkdirSync(bench(d))), 1, /^data\/kernel-bench\.arrow is a directory; expected a regular file; restore it with git checkout -- data\/kernel-bench\.arrow or regenerate it with `npm run bench -- --rounds 31`$/m],
    ["a data file that is a link to /dev/zero", (d: string) => (rmSync(bench(d)), symlinkSync("/dev/zero", bench(d))), 1, /^data\/kernel-bench\.arrow \(a symlink to \/dev\/zero\) is a character device; expected a regular file; restore it/m],
    ["a 2 GiB sparse data file", (d: string) => truncateSync(bench(d), 2 ** 31), 1, /^data\/kernel-bench\.arrow has 2147483648 bytes, more than the 1073741824 bytes expected; restore it/m],
    ["a manifest that is not JSON", (d: string) => writeFileSync(join(d, "manifest.json"), "{ broken"), 2, /^data:manifest: data\/manifest\.json is not valid JSON \(.+\); restore it with git checkout -- data\/manifest\.json$/m],
  ] as const)("%s: one line naming it, no trace", (_what, damage, code, message) => {
    const r = manifestIn(damage);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain("recorded in data/manifest.json but missing");
    if (code === 1) expect(r.stderr.trim().split("\n")).toHaveLength(2); // the problem and the count
    else expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
