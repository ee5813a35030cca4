/**
 * The provenance of every committed data file as one Markdown table (the README's data table), read from
 * the files' own Arrow schema metadata — so the table cannot drift from the data.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { dataPath } from "../paths.ts";

/** One data file's provenance summary. */
export interface DataFileSummary {
  file: string;
  kind: string;
  source: string;
  license: string;
  generator: string;
  rows: number;
}

/** Summaries of every `data/*.arrow` file (not `data/external/`), sorted by name. */
export function dataFileSummaries(dir = dataPath()): DataFileSummary[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".arrow"))
    .sort()
    .map((f) => {
      const table = tableFromIPC(readFileSync(join(dir, f)));
      const m = table.schema.metadata;
      return {
        file: `data/${f}`,
        kind: m.get("kind") ?? "?",
        source: m.get("source") ?? "?",
        license: m.get("license") ?? "?",
        generator: m.get("generator") ?? "?",
        rows: table.numRows,
      };
    });
}

function cell(text: string, max: number): string {
  const t = text.replace(/\|/g, "\\|").replace(/\s+/g, " ");
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The Markdown table of {@link dataFileSummaries}; long sources are shortened (the file holds the full text). */
export function provenanceMarkdown(rows: readonly DataFileSummary[]): string {
  const lines = ["| file | kind | source | licence | made by | rows |", "| --- | --- | --- | --- | --- | --- |"];
  for (const r of rows) {
    const generator = r.generator.split(" -- ")[0]!;
    lines.push(`| \`${r.file}\` | ${r.kind} | ${cell(r.source, 140)} | ${cell(r.license, 60)} | \`${generator}\` | ${r.rows} |`);
  }
  return lines.join("\n") + "\n";
}
