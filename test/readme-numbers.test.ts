/**
 * Every number in the README's findings section comes from a produced file: each decimal number, each number
 * with a thousands separator and each percentage there must appear (as a whole token) in the text of
 * `results/` (CSV, Markdown, JSON) or in the outputs of the executed notebooks. A number typed into the README
 * that no reproduce run printed fails here.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../lib/paths.ts";

const FINDINGS_HEADING = "## What the kit found";

/** The README section that states the kit's findings (up to the next level-2 heading). */
function findingsSection(readme: string): string {
  const start = readme.indexOf(FINDINGS_HEADING);
  if (start < 0) throw new Error(`README.md has no "${FINDINGS_HEADING}" section`);
  const next = readme.indexOf("\n## ", start + FINDINGS_HEADING.length);
  return readme.slice(start, next < 0 ? undefined : next);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The text every produced number can be found in: results/ tables and ledgers, executed notebook outputs. */
function producedText(): string {
  const parts: string[] = [];
  for (const f of filesUnder(join(repoRoot, "results"))) if (/\.(csv|md|json)$/.test(f)) parts.push(readFileSync(f, "utf8"));
  const text = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");
  for (const f of readdirSync(join(repoRoot, "notebooks")).filter((n) => n.endsWith(".ipynb"))) {
    const nb = JSON.parse(readFileSync(join(repoRoot, "notebooks", f), "utf8")) as { cells: { outputs?: { data?: Record<string, unknown>; text?: unknown }[] }[] };
    for (const o of nb.cells.flatMap((c) => c.outputs ?? [])) {
      parts.push(o.data ? ["text/markdown", "text/plain", "text/html"].map((k) => text(o.data![k])).join("\n") : text(o.text));
    }
  }
  return parts.join("\n");
}

/** Numbers a reader takes as measured: decimals, numbers with thousands separators, and percentages. */
export function citedNumbers(section: string): string[] {
  const decimals = section.match(/(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.,])\d+\.\d+(?![\d])/g) ?? [];
  const percents = [...section.matchAll(/(?<![\d.,~])(\d+) ?%/g)].map((m) => m[1]!);
  return [...new Set([...decimals, ...percents])].sort();
}

function appears(number: string, corpus: string): boolean {
  const forms = new Set([number, number.replace(/,/g, "")]);
  return [...forms].some((f) => new RegExp(`(?<![\\d.])${f.replace(/[.]/g, "\\.")}(?![\\d])`).test(corpus));
}

describe("README findings", () => {
  it("extracts decimals, grouped thousands and percentages, not approximations", () => {
    expect(citedNumbers("a 89.03 % run, 2,043,156 cycles, 69 % max, ~7 % saved, ×1.21")).toEqual(["1.21", "2,043,156", "69", "89.03"]);
  });

  it("cites only numbers a reproduce run produced", () => {
    const section = findingsSection(readFileSync(join(repoRoot, "README.md"), "utf8"));
    const corpus = producedText();
    const cited = citedNumbers(section);
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((n) => !appears(n, corpus))).toEqual([]);
  });
});
