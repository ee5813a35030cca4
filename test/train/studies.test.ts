/**
 * The studies registry is the one list of committed accuracy studies: each one's files, regeneration commands
 * and plan agree with what the data files and the output guard's owners table say.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_FILE_OWNERS } from "../../lib/data/owners.ts";
import { repoRoot } from "../../lib/paths.ts";
import { kernelCheckFileName, kernelCheckGenerator, STUDIES, studyFiles, studyGenerator } from "../../lib/train/studies.ts";

describe("studies registry", () => {
  it("names the exact regeneration commands, with --study and --images only when not the default", () => {
    expect(studyGenerator("main")).toBe("npm run experiment:accuracy");
    expect(studyGenerator("poster-geometry")).toBe("npm run experiment:accuracy -- --study poster-geometry");
    expect(kernelCheckGenerator("main")).toBe("npm run accuracy:kernel-check");
    expect(kernelCheckGenerator("main", 500)).toBe("npm run accuracy:kernel-check -- --images 500");
    expect(kernelCheckGenerator("poster-geometry", 2000)).toBe("npm run accuracy:kernel-check -- --study poster-geometry --images 2000");
  });

  it("every study's files are owned by its commands, and its plan file exists", () => {
    for (const [name, def] of Object.entries(STUDIES)) {
      const f = studyFiles(def.suffix);
      for (const file of [f.study, f.locality, f.predictions]) expect(DATA_FILE_OWNERS[file], `${name}: ${file}`).toBe("npm run experiment:accuracy");
      expect(DATA_FILE_OWNERS[kernelCheckFileName(def.suffix)], name).toBe("npm run accuracy:kernel-check");
      if (def.plan) expect(existsSync(join(repoRoot, def.plan)), def.plan).toBe(true);
    }
  });

  it("a committed study file records its study's command as generator", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "data", "manifest.json"), "utf8")) as { files: Record<string, { command?: string }> } | Record<string, { command?: string }>;
    const entries = ("files" in manifest ? manifest.files : manifest) as Record<string, { command?: string }>;
    for (const [name, def] of Object.entries(STUDIES)) {
      const key = studyFiles(def.suffix).study;
      if (entries[key]) expect(entries[key]!.command, key).toBe(studyGenerator(name));
    }
  });
});
