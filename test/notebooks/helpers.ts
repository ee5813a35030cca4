/** Helpers shared by the notebook parameter tests (03, 05, 07): what a parameter run may not touch, and what it says. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { repoRoot } from "../../lib/paths.ts";

/** `git status --porcelain` of the committed results/ and notebooks/ (a parameter run must leave it as it was). */
export function committedStatus(): string {
  return spawnSync("git", ["status", "--porcelain", "--", "results/", "notebooks/"], { cwd: repoRoot, encoding: "utf8" }).stdout;
}

/** All Markdown text of a notebook's outputs. */
export function markdownOutputs(path: string): string {
  const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: { outputs?: { data?: Record<string, string | string[]> }[] }[] };
  const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));
  return nb.cells.flatMap((c) => c.outputs ?? []).map((o) => text(o.data?.["text/markdown"])).join("\n");
}
