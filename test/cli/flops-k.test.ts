/**
 * `flops` takes the window side as `--k`, the flag of every other command (`--window` stays its synonym): the same
 * report either way, and one line when the two disagree or the blocks are missing.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "./in-process.ts";

/** The CLI in-process (test/cli/in-process.ts): exit code, stdout and stderr without their trailing newline. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCli(argv);
  return { code: r.code, stdout: r.stdout.trimEnd(), stderr: r.stderr.trimEnd() };
}

describe("flops --k", () => {
  it("is --window: the same report, blocks 'all' as everywhere", async () => {
    const viaK = await cli(["flops", "--model", "deit-tiny", "--k", "3", "--windowed", "all", "--json"]);
    const viaWindow = await cli(["flops", "--model", "deit-tiny", "--window", "3", "--windowed", "all", "--json"]);
    expect(viaK.code, viaK.stderr).toBe(0);
    expect(viaK.stdout).toBe(viaWindow.stdout);
    const r = JSON.parse(viaK.stdout) as { macs: number; denseMacs: number; window: { k: number; blocks: number[] } };
    expect(r.window.k).toBe(3);
    expect(r.window.blocks).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(r.macs).toBeLessThan(r.denseMacs);
  });

  it("both flags, or --k without --windowed: exit 2, one line", async () => {
    const both = await cli(["flops", "--model", "deit-tiny", "--k", "3", "--window", "5", "--windowed", "0-5"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^vitsparse: flops: --k and --window are the same flag, got both \(--k 3 --window 5\)$/);
    const alone = await cli(["flops", "--model", "deit-tiny", "--k", "3"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^vitsparse: flops: --k and --windowed go together \(e\.g\. --k 3 --windowed 0-5\)$/);
  });
});
