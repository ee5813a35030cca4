/**
 * The in-process runner the CLI tests use (test/cli/in-process.ts) sees what a user sees: for a success, a
 * refusal, a group without its sub-command and an error with an environment variable, `runCli` gives the same
 * exit status, stdout and stderr as the real `node bin/vitsparse.js`, and it leaves the process as it found it;
 * `runScriptInProcess` gives what `node bin/run-script.js scripts/NAME.ts` (npm run) gives, for both kinds of script frame.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { IN_PROCESS_SCRIPTS, runCli, runScriptInProcess } from "./in-process.ts";

function spawned(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, "bin", "vitsparse.js"), ...args], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("runCli: the same exit status and output as the real command", { timeout: 300_000 }, () => {
  it.each([
    ["a success on stdout (console.log)", ["mask", "window", "--grid", "14x14", "--k", "3", "--json"], {}],
    ["--version", ["--version"], {}],
    ["a refusal: one line on stderr, exit 2", ["simulate", "heatvit", "--blocks", "3,,9"], {}],
    ["a group without its sub-command: help and a line on stderr, exit 2", ["mask"], {}],
    ["an environment variable read by the command", ["mask", "window", "--grid", "300x300", "--k", "3"], { VITSPARSE_MAX_MEMORY: "1M" }],
  ] as [string, string[], Record<string, string>][])("%s", async (_what, args, env) => {
    const real = spawned(args, env);
    const inProcess = await runCli(args, { env });
    expect({ code: inProcess.code, stdout: inProcess.stdout, stderr: inProcess.stderr }).toEqual(real);
    expect(real.stdout.length + real.stderr.length).toBeGreaterThan(0);
  });

  it("restores the environment, the working directory, stdout and the console afterwards", async () => {
    const before = { write: process.stdout.write, console: globalThis.console, cwd: process.cwd(), env: process.env["VITSPARSE_MAX_MEMORY"] };
    const r = await runCli(["mask", "window", "--grid", "3x3", "--k", "3"], { env: { VITSPARSE_MAX_MEMORY: "lots" }, cwd: join(repoRoot, "lib") });
    expect(r.code).toBe(2);
    expect({ write: process.stdout.write, console: globalThis.console, cwd: process.cwd(), env: process.env["VITSPARSE_MAX_MEMORY"] }).toEqual(before);
  });
});

describe("runScriptInProcess: the same as the real script", { timeout: 300_000 }, () => {
  it.each([
    ["an exported main (reproduce), bad input", "reproduce", ["nowhere/x.ipynb"]],
    ["an exported main (data-import), --help", "data-import", ["--help"]],
    ["a runScript frame (data-provenance), --json", "data-provenance", ["--json"]],
    ["a runWriterScript frame (digitize), a bad flag", "digitize", ["--nope"]],
  ])("%s", async (_what, name, args) => {
    const r = spawnSync(process.execPath, ["bin/run-script.js", `scripts/${name}.ts`, ...args], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
    const inProcess = await runScriptInProcess(name, args);
    expect({ code: inProcess.code, stdout: inProcess.stdout, stderr: inProcess.stderr }).toEqual({ code: r.status, stdout: r.stdout, stderr: r.stderr });
    expect(r.stdout.length + r.stderr.length).toBeGreaterThan(0);
  });

  it("importing a script runs nothing; a script that runs at import is refused", async () => {
    const exitCode = process.exitCode;
    for (const name of IN_PROCESS_SCRIPTS) await import(join(repoRoot, "scripts", `${name}.ts`));
    expect(process.exitCode).toBe(exitCode);
    await expect(runScriptInProcess("bench", ["--help"])).rejects.toThrow(/runs when imported/);
  });
});
