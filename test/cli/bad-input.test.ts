/**
 * Bad input on the command line: each class exits 2 with one line on stderr naming the input and what was
 * expected — no stack trace, nothing on stdout, no file left behind.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";

function cli(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, "bin", "vitsparse.js"), ...args], { cwd: repoRoot, encoding: "utf8", ...(input !== undefined ? { input } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, one line on stderr matching `message`, nothing on stdout. */
function expectOneLine(args: string[], message: RegExp): void {
  const r = cli(args);
  expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe("vitsparse: strict values", { timeout: 300_000 }, () => {
  it("numbers: hex, trailing garbage, empty", () => {
    expectOneLine(["simulate", "poster", "--k", "0x3"], /--k expects a decimal number, got "0x3"/);
    expectOneLine(["simulate", "poster", "--k", "3abc"], /--k expects a decimal number, got "3abc"/);
    expectOneLine(["simulate", "poster", "--k="], /--k expects a decimal number, got ""/);
  });

  it("integer lists: empty, empty item, not an integer, out of range", () => {
    expectOneLine(["simulate", "heatvit", "--blocks", ""], /--blocks expects a comma-separated list of integers, got an empty value/);
    expectOneLine(["simulate", "heatvit", "--blocks", "3,,9"], /--blocks expects a comma-separated list of integers, got an empty item at position 2 in "3,,9"/);
    expectOneLine(["simulate", "heatvit", "--blocks", "3,x"], /--blocks expects integers, got "x"/);
    expectOneLine(["simulate", "heatvit", "--blocks", "3,99"], /--blocks: 99 is above the maximum 11/);
  });
});

describe("vitsparse: flags that do not apply", { timeout: 300_000 }, () => {
  it("flops --border without a window is an error, not ignored", () => {
    expectOneLine(["flops", "--model", "deit-tiny", "--border", "foo"], /flops: --border applies only together with --window and --windowed/);
  });
});

describe("vitsparse: output paths are checked before any work", { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "vitsparse-out-"));
  const file = join(dir, "file.txt");
  writeFileSync(file, "x");
  it.each([
    ["a directory", dir, /is a directory; expected a file path/],
    ["under a regular file", join(file, "x.csv"), /file\.txt is a file, not a directory/],
    ["a missing folder", join(dir, "no", "x.csv"), /the folder .* does not exist/],
    ["empty", "", /--out expects a file path, got an empty value/],
    ["under /proc", "/proc/x/y.csv", /cannot write under \/proc/],
    ["under /sys", "/sys/x.csv", /cannot write under \/sys/],
  ])("sweep --out %s", (_what, out, message) => {
    expectOneLine(["sweep", "poster", "--out", out], message);
  });
  it("leaves the file there untouched", () => {
    expect(readFileSync(file, "utf8")).toBe("x");
    expect(existsSync(join(dir, "no"))).toBe(false);
  });
});

describe("vitsparse: command groups, --version, closed stdout", { timeout: 300_000 }, () => {
  it.each(["mask", "simulate", "sweep"])("%s without a sub-command: its sub-commands on stderr, exit 2", (group) => {
    const r = cli([group]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("sub-commands:");
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(new RegExp(`^vitsparse: ${group} needs a sub-command \\(one of: .+\\)$`));
  });

  it("simulate --help lists its sub-commands, exit 0", () => {
    const r = cli(["simulate", "--help"]);
    expect(r.code).toBe(0);
    for (const sub of ["vitcod", "poster", "heatvit"]) expect(r.stdout).toMatch(new RegExp(`^  ${sub} `, "m"));
  });

  it("--version prints the package version", () => {
    const r = cli(["--version"]);
    expect(r.code).toBe(0);
    const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
    expect(r.stdout).toBe(`vitsparse ${version}\n`);
  });

  it("a closed stdout ends quietly (sweep | head -1)", () => {
    const r = spawnSync("/bin/sh", ["-c", `"${process.execPath}" bin/vitsparse.js sweep poster 2>err.tmp-test | head -1; cat err.tmp-test; rm -f err.tmp-test`], { cwd: repoRoot, encoding: "utf8" });
    expect(r.stdout.split("\n")[0]).toMatch(/^pesPerLine,/);
    expect(r.stdout).not.toMatch(/EPIPE|Error|^\s+at /m);
  });

  it("a sweep the model rejects whole is an error naming the axis", () => {
    const r = cli(["sweep", "poster", "--set", "pesPerLine=0"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/rejected all \d+ configurations, e\.g\. .*\(check the --set axes: pesPerLine\)/);
  });

  it("a sweep too large for memory is refused before it starts, saying how to raise the limit", () => {
    const values = Array.from({ length: 200 }, (_, i) => i + 1).join(",");
    expectOneLine(["sweep", "poster", "--set", `pesPerLine=${values}`, "--set", `macLatency=${values}`, "--set", `fillPerQuery=${values}`], /configurations .* exceed the limit of 1000000; .* VITSPARSE_MAX_SWEEP=N/);
  });
});

describe("vitsparse: mask arrays", { timeout: 300_000 }, () => {
  /** A .npy file (format 1.0) with the given dtype descriptor, shape and raw little-endian data. */
  function npy(descr: string, shape: number[], data: Uint8Array): string {
    const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
    let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
    header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
    const head = Buffer.alloc(10);
    head.write("\x93NUMPY", 0, "latin1");
    head[6] = 1;
    head.writeUInt16LE(header.length, 8);
    const path = join(mkdtempSync(join(tmpdir(), "vitsparse-npy-")), "m.npy");
    writeFileSync(path, Buffer.concat([head, Buffer.from(header, "latin1"), data]));
    return path;
  }
  it.each([
    ["(0, 3, 17, 17)", [0, 3, 17, 17]],
    ["(2, 0, 17, 17)", [2, 0, 17, 17]],
  ])("a zero dimension %s is a clean error in simulate vitcod and mask polarize", (text, shape) => {
    const path = npy("|b1", shape, new Uint8Array(0));
    const message = new RegExp(`mask array has shape \\${text.slice(0, -1)}\\); expected every dimension ≥ 1`);
    expectOneLine(["simulate", "vitcod", "--npy", path], message);
    expectOneLine(["mask", "polarize", "--npy", path], message);
  });
  it("a float mask (NaN included) is refused by every command, with one rule", () => {
    const data = new Float32Array(17 * 17);
    data[0] = NaN;
    const path = npy("<f4", [1, 1, 17, 17], new Uint8Array(data.buffer));
    expectOneLine(["simulate", "vitcod", "--npy", path], /holds float32 values; expected a bool \(or integer 0\/1\) mask array/);
    expectOneLine(["mask", "polarize", "--npy", path], /holds float32 values; expected a bool \(or integer 0\/1\) mask array/);
  });
  it("an integer mask with values other than 0/1 is refused, naming the position", () => {
    const data = new Uint8Array(17 * 17);
    data[18] = 7;
    const path = npy("|u1", [1, 1, 17, 17], data);
    expectOneLine(["mask", "polarize", "--npy", path], /mask array value 7 at \(0, 0, 1, 1\); expected a boolean mask/);
  });
});
