/**
 * The findings on guarded outputs and output failures, run as a user runs them (the refusals of
 * `vitsparse`, reproduce and data:import in-process, the other scripts and a stdout on /dev/full as real processes):
 * a command other than a file's owner never writes a committed file, every refusal is exit 2 with one line
 * naming the file and its owner, output checks come before any work, and a stdout that cannot take the
 * output is exit 1 with one line (never a trace, never a silent 0).
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../lib/data/sha256.ts";
import { repoRoot } from "../../lib/paths.ts";
import { IN_PROCESS_SCRIPTS, runCli, runScriptInProcess } from "./in-process.ts";

const tmp = mkdtempSync(join(tmpdir(), "vitsparse-guarded-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** sha256 of every file under data/ and results/ (what must not change). */
function committedState(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(repoRoot, rel), { withFileTypes: true })) {
      const child = join(rel, e.name);
      if (e.isDirectory()) {
        if (child !== join("data", "external")) walk(child);
      } else out[child] = sha256Hex(readFileSync(join(repoRoot, child)));
    }
  };
  walk("data");
  walk("results");
  return out;
}

/**
 * Runs a command (argv[0] `vitsparse` or an npm script file) at the repository root: in-process where it can
 * be (test/cli/in-process.ts) and stdout is a pipe, else as a real process (a stdout on /dev/full, the scripts
 * that run when imported).
 */
async function run(argv: string[], stdout: "pipe" | number = "pipe"): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [first, ...rest] = argv;
  if (stdout === "pipe" && (first === "vitsparse" || IN_PROCESS_SCRIPTS.has(first!))) {
    const r = first === "vitsparse" ? await runCli(rest) : await runScriptInProcess(first!, rest);
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  }
  const args = first === "vitsparse" ? [join(repoRoot, "bin", "vitsparse.js"), ...rest] : ["bin/run-script.js", `scripts/${first}.ts`, ...rest];
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8", timeout: 120_000, killSignal: "SIGKILL", stdio: ["ignore", stdout, "pipe"] });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr };
}

