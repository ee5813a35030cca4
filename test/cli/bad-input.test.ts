/**
 * Bad input on the command line: each class exits 2 with one line on stderr naming the input and what was
 * expected — no stack trace, nothing on stdout, no file left behind. The `vitsparse` cases run the CLI's
 * `main` in-process, the npm scripts' cases their script's `main` (test/cli/in-process.ts); what needs a real
 * process runs one: a closed stdout (`| head -1`) and the peak memory of a polarize.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CYCLE_MODELS } from "../../lib/cycles/registry.ts";
import { REFERENCE_FILES } from "../../lib/data/reference/manifest.ts";
import { repoRoot } from "../../lib/paths.ts";
import { runCli, runScriptInProcess, type CliResult } from "./in-process.ts";

/** Runs `vitsparse ARGS` in-process (test/cli/in-process.ts): what it prints and its exit code. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { env });
}

/** Runs `npm run data:import -- ARGS` in-process (scripts/data-import.ts's `main`). */
function dataImport(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runScriptInProcess("data-import", args, { env });
}

/** Exit 2, one line on stderr matching `message`, nothing on stdout. */
async function expectOneLine(args: string[], message: RegExp, env: Record<string, string> = {}): Promise<void> {
  const r = await cli(args, env);
  expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

/** A bool .npy of the given shape, all False (nothing pruned in ViTCoD's convention), in a fresh temp folder. */
function npyBool(shape: number[]): string {
  let header = `{'descr': '|b1', 'fortran_order': False, 'shape': (${shape.join(", ")}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const head = Buffer.alloc(10);
  head.write("\x93NUMPY", 0, "latin1");
  head[6] = 1;
  head.writeUInt16LE(header.length, 8);
  const path = join(mkdtempSync(join(tmpdir(), "vitsparse-npy-")), "allkept.npy");
  writeFileSync(path, Buffer.concat([head, Buffer.from(header, "latin1"), Buffer.alloc(shape.reduce((a, b) => a * b, 1))]));
  return path;
}

describe("vitsparse: strict values", { timeout: 300_000 }, () => {
  it("numbers: hex, trailing garbage, empty", async () => {
    await expectOneLine(["simulate", "fig11", "--k", "0x3"], /--k expects a decimal number, got "0x3"/);
    await expectOneLine(["simulate", "fig11", "--k", "3abc"], /--k expects a decimal number, got "3abc"/);
    await expectOneLine(["simulate", "fig11", "--k="], /--k expects a decimal number, got ""/);
  });

  it("integer lists: empty, empty item, not an integer, out of range", async () => {
    await expectOneLine(["simulate", "heatvit-vs-baseline", "--blocks", ""], /--blocks expects a comma-separated list of integers, got an empty value/);
    await expectOneLine(["simulate", "heatvit-vs-baseline", "--blocks", "3,,9"], /--blocks expects a comma-separated list of integers, got an empty item at position 2 in "3,,9"/);
    await expectOneLine(["simulate", "heatvit-vs-baseline", "--blocks", "3,x"], /--blocks expects integers, got "x"/);
    await expectOneLine(["simulate", "heatvit-vs-baseline", "--blocks", "3,99"], /--blocks: 99 is above the maximum 11/);
  });
});

describe("vitsparse: one strict rule for numbers, lists and repeated flags", { timeout: 300_000 }, () => {
  it.each([
    ["hex in a --set value", ["sweep", "mac-lines", "--set", "workload.attention.window.k=0x3,5", "--json"], /sweep mac-lines: --set workload\.attention\.window\.k="0x3": workload\.attention\.window\.k: got "0x3", expected an integer >= 1/],
    ["hex in a hardware --set value", ["sweep", "vitcod", "--set", "hardware.pes.cols=0x40"], /hardware\.pes\.cols: got "0x40", expected an integer >= 1/],
    ["an unknown spec key in --set", ["sweep", "mac-lines", "--set", "hardware.pes.rowz=3"], /sweep mac-lines: unknown key hardware\.pes\.rowz \(expected one of: hardware\.pes\.arrangement, hardware\.pes\.rows, hardware\.pes\.cols\)/],
    ["an exponent in a number flag", ["mask", "window", "--k", "1e0"], /mask window: --k expects a decimal number, got "1e0"/],
    ["the same axis in two --set", ["sweep", "mac-lines", "--set", "workload.attention.window.k=3", "--set", "workload.attention.window.k=5"], /sweep mac-lines: --set workload\.attention\.window\.k= given twice/],
    ["a value listed twice in --set", ["sweep", "mac-lines", "--set", "workload.attention.window.k=3,3"], /sweep mac-lines: --set workload\.attention\.window\.k: 3 is listed twice/],
    ["--out given twice", ["mask", "window", "--k", "3", "--out", "a.npy", "--out", "b.npy"], /mask window: --out given twice \(it takes one value\)/],
    ["--k given twice", ["mask", "window", "--k", "3", "--k", "5"], /mask window: --k given twice/],
    ["--k= and --k given", ["mask", "window", "--k=3", "--k", "5"], /mask window: --k given twice/],
    ["a block listed twice in --windowed", ["flops", "--model", "deit-tiny", "--window", "3", "--windowed", "0-5,3"], /--windowed: block 3 is listed twice in "0-5,3"/],
    ["an argument after --version", ["--version", "extra"], /--version takes no argument, got unexpected argument "extra"/],
    ["a sweep value outside its key's domain, before any configuration runs", ["sweep", "mac-lines", "--set", "workload.attention.window.k=2,4"], /^vitsparse: sweep mac-lines: --set workload\.attention\.window\.k=2: workload\.attention\.window\.k: got 2, expected an odd window side .*; no configuration was run$/],
    ["a vitcod mapping value outside its domain", ["sweep", "vitcod", "--set", "mapping.vitcod.ratio=0.5,1.5"], /sweep vitcod: --set mapping\.vitcod\.ratio: got 1\.5, expected a number > 0 and <= 1/],
    ["a bare grid side (help says HxW)", ["mask", "window", "--grid", "14", "--k", "3"], /bad grid "14": expected HxW/],
    ["a grid side beyond 2^53, echoed as given", ["mask", "window", "--grid", "99999999999999999999x1", "--k", "3"], /bad grid "99999999999999999999x1": sides must be at most 9007199254740991/],
    ["an unknown sweep design lists the registered ones", ["sweep", "foo"], new RegExp(`^vitsparse: unknown accelerator model "foo" \\(expected one of: ${CYCLE_MODELS.map((m) => m.id).join(", ")}\\)$`)],
  ])("%s: exit 2, one line", async (_what, args, message) => {
    await expectOneLine(args, message);
    expect(existsSync(join(repoRoot, "a.npy")) || existsSync(join(repoRoot, "b.npy"))).toBe(false);
  });

  it("a repeatable flag stays repeatable: one --set per axis, and the --set axes are the whole sweep", async () => {
    const r = await cli(["sweep", "mac-lines", "--set", "workload.attention.window.k=3,5", "--set", "mapping.mac-lines.macLatency=0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { configurations: number; axes: { key: string }[] };
    expect(out.configurations).toBe(2 * 1);
    expect(out.axes.map((a) => a.key)).toEqual(["workload.attention.window.k", "mapping.mac-lines.macLatency"]);
  });

  it("sweep with an odd --set runs no configuration before refusing (no progress lines)", async () => {
    const r = await cli(["sweep", "mac-lines", "--set", "workload.attention.window.k=3,4"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/configurations \(/);
  });

  it("flops --help lists every model --model accepts", async () => {
    const r = await cli(["flops", "--model", "deit-huge"]);
    expect(r.code).toBe(2);
    const accepted = /expected one of: (.*)$/.exec(r.stderr.trim())![1]!.split(", ");
    const help = (await cli(["flops", "--help"])).stdout;
    const listed = /--model VALUE\s+model: (.*)$/m.exec(help)![1]!.split(", ");
    expect(listed).toEqual(accepted);
    expect(listed).toContain("lvvit-m");
  });

  it("mask window --help documents the grid rule (HxW, NxN for a square)", async () => {
    expect((await cli(["mask", "window", "--help"])).stdout).toMatch(/--grid VALUE\s+patch grid HxW.*bare N is refused/);
  });
});

describe("vitsparse: flags that do not apply", { timeout: 300_000 }, () => {
  it("flops --border without a window is an error, not ignored", async () => {
    await expectOneLine(["flops", "--model", "deit-tiny", "--border", "foo"], /flops: --border applies only together with --windowed/);
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
  ])("sweep --out %s", async (_what, out, message) => {
    await expectOneLine(["sweep", "mac-lines", "--out", out], message);
  });
  it("leaves the file there untouched", () => {
    expect(readFileSync(file, "utf8")).toBe("x");
    expect(existsSync(join(dir, "no"))).toBe(false);
  });
});

describe("vitsparse: command groups, --version, closed stdout", { timeout: 300_000 }, () => {
  it.each(["mask", "simulate", "sweep"])("%s without a sub-command: its sub-commands on stderr, exit 2", async (group) => {
    const r = await cli([group]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("sub-commands:");
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(new RegExp(`^vitsparse: ${group} needs a sub-command \\(one of: .+\\)$`));
  });

  it("simulate --help lists its sub-commands, exit 0", async () => {
    const r = await cli(["simulate", "--help"]);
    expect(r.code).toBe(0);
    for (const sub of ["systolic", "mac-lines", "vitcod", "heatvit", "vitcod-reference", "fig11", "heatvit-vs-baseline"]) expect(r.stdout).toMatch(new RegExp(`^  ${sub} `, "m"));
  });

  it("--version prints the package version", async () => {
    const r = await cli(["--version"]);
    expect(r.code).toBe(0);
    const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
    expect(r.stdout).toBe(`vitsparse ${version}\n`);
  });

  it("a closed stdout ends quietly and stops the sweep (sweep | head -1)", () => {
    // 10,000 configurations (about 10 s of work here): the rows go out while they are computed, so the sweep
    // ends at the first batch after head has gone, long before its last configuration.
    const pesPerLine = Array.from({ length: 100 }, (_, i) => i + 1).join(",");
    const sweep = `sweep mac-lines --set mapping.mac-lines.pesPerLine=${pesPerLine} --set workload.attention.window.k=3,5,7,9,11 --set mapping.mac-lines.macLatency=0,1,2,3 --set mapping.mac-lines.fillPerQuery=0,1,3,5,9`;
    const dir = mkdtempSync(join(tmpdir(), "vitsparse-head-"));
    const r = spawnSync("/bin/sh", ["-c", `( "${process.execPath}" bin/vitsparse.js ${sweep} 2>"${dir}/err"; echo "exit $?" >"${dir}/status" ) | head -1; cat "${dir}/status" "${dir}/err"`], { cwd: repoRoot, encoding: "utf8" });
    expect(r.stdout.split("\n")[1]).toBe("exit 0");
    expect(r.stdout.split("\n")[0]).toMatch(/^mapping\.mac-lines\.pesPerLine,/);
    expect(r.stdout).not.toMatch(/EPIPE|Error|^\s+at /m);
    expect(r.stdout).toMatch(/sweep mac-lines: 100\/10000 configurations/);
    expect(r.stdout).not.toMatch(/10000\/10000 configurations|10000 configurations, /);
  });

  it("a sweep value outside its domain is refused before any work, naming the axis", async () => {
    await expectOneLine(["sweep", "mac-lines", "--set", "mapping.mac-lines.pesPerLine=0"], /sweep mac-lines: --set mapping\.mac-lines\.pesPerLine: got 0, expected an integer >= 1/);
  });

  it("a sweep the design rejects whole (hardware that cannot hold the workload) is an error naming the key", async () => {
    // Every default axis pinned but one: lines of 26 or 50 PEs, one per head of DeiT-small's 6, never fit 3 lines of 10.
    const pinned = ["workload.attention.window.k=5", "mapping.mac-lines.macLatency=2", "mapping.mac-lines.fillPerQuery=0"].flatMap((s) => ["--set", s]);
    const r = await cli(["sweep", "mac-lines", "--preset", "zybo-z7-20", "--model", "deit-small", "--set", "mapping.mac-lines.pesPerLine=26,50", ...pinned]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/^vitsparse: sweep mac-lines: the design rejected all 2 configurations, e\.g\. hardware\.pes\.rows: got 3 \(zybo-z7-20\)/);
  });

  it("a sweep too large for memory is refused before it starts, saying how to raise the limit", async () => {
    const values = Array.from({ length: 200 }, (_, i) => i + 1).join(",");
    await expectOneLine(["sweep", "mac-lines", "--set", `mapping.mac-lines.pesPerLine=${values}`, "--set", `mapping.mac-lines.macLatency=${values}`, "--set", `mapping.mac-lines.fillPerQuery=${values}`], /configurations .* exceed the limit of 1000000; .* VITSPARSE_MAX_SWEEP=N/);
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
  ])("a zero dimension %s is a clean error in simulate vitcod and mask polarize", async (text, shape) => {
    const path = npy("|b1", shape, new Uint8Array(0));
    const message = new RegExp(`mask array has shape \\${text.slice(0, -1)}\\); expected every dimension ≥ 1`);
    await expectOneLine(["simulate", "vitcod-reference", "--npy", path], message);
    await expectOneLine(["mask", "polarize", "--npy", path], message);
  });
  it("a float mask (NaN included) is refused by every command, with one rule", async () => {
    const data = new Float32Array(17 * 17);
    data[0] = NaN;
    const path = npy("<f4", [1, 1, 17, 17], new Uint8Array(data.buffer));
    await expectOneLine(["simulate", "vitcod-reference", "--npy", path], /holds float32 values; expected a bool \(or integer 0\/1\) mask array/);
    await expectOneLine(["mask", "polarize", "--npy", path], /holds float32 values; expected a bool \(or integer 0\/1\) mask array/);
  });
  it("an integer mask with values other than 0/1 is refused, naming the position", async () => {
    const data = new Uint8Array(17 * 17);
    data[18] = 7;
    const path = npy("|u1", [1, 1, 17, 17], data);
    await expectOneLine(["mask", "polarize", "--npy", path], /mask array value 7 at \(0, 0, 1, 1\); expected a boolean mask/);
  });
});

describe("vitsparse: sizes are checked against memory before allocating", { timeout: 300_000 }, () => {
  it.each([
    ["31623x31623", /a 31623x31623 grid's window mask \(1000014130 tokens, 10999775948 kept entries\) needs 44\.70 GiB in CSR form \(memory limit 2\.00 GiB, VITSPARSE_MAX_MEMORY\) and more than the 2147483647 entries one CSR mask can index/],
    ["100000x100000", /a 100000x100000 grid's window mask \(10000000001 tokens, 109998800005 kept entries\) needs 447\.03 GiB in CSR form \(memory limit 2\.00 GiB/],
  ])("mask window --grid %s is refused at once with the size and the limit", async (grid, message) => {
    const r = await cli(["mask", "window", "--grid", grid, "--k", "3"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.ms).toBeLessThan(20_000); // the old per-query loop took ~35 s on 100000x100000 before failing
  });

  it("a mask over the budget is refused saying how to raise it, and the same mask runs within a raised budget", async () => {
    await expectOneLine(["mask", "window", "--grid", "300x300", "--k", "3"], /a 300x300 grid's window mask \(90001 tokens, 986405 kept entries\) in CSR form needs 4\.1 MiB, over the memory limit of 1\.0 MiB; raise it with VITSPARSE_MAX_MEMORY=SIZE/, { VITSPARSE_MAX_MEMORY: "1M" });
    const ok = await cli(["mask", "window", "--grid", "300x300", "--k", "3", "--json"], { VITSPARSE_MAX_MEMORY: "5M" });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ tokens: 90001, nnz: 986405 });
    await expectOneLine(["mask", "window", "--grid", "3x3", "--k", "3"], /VITSPARSE_MAX_MEMORY="lots": expected a positive size in bytes/, { VITSPARSE_MAX_MEMORY: "lots" });
    // The dense .npy export is held twice (array and encoded bytes): checked too, before allocating.
    const out = join(mkdtempSync(join(tmpdir(), "vitsparse-export-")), "m.npy");
    await expectOneLine(["mask", "window", "--grid", "40x40", "--k", "3", "--layers", "12", "--heads", "3", "--out", out], /mask export: a dense \(12, 3, 1601, 1601\) bool array and its \.npy bytes needs 176\.0 MiB, over the memory limit of 10\.0 MiB; raise it with VITSPARSE_MAX_MEMORY/, { VITSPARSE_MAX_MEMORY: "10M" });
    expect(existsSync(out)).toBe(false);
    const help = await cli(["mask", "window", "--help"]);
    expect(help.stdout).toContain("raise the limit with VITSPARSE_MAX_MEMORY=SIZE");
  });

  it("an all-kept 8001x8001 mask: polarize stays far below 4 GB; over the budget both commands refuse with one line", async () => {
    // All False = nothing pruned (ViTCoD's convention, True = pruned): 64,016,001 kept entries.
    const path = npyBool([1, 1, 8001, 8001]);
    const timed = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, join(repoRoot, "bin", "vitsparse.js"), "mask", "polarize", "--npy", path, "--json"], { cwd: repoRoot, encoding: "utf8" });
    if (timed.error === undefined) {
      expect(timed.status, timed.stderr).toBe(0);
      expect(JSON.parse(timed.stdout)).toMatchObject({ kept: 64016001, sparse: 0 });
      const maxRssKb = Number(timed.stderr.trim().split("\n").at(-1));
      expect(maxRssKb).toBeLessThan(1.5 * 1024 * 1024); // coordinate lists of number[] took 4.1 GB here
    }
    const message = /mask array \(1, 1, 8001, 8001\) \(8001 tokens, 64016001 kept entries\) in CSR form needs 244\.2 MiB, over the memory limit of 200\.0 MiB; raise it with VITSPARSE_MAX_MEMORY/;
    await expectOneLine(["mask", "polarize", "--npy", path], message, { VITSPARSE_MAX_MEMORY: "200M" });
    await expectOneLine(["simulate", "vitcod-reference", "--npy", path], message, { VITSPARSE_MAX_MEMORY: "200M" });
  });
});

describe("vitsparse: --npy must be a regular file (refused unread, no hang)", { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "vitsparse-npy-kind-"));
  const fifo = join(dir, "pipe.npy");
  const made = spawnSync("mkfifo", [fifo]);
  symlinkSync("/dev/zero", join(dir, "zero.npy"));
  mkdirSync(join(dir, "folder.npy"));
  it.each([
    ["a directory", join(dir, "folder.npy"), /\.npy file .*folder\.npy is a directory; expected a regular file/],
    ["a symlink to /dev/zero", join(dir, "zero.npy"), /\.npy file .*zero\.npy \(a symlink to \/dev\/zero\) is a character device; expected a regular file/],
    ["a FIFO", fifo, /\.npy file .*pipe\.npy is a FIFO \(named pipe\); expected a regular file/],
  ])("%s", async (what, path, message) => {
    if (what === "a FIFO" && made.status !== 0) return; // no mkfifo here
    await expectOneLine(["mask", "polarize", "--npy", path], message);
    await expectOneLine(["simulate", "vitcod-reference", "--npy", path], message);
  });
});

describe("npm run data:import: every bad source reported in one run, output folder checked first", { timeout: 300_000 }, () => {
  it("a directory, a symlink to /dev/zero, a FIFO and an oversized file: one line each, exit 2, nothing written", async () => {
    const ref = mkdtempSync(join(tmpdir(), "vitsparse-ref-"));
    mkdirSync(join(ref, "vitcod"));
    const at = (name: string): string => join(ref, "vitcod", name);
    mkdirSync(at("flops.txt"));
    symlinkSync("/dev/zero", at("info_0.95.npy"));
    const fifo = spawnSync("mkfifo", [at("vitcod_atten_ffn.txt")]).status === 0;
    writeFileSync(at("global_token_info_0.95.npy"), new Uint8Array(5000));
    const bad = ["flops.txt", "info_0.95.npy", "global_token_info_0.95.npy", ...(fifo ? ["vitcod_atten_ffn.txt"] : [])];
    // The other files: right name and size, wrong bytes (sha256 mismatch, reported too).
    for (const f of REFERENCE_FILES) if (!existsSync(at(f.name)) && !bad.includes(f.name)) writeFileSync(at(f.name), new Uint8Array(f.bytes));
    const out = join(mkdtempSync(join(tmpdir(), "vitsparse-ref-out-")), "external");
    const r = await dataImport(["--out-dir", out], { VITSPARSE_REFERENCE_DIR: ref });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/^\s+at |EISDIR|ENOMEM/m);
    const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("data:import: "));
    expect(lines).toHaveLength(REFERENCE_FILES.length);
    expect(lines).toContain(`data:import: reference file ${at("flops.txt")} is a directory; expected a regular file`);
    expect(lines).toContain(`data:import: reference file ${at("info_0.95.npy")} (a symlink to /dev/zero) is a character device; expected a regular file`);
    expect(lines).toContain(`data:import: reference file ${at("global_token_info_0.95.npy")} has 5000 bytes, more than the 416 bytes expected`);
    if (fifo) expect(lines).toContain(`data:import: reference file ${at("vitcod_atten_ffn.txt")} is a FIFO (named pipe); expected a regular file`);
    expect(lines.filter((l) => l.includes("sha256 mismatch"))).toHaveLength(REFERENCE_FILES.length - bad.length);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ["under a regular file", (f: string) => join(f, "x"), /^data:import: --out-dir .*file\.txt\/x: .*file\.txt is a file, not a folder$/],
    ["a regular file", (f: string) => f, /^data:import: --out-dir .*file\.txt is not a folder; expected a folder path$/],
    ["in /proc", () => "/proc/x/y", /^data:import: --out-dir \/proc\/x\/y: cannot write under \/proc/],
    ["in /sys", () => "/sys/kernel/x", /^data:import: --out-dir \/sys\/kernel\/x: cannot write under \/sys/],
    ["empty", () => "", /^data:import: --out-dir expects a folder path, got an empty value$/],
  ])("--out-dir %s: exit 2, one line, before any work", async (_what, outDir, message) => {
    const file = join(mkdtempSync(join(tmpdir(), "vitsparse-outdir-")), "file.txt");
    writeFileSync(file, "x");
    const r = await dataImport(["--out-dir", outDir(file)], { VITSPARSE_REFERENCE_DIR: "/nonexistent-reference-folder" });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(readFileSync(file, "utf8")).toBe("x");
  });
});

describe("npm run reproduce: notebook and output paths checked before any work", { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "vitsparse-repro-bad-"));
  const file = join(dir, "file.txt");
  writeFileSync(file, "x");
  mkdirSync(join(dir, "folder.ipynb"));
  symlinkSync("/dev/zero", join(dir, "zero.ipynb"));
  const fifo = spawnSync("mkfifo", [join(dir, "pipe.ipynb")]).status === 0;
  const notebook = "notebooks/01-latency-breakdown.ipynb";
  it.each([
    ["a directory as the notebook", [join(dir, "folder.ipynb")], /^reproduce: notebook .*folder\.ipynb is a directory; expected a regular file$/],
    ["a symlink to /dev/zero as the notebook", [join(dir, "zero.ipynb")], /^reproduce: notebook .*zero\.ipynb \(a symlink to \/dev\/zero\) is a character device; expected a regular file$/],
    ["a FIFO as the notebook", fifo ? [join(dir, "pipe.ipynb")] : [], /^reproduce: notebook .*pipe\.ipynb is a FIFO \(named pipe\); expected a regular file$/],
    ["--out under /proc (a recursive mkdir there never returns)", [notebook, "--out", "/proc/x/y.ipynb"], /^reproduce: --out \/proc\/x\/y\.ipynb: cannot write under \/proc/],
    ["--out under a regular file", [notebook, "--out", join(file, "x.ipynb")], /^reproduce: --out .*: .*file\.txt is a file, not a directory$/],
    ["--out a directory", [notebook, "--out", dir], /^reproduce: --out .* is a directory; expected a file path$/],
    ["--root without notebooks/", ["--root", dir], /^reproduce: --root .* has no notebooks\/ folder; expected the root of a vitsparse checkout$/],
  ])("%s: exit 2, one line", async (_what, args, message) => {
    if (args.length === 0) return; // no mkfifo here
    const r = await runScriptInProcess("reproduce", args);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
