/**
 * `npm run measure:latency`'s flags, run in-process (test/cli/in-process.ts): --help, and bad input refused
 * with one line and exit 2 before onnxruntime loads or anything is measured.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { runScriptInProcess, type CliResult } from "../../cli/in-process.ts";

function measure(args: string[]): Promise<CliResult> {
  return runScriptInProcess("measure-latency", args);
}

describe("npm run measure:latency (flags only; test/cli/script-json-fields.test.ts times one deit-tiny run into a temporary file, the committed measurement is never rewritten by a test)", () => {
  it("--help documents the flags", async () => {
    const r = await measure(["--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["--models", "--threads", "--runs", "--warmup", "--optimization", "--out"]) expect(r.stdout).toContain(flag);
  });

  it("bad input exits 2 naming the input, without a stack trace or a file", async () => {
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
      const r = await measure([...args, "--out", out]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
  });
});