function expectOneLine(r: { code: number | null; stderr: string }, code: number, message: string | RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  if (typeof message === "string") expect(lines[0]).toContain(message);
  else expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe("no command writes another command's committed files", { timeout: 600_000 }, () => {
  const before = committedState();

  it.each([
    [["vitsparse", "mask", "window", "--grid", "14x14", "--k", "3", "--out", "data/kernel-bench.arrow"], "vitsparse: mask window: --out data/kernel-bench.arrow: data/kernel-bench.arrow is written only by `npm run bench`; write to scratch/ or outside the repository instead"],
    [["vitsparse", "mask", "window", "--grid", "14x14", "--k", "3", "--out", "results/claims.arrow"], "results/claims.arrow is written only by `npm run reproduce` (a complete default run, no notebook named)"],
    [["vitsparse", "mask", "window", "--grid", "14x14", "--k", "3", "--out", "data/x.arrow"], "data/x.arrow is written by no command"],
    [["vitsparse", "sweep", "mac-lines", "--set", "workload.attention.window.k=3,5", "--out", "results/03-pruning-ratio/sweep.csv"], "results/03-pruning-ratio/sweep.csv is written only by `npm run reproduce`"],
    [["data-import", "--out-dir", "data", "--no-download"], "data:import: --out-dir data/vitcod-mask-info-0.95.arrow: data/vitcod-mask-info-0.95.arrow is written by no command"],
    [["reproduce", "notebooks/03-pruning-ratio.ipynb", "--out", "results/x.ipynb"], "reproduce: --out results/x.ipynb: results/x.ipynb is written only by `npm run reproduce`"],
    [["reproduce", "notebooks/03-pruning-ratio.ipynb", "--out", "notebooks/04-sddmm-kernel.ipynb"], "notebooks/04-sddmm-kernel.ipynb is written only by `npm run reproduce`"],
    [["bench", "--out", "data/fig5-pruning-vs-accuracy.arrow"], "data/fig5-pruning-vs-accuracy.arrow is written only by `npm run data:digitize:fig5`"],
    [["measure-latency", "--out", "data/kernel-bench.arrow"], "data/kernel-bench.arrow is written only by `npm run bench`"],
    [["accuracy-kernel-check", "--out", "results/check.arrow"], "results/check.arrow is written only by `npm run reproduce`"],
  ])("%j: exit 2, one line naming the file and its owner", async (argv, message) => {
    expectOneLine(await run(argv), 2, message);
  });

  it("checks an unwritable --out before measuring anything (a directory, a symbolic link loop)", async () => {
    const loop = join(tmp, "loop.arrow");
    symlinkSync(loop, loop);
    expectOneLine(await run(["measure-latency", "--models", "deit-tiny", "--out", tmp]), 2, `measure:latency: --out ${tmp} is a directory; expected a file path`);
    expectOneLine(await run(["bench", "--out", loop]), 2, `bench: --out ${loop} is a symbolic link loop (to ${loop})`);
    expectOneLine(await run(["accuracy-kernel-check", "--out", join(tmp, "nowhere", "x.arrow")]), 2, "does not exist (create it first)");
    expectOneLine(await run(["vitsparse", "mask", "polarize", "--npy", loop]), 2, `mask polarize: --npy: .arrow file ${loop} is a symbolic link loop (to ${loop}); expected a regular file`);
  });

  it("left every file under data/ and results/ as it was", () => {
    expect(committedState()).toEqual(before);
  });
});

describe("a stdout that cannot take the output", { timeout: 300_000 }, () => {
  it.each([
    [["vitsparse", "compare", "--json"], "vitsparse"],
    [["vitsparse", "sweep", "mac-lines", "--set", "workload.attention.window.k=3,5"], "vitsparse"],
    [["data-manifest", "--json"], "data:manifest"],
  ])("%j > /dev/full: exit 1, one line, no trace", async (argv, command) => {
    const fd = openSync("/dev/full", "w");
    try {
      const r = await run(argv, fd);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`${command}: cannot write the output to stdout (ENOSPC: no space left on the device); the output was lost\n`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    } finally {
      closeSync(fd);
    }
  });
});

describe("one list rule and the models' validity, before any work", { timeout: 600_000 }, () => {
  it.each([
    [["measure-latency", "--models", "deit-tiny,,"], 'measure:latency: --models got an empty item at position 2 in "deit-tiny,,"'],
    [["measure-latency", "--models", ""], "measure:latency: --models got an empty value; expected a comma-separated list of all or deit-tiny"],
    [["accuracy-kernel-check", "--models", ""], "accuracy:kernel-check: --models got an empty value"],
    [["accuracy-kernel-check", "--models", "all,finetune-windowed-lower-seed0"], 'accuracy:kernel-check: --models: "all" stands alone'],
    [["bench", "--windows", "3,3", "--out", "none"], 'bench: --windows: 3 is listed twice in "3,3"'],
    [["vitsparse", "simulate", "fig11", "--pes", "1000000000"], "simulate fig11: --pes 1000000000 is outside the Fig. 11 model's validity: a MAC line has work for at most 197 PEs"],
    [["vitsparse", "simulate", "systolic", "--workload", "dense", "--k", "5"], "simulate systolic: --k does not apply with --workload dense, got --k 5"],
    [["vitsparse", "mask", "window", "--grid", "14x14", "--k", "3", "--layers", "100000", "--heads", "100000", "--out", join(tmp, "big.npy")], "mask export: a dense (100000, 100000, 197, 197) bool array needs 388090000000000 bytes, more than the 2147483647-byte .npy limit"],
    [["vitsparse", "mask", "window", "--grid", "1000x1000", "--k", "3", "--out", join(tmp, "one.npy")], "mask export: a dense (1000001, 1000001) bool array needs 1000002000001 bytes"],
    [["vitsparse", "mask", "window", "--grid", "14x14", "--k", "3", "--layers", "1000", "--heads", "1000", "--out", join(tmp, "big.arrow")], "mask export: 1993000000 kept entries of a (1000, 1000, 197, 197) schedule as Arrow columns needs 59.40 GiB, over the memory limit"],
  ])("%j: exit 2, one line", async (argv, message) => {
    expectOneLine(await run(argv), 2, message);
  });
});
