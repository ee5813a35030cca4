import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataFileProblem, defaultCommand, manifestKey, manifestPath, readManifest, recordDataFile, recordProblem } from "../../lib/data/manifest.ts";
import { DATA_FILE_OWNERS } from "../../lib/data/owners.ts";
import { STUDIES, studyGenerator } from "../../lib/train/studies.ts";
import { dataPath, repoRoot } from "../../lib/paths.ts";

const root = mkdtempSync(join(tmpdir(), "vitsparse-manifest-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("data/manifest.json", () => {
  it("records committed data files only (not data/external, not other folders)", () => {
    expect(manifestKey(join(root, "data", "x.arrow"), root)).toBe("x.arrow");
    expect(manifestKey(join(root, "data", "sub", "y.arrow"), root)).toBe("sub/y.arrow");
    expect(manifestKey(join(root, "data", "external", "x.arrow"), root)).toBeNull();
    expect(manifestKey(join(root, "results", "x.arrow"), root)).toBeNull();
    expect(manifestKey(join(root, "data", "models", "m.bin"), root)).toBe("models/m.bin");
    expect(manifestKey(join(root, "data", "digitized", "r.json"), root)).toBe("digitized/r.json");
    expect(manifestKey(join(root, "data", "manifest.json"), root)).toBeNull();
    expect(manifestKey(join(root, "data", "m.bin"), root)).toBeNull();
  });

  it("the committed model weights and readings are recorded, each with the command that makes it", () => {
    const tracked = spawnSync("git", ["ls-files", "data"], { cwd: repoRoot, encoding: "utf8" }).stdout.split("\n").filter((f) => f !== "" && f !== "data/manifest.json");
    const manifest = readManifest(repoRoot);
    expect(tracked.filter((f) => manifest[f.slice("data/".length)] === undefined)).toEqual([]);
    // A model is made by its study's command (lib/train/studies.ts): the suffix in its name names the study.
    for (const f of tracked.filter((t) => t.startsWith("data/models/"))) {
      const study = Object.entries(STUDIES).find(([, d]) => d.suffix !== "" && f.includes(`vit-fashion-mnist${d.suffix}-`))?.[0] ?? "main";
      expect(manifest[f.slice(5)]!.command, f).toBe(studyGenerator(study));
    }
  });


  it("names the file and the command that regenerates it when the content changed", () => {
    mkdirSync(join(root, "data"), { recursive: true });
    const path = join(root, "data", "fig5-pruning-vs-accuracy.arrow");
    const bytes = new Uint8Array(readFileSync(dataPath("fig5-pruning-vs-accuracy.arrow")));
    recordDataFile(path, bytes, "npm run data:digitize:fig5", root);
    expect(readManifest(root)["fig5-pruning-vs-accuracy.arrow"]!.command).toBe("npm run data:digitize:fig5");
    expect(dataFileProblem(path, bytes, root)).toBeNull();
    const flipped = bytes.slice();
    for (let i = 0; i < 30; i++) flipped[flipped.length - 40 - i] ^= 0x5a;
    expect(dataFileProblem(path, flipped, root)).toMatch(/^data\/fig5-pruning-vs-accuracy\.arrow: sha256 \w+… does not match data\/manifest\.json \(\w+…\): the file was changed or corrupted; regenerate it with `npm run data:digitize:fig5`/);
    expect(dataFileProblem(join(root, "data", "other.arrow"), bytes, root)).toMatch(/data\/other\.arrow is not recorded in data\/manifest\.json/);
  });

  it("matches every committed data file", () => {
    const manifest = readManifest(repoRoot);
    expect(Object.keys(manifest).length).toBeGreaterThan(5);
    for (const key of Object.keys(manifest)) {
      const path = join(repoRoot, "data", key);
      expect(dataFileProblem(path, readFileSync(path)), key).toBeNull();
    }
  });

  it("is recorded only by the file's own command (lib/data/owners.ts): another command is refused, the entry kept", () => {
    const r = mkdtempSync(join(tmpdir(), "vitsparse-owner-"));
    mkdirSync(join(r, "data"));
    const bytes = new Uint8Array(readFileSync(dataPath("kernel-bench.arrow")));
    recordDataFile(join(r, "data", "kernel-bench.arrow"), bytes, "npm run bench -- --rounds 31", r);
    const before = readFileSync(manifestPath(r), "utf8");
    expect(() => recordDataFile(join(r, "data", "kernel-bench.arrow"), new Uint8Array(8), "vitsparse mask window --grid 14x14 --k 3", r)).toThrow(
      "data/kernel-bench.arrow is regenerated only by `npm run bench`, not by `vitsparse mask window --grid 14x14 --k 3`; its data/manifest.json entry was left as it was",
    );
    expect(() => recordDataFile(join(r, "data", "new.arrow"), bytes, "npm run bench", r)).toThrow(/data\/new\.arrow is not a committed data file \(lib\/data\/owners\.ts lists them\)/);
    expect(readFileSync(manifestPath(r), "utf8")).toBe(before);
    expect(recordProblem(join(r, "results", "x.arrow"), "anything", r)).toBeNull(); // not committed data: nothing to record
    rmSync(r, { recursive: true, force: true });
  });

  it("names every committed data file's owner, and the owner is the command the manifest records", () => {
    const manifest = readManifest(repoRoot);
    expect(Object.keys(manifest).filter((k) => k.endsWith(".arrow")).sort()).toEqual(Object.keys(DATA_FILE_OWNERS).sort());
    for (const [key, entry] of Object.entries(manifest)) {
      const owner = DATA_FILE_OWNERS[key] ?? defaultCommand(key)!;
      expect(entry.command === owner || entry.command.startsWith(`${owner} `), key).toBe(true);
    }
  });

  it.each([
    ["invalid JSON", (p: string) => writeFileSync(p, "{ not json"), /^data\/manifest\.json is not valid JSON \(.+\); restore it with git checkout -- data\/manifest\.json$/],
    ["a directory", (p: string) => mkdirSync(p), /^data\/manifest\.json is a directory; expected a regular file; restore it/],
    ["a link to /dev/zero", (p: string) => symlinkSync("/dev/zero", p), /^data\/manifest\.json \(a symlink to \/dev\/zero\) is a character device; expected a regular file; restore it/],
    ["oversize (sparse 2 GiB)", (p: string) => { writeFileSync(p, ""); truncateSync(p, 2 ** 31); }, /^data\/manifest\.json has 2147483648 bytes, more than the 1048576 bytes expected; restore it/],
    ["the wrong shape", (p: string) => writeFileSync(p, JSON.stringify({ files: { "a.arrow": { sha256: "x", command: "c" } } })), /^data\/manifest\.json: the entry of "a\.arrow" is not \{ "sha256": 64 hex digits, "command": text \}; restore it/],
  ])("a manifest that is %s is one line naming it", (_what, make, message) => {
    const r = mkdtempSync(join(tmpdir(), "vitsparse-badmanifest-"));
    mkdirSync(join(r, "data"));
    make(manifestPath(r));
    let error: Error | undefined;
    try {
      readManifest(r);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.name).toBe("UserError");
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain("\n");
    // A data file's check reports the same line instead of throwing.
    expect(dataFileProblem(join(r, "data", "kernel-bench.arrow"), new Uint8Array(1), r)).toMatch(message);
    rmSync(r, { recursive: true, force: true });
  });
});
