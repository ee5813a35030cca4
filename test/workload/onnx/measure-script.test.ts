import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { repoRoot } from "../../../lib/paths.ts";

function measure(args: string[]) {
  return spawnSync(process.execPath, ["bin/run-script.js", "scripts/measure-latency.ts", ...args], { cwd: repoRoot, encoding: "utf8" });
}

describe("npm run measure:latency (flags only; test/cli/script-json-fields.test.ts times one deit-tiny run into a temporary file, the committed measurement is never rewritten by a test)", () => {
  it("--help documents the flags", () => {
    const r = measure(["--help"]);
    expect(r.status).toBe(0);
    for (const flag of ["--models", "--threads", "--runs", "--warmup", "--optimization", "--out"]) expect(r.stdout).toContain(flag);
  });

  it("bad input exits 2 naming the input, without a stack trace or a file", () => {
    const out = join(mkdtempSync(join(tmpdir(), "vitsparse-ml-")), "x.arrow");
    for (const [args, msg] of [
      [["--runs", "0"], /--runs expects a positive integer/],
      [["--models", "deit-huge"], /--models: unknown "deit-huge"/],
      [["--models", "deit-tiny,,"], /--models got an empty item at position 2 in "deit-tiny,,"/],
      [["--models", ""], /--models got an empty value/],
      [["--threads", "1,x"], /--threads expects integers, got "x" in "1,x"/],
      [["--threads", "1,1"], /--threads: 1 is listed twice in "1,1"/],
      [["--optimization", "all"], /--optimization must be basic or disabled/],
    ] as const) {
      const r = measure([...args, "--out", out]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
  });
});
