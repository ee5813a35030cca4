/**
 * The output guard (`lib/data/output-guard.ts`): nothing committed is written by anything but its owner, and
 * an output path that cannot be written is refused before any work — each refusal one line naming the path
 * and, for a guarded one, the command that owns it. In-process: the CLI-level cases are in
 * test/cli/guarded-outputs.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IoError, UserError } from "../../lib/errors.ts";
import { writeFileAtomic } from "../../lib/data/atomic-write.ts";
import { checkFreeSpace, checkOutputFile, checkOutputFolder, checkSameFilesystem, ownerOfRepoPath } from "../../lib/data/output-guard.ts";
import { repoRoot } from "../../lib/paths.ts";

const tmp = mkdtempSync(join(tmpdir(), "vitsparse-guard-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The error `f` throws (fails the test when it does not throw). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

describe("guarded paths", () => {
  it.each([
    ["data/kernel-bench.arrow", "data/kernel-bench.arrow is written only by `npm run bench`"],
    ["data/manifest.json", "data/manifest.json is written by the data commands, each for its own entry"],
    ["data/new.npy", "data/new.npy is written by no command (data/ holds only the committed data files"],
    ["data/models/x.bin", "data/models/x.bin is written only by `npm run experiment:accuracy`"],
    ["results/claims.arrow", "results/claims.arrow is written only by `npm run reproduce` (a complete default run, no notebook named)"],
    ["results/new-folder/x.csv", "results/new-folder/x.csv is written only by `npm run reproduce`"],
    ["notebooks/03-pruning-ratio.ipynb", "notebooks/03-pruning-ratio.ipynb is written only by `npm run reproduce`"],
    ["lib/paths.ts", "lib/paths.ts is written by nobody but a person (a source file git tracks)"],
    ["package.json", "package.json is written by nobody but a person"],
    ["lib/not-tracked.npy", "lib/not-tracked.npy is written by nobody but a person (lib/ holds the kit's source files git tracks)"],
    ["notebooks/x.npy", "notebooks/x.npy is written by nobody but a person (notebooks/ holds the kit's source files git tracks)"],
  ])("--out %s is refused, naming its owner", (rel, message) => {
    const err = thrown(() => checkOutputFile(join(repoRoot, rel), "cmd: --out"));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain(message);
    expect(err.message).toMatch(/; write to scratch\/ or outside the repository instead$/);
  });

  it("lets each regeneration command write its own file, and only that", () => {
    expect(checkOutputFile(join(repoRoot, "data/kernel-bench.arrow"), "bench: --out", { command: "npm run bench" })).toBe(join(repoRoot, "data/kernel-bench.arrow"));
    expect(() => checkOutputFile(join(repoRoot, "data/fig5-pruning-vs-accuracy.arrow"), "bench: --out", { command: "npm run bench" })).toThrow("is written only by `npm run data:digitize:fig5`");
    expect(() => checkOutputFile(join(repoRoot, "results/claims.arrow"), "reproduce: --out", { command: "npm run reproduce" })).toThrow(UserError);
  });

  it("accepts scratch/, untracked files and paths outside the repository", () => {
    expect(ownerOfRepoPath("scratch/x.npy")).toBeNull();
    expect(ownerOfRepoPath(".git/config")).toBe("git itself (the repository's own folder)");
    expect(ownerOfRepoPath("not-tracked.npy")).toBeNull();
    expect(ownerOfRepoPath("test/browser/screenshots/x.png")).toBeNull(); // git-ignored
    expect(checkOutputFile(join(tmp, "ok.npy"), "cmd: --out")).toBe(join(tmp, "ok.npy"));
  });

  it("sees through a linked folder into data/", () => {
    const link = join(tmp, "data-link");
    symlinkSync(join(repoRoot, "data"), link);
    expect(() => checkOutputFile(join(link, "kernel-bench.arrow"), "cmd: --out")).toThrow("data/kernel-bench.arrow is written only by `npm run bench`");
    expect(() => checkOutputFolder(link, "cmd: --out-dir")).toThrow(/data is written by no command/);
  });

  it("checks each file an --out-dir command would write", () => {
    const files = ["vitcod-mask-info-0.95.arrow"];
    expect(() => checkOutputFolder(join(repoRoot, "data"), "data:import: --out-dir", { command: "npm run data:import", files })).toThrow(
      "data:import: --out-dir " + join(repoRoot, "data", files[0]!) + ": data/vitcod-mask-info-0.95.arrow is written by no command",
    );
    expect(checkOutputFolder(join(repoRoot, "data", "external"), "data:import: --out-dir", { command: "npm run data:import", files })).toBe(join(repoRoot, "data", "external"));
    expect(() => checkOutputFolder(join(repoRoot, "lib"), "cmd: --out-dir")).toThrow("lib is written by nobody but a person (a folder of files git tracks)");
  });
});

describe("unwritable output paths", () => {
  it("refuses a symbolic link (a loop too): the write would replace the link", () => {
    const loop = join(tmp, "loop");
    symlinkSync(loop, loop);
    expect(thrown(() => checkOutputFile(loop, "cmd: --out")).message).toBe(`cmd: --out ${loop} is a symbolic link loop (to ${loop}); writing would replace the link, not its target: name a regular file`);
    const target = join(tmp, "target.npy");
    writeFileSync(target, "x");
    symlinkSync(target, join(tmp, "link.npy"));
    expect(() => checkOutputFile(join(tmp, "link.npy"), "cmd: --out")).toThrow("is a symbolic link (to " + target + ")");
    expect(() => checkOutputFolder(join(loop, "sub"), "cmd: --out-dir")).toThrow(`${loop} is a symbolic link loop; expected a folder`);
  });

  it("refuses a directory, a path under a file, a missing folder, /proc, /sys and /dev", () => {
    mkdirSync(join(tmp, "dir"));
    writeFileSync(join(tmp, "file"), "x");
    expect(() => checkOutputFile(join(tmp, "dir"), "cmd: --out")).toThrow("is a directory; expected a file path");
    expect(() => checkOutputFile(join(tmp, "file", "x.npy"), "cmd: --out")).toThrow(`${join(tmp, "file")} is a file, not a directory`);
    expect(() => checkOutputFile(join(tmp, "nowhere", "x.npy"), "cmd: --out")).toThrow("does not exist (create it first)");
    for (const p of ["/proc/x.npy", "/sys/x/y.npy", "/dev/x.npy"]) expect(() => checkOutputFile(p, "cmd: --out")).toThrow(/cannot write under \/(proc|sys|dev)/);
    expect(() => checkOutputFile("", "cmd: --out")).toThrow("cmd: --out expects a file path, got an empty value");
  });

  it("refuses outputs that do not fit on the disk, or that could not be renamed into place (exit 1)", () => {
    const full = thrown(() => checkFreeSpace(tmp, 2 ** 60, "cmd: --out x"));
    expect(full).toBeInstanceOf(IoError);
    expect(full.message).toMatch(/^cmd: --out x: needs \d+\.\d MiB \(\+16\.0 MiB margin\) on the filesystem of .+, \d+\.\d MiB free; nothing was written$/);
    expect(() => checkFreeSpace(tmp, 1024, "cmd")).not.toThrow();
    const cross = thrown(() => checkSameFilesystem(tmp, ["/proc/self"], "reproduce"));
    expect(cross).toBeInstanceOf(IoError);
    expect(cross.message).toContain("reproduce: /proc/self is on another filesystem than the staging folder");
  });

  it("turns a failing filesystem into one line naming the path (IoError, exit 1)", () => {
    const err = thrown(() => writeFileAtomic("/sys/vitsparse-guard-test/x.csv", "x"));
    expect(err).toBeInstanceOf(IoError);
    expect(err.message).toMatch(/^cannot create the folder of \/sys\/vitsparse-guard-test\/x\.csv: E[A-Z]+(: .+)?$/);
    expect(existsSync("/sys/vitsparse-guard-test")).toBe(false);
  });
});
