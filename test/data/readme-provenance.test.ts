import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataFileSummaries, provenanceMarkdown } from "../../lib/data/provenance-table.ts";
import { repoRoot } from "../../lib/paths.ts";
import { DATA_KINDS } from "../../lib/data/arrow-table.ts";

describe("data provenance", () => {
  it("every committed data file states kind, source, licence and generator", () => {
    const rows = dataFileSummaries();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(DATA_KINDS as readonly string[], r.file).toContain(r.kind);
      for (const v of [r.source, r.license, r.generator]) expect(v.trim(), r.file).not.toMatch(/^\??$/);
      // No machine-specific absolute paths in provenance.
      expect(r.source, r.file).not.toMatch(/\/(work|home|root|tmp)\//);
    }
  });

  it("the README's data table is the one generated from the files (npm run data:provenance)", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    expect(readme).toContain(provenanceMarkdown(dataFileSummaries()));
  });
});
