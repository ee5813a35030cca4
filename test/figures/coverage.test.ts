import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { SNAPSHOT_DIR } from "./snapshot.ts";

/**
 * Figures in results/ that have no snapshot test yet, each with the lane adding it. Remove a name when its
 * snapshot lands; the test fails when a listed name already has one, so the list cannot go stale.
 */
const PENDING: readonly string[] = [
];

/** Names (without `.svg`) of every figure under results/. */
function resultFigures(): string[] {
  const root = join(repoRoot, "results");
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).filter((f) => f.endsWith(".svg")).map((f) => f.slice(0, -4)));
}

describe("figure snapshot coverage", () => {
  it("every SVG in results/ has a committed snapshot in test/figures/snapshots/", () => {
    const missing = resultFigures().filter((n) => !PENDING.includes(n) && !existsSync(join(SNAPSHOT_DIR, `${n}.svg`)));
    expect(missing).toEqual([]);
  });

  it("no figure listed as pending already has a snapshot", () => {
    expect(PENDING.filter((n) => existsSync(join(SNAPSHOT_DIR, `${n}.svg`)))).toEqual([]);
  });
});
