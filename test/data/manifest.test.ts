import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataFileProblem, manifestKey, readManifest, recordDataFile } from "../../lib/data/manifest.ts";
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
    for (const f of tracked.filter((t) => t.startsWith("data/models/"))) expect(manifest[f.slice(5)]!.command).toBe("npm run experiment:accuracy");
  });

  it("names the file and the command that regenerates it when the content changed", () => {
    mkdirSync(join(root, "data"), { recursive: true });
    const path = join(root, "data", "fig5.arrow");
    const bytes = new Uint8Array(readFileSync(dataPath("fig5-pruning-vs-accuracy.arrow")));
    recordDataFile(path, bytes, "npm run data:digitize:fig5", root);
    expect(readManifest(root)["fig5.arrow"]!.command).toBe("npm run data:digitize:fig5");
    expect(dataFileProblem(path, bytes, root)).toBeNull();
    const flipped = bytes.slice();
    for (let i = 0; i < 30; i++) flipped[flipped.length - 40 - i] ^= 0x5a;
    expect(dataFileProblem(path, flipped, root)).toMatch(/^data\/fig5\.arrow: sha256 \w+… does not match data\/manifest\.json \(\w+…\): the file was changed or corrupted; regenerate it with `npm run data:digitize:fig5`/);
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
});
