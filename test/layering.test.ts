/**
 * The layering lib/README.md states, checked from the import graph: every relative import (static `from`, and
 * dynamic `import()`) of every module under lib/ goes to its own folder or to a LOWER one in LIB_LAYERS; nothing
 * outside lib/cli imports lib/cli. The README's layering line is generated from the same list (checked below), so
 * the text and the test cannot drift apart.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../lib/paths.ts";

/**
 * The layers, lowest first. `(root)` is lib/*.ts (errors, paths, random, stats, memory budget, run context);
 * `data` is the IO core (Arrow, npy, manifest, atomic writes), below the paper values it stores; `data/reference`
 * and `data/files` are the typed data files, which know the paper's and the specs' types.
 */
const LIB_LAYERS = [
  "(root)", "data", "paper", "specs", "data/reference", "data/files", "masks", "kernels", "workload", "cycles",
  "claims", "analysis", "experiment", "output", "figures", "datasets", "train", "notebook", "cli",
] as const;

/** The layer of a path relative to lib/ (`cycles/models/x.ts` → `cycles`). */
export function layerOf(rel: string): string {
  const parts = rel.split(sep);
  if (parts.length === 1) return "(root)";
  if (parts[0] === "data" && parts.length > 2 && (parts[1] === "files" || parts[1] === "reference")) return `data/${parts[1]}`;
  return parts[0]!;
}

/** Every import edge (file → imported file, both relative to lib/) of the modules under lib/. */
function importEdges(libDir: string): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (!p.endsWith(join("wasm", "assembly"))) walk(p);
        continue;
      }
      if (!name.endsWith(".ts")) continue;
      const src = readFileSync(p, "utf8");
      for (const m of src.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = normalize(join(dirname(p), m[1]!));
        const rel = relative(libDir, target);
        if (rel.startsWith("..")) continue;
        edges.push({ from: relative(libDir, p), to: rel });
      }
    }
  };
  walk(libDir);
  return edges;
}

/** The edges that break the layering: into an unknown layer, or into the same-or-higher layer of another folder. */
export function layeringViolations(edges: readonly { from: string; to: string }[], layers: readonly string[] = LIB_LAYERS): string[] {
  const rank = new Map(layers.map((l, i) => [l, i]));
  const out: string[] = [];
  for (const e of edges) {
    const a = layerOf(e.from);
    const b = layerOf(e.to);
    if (a === b) continue;
    if (!rank.has(a) || !rank.has(b)) out.push(`${e.from} → ${e.to}: layer ${rank.has(a) ? b : a} is not in the layering`);
    else if (rank.get(b)! >= rank.get(a)!) out.push(`lib/${e.from} (${a}) imports lib/${e.to} (${b}), a layer not below it`);
  }
  return out;
}

describe("lib/ layering", () => {
  const edges = importEdges(join(repoRoot, "lib"));

  it("sees the graph (sanity: hundreds of edges)", () => {
    expect(edges.length).toBeGreaterThan(300);
  });

  it("no folder imports a higher one", () => {
    expect(layeringViolations(edges)).toEqual([]);
  });

  it("nothing outside lib/cli imports lib/cli", () => {
    expect(edges.filter((e) => layerOf(e.to) === "cli" && layerOf(e.from) !== "cli").map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it("the checker catches an upward import (data → paper's higher neighbours, cycles → analysis) and an unknown folder", () => {
    expect(layeringViolations([{ from: join("data", "x.ts"), to: join("workload", "roles.ts") }])).toHaveLength(1);
    expect(layeringViolations([{ from: join("data", "files", "x.ts"), to: join("train", "compare-logits.ts") }])).toHaveLength(1);
    expect(layeringViolations([{ from: join("cycles", "x.ts"), to: join("analysis", "y.ts") }])).toHaveLength(1);
    expect(layeringViolations([{ from: join("cycles", "x.ts"), to: join("nowhere", "y.ts") }])[0]).toMatch(/not in the layering/);
    expect(layeringViolations([{ from: join("analysis", "x.ts"), to: join("cycles", "y.ts") }])).toEqual([]);
  });

  it("lib/README.md states this layering", () => {
    const readme = readFileSync(join(repoRoot, "lib", "README.md"), "utf8");
    const line = `Layers, lowest first: ${LIB_LAYERS.map((l) => (l === "(root)" ? "lib/*.ts" : `\`${l}/\``)).join(" → ")}.`;
    expect(readme).toContain(line);
  });
});
