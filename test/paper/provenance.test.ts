/**
 * Provenance has one source record per public source: every ViTCoD commit cited under lib/, scripts/, data/
 * (file metadata and manifests) or the notebooks is one of the commits in lib/paper/sources.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { POSTER, VITCOD, VITCOD_COMMITS } from "../../lib/paper/sources.ts";
import { repoRoot } from "../../lib/paths.ts";

/** Text files and Arrow files (whose schema metadata holds the provenance) under a folder. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|py|md|json|ipynb|arrow|txt|csv)$/.test(name) && statSync(p).size < 50_000_000 ? [p] : [];
  });
}

/**
 * Commit-like hex strings (whole tokens of 7–40 hex digits with a digit and a letter; a sha256 is 64 digits and
 * never matches) that start within `radius` characters of a ViTCoD mention.
 */
export function vitcodCommitCitations(text: string, radius = 300): string[] {
  const mentions = [...text.matchAll(/ViTCoD|GATECH-EIC/gi)].map((m) => m.index);
  const found = new Set<string>();
  for (const h of text.matchAll(/(?<![0-9a-zA-Z])[0-9a-f]{7,40}(?![0-9a-zA-Z])/g)) {
    if (!/[0-9]/.test(h[0]) || !/[a-f]/.test(h[0])) continue;
    if (mentions.some((i) => Math.abs(i - h.index) <= radius)) found.add(h[0]);
  }
  return [...found];
}

/** The commits a citation may abbreviate: ViTCoD's records, and the poster's (cited beside ViTCoD in shared provenance). */
const KNOWN = [...VITCOD_COMMITS, POSTER.commit];
const known = (h: string) => KNOWN.some((c) => c.startsWith(h));

describe("ViTCoD commits in provenance", () => {
  it("finds a stray commit in a provenance text (the detector can fail)", () => {
    const text = "README.md of github.com/GATECH-EIC/ViTCoD (commit 06f9c2a61ec85ac50ffa5a20b9594b876742b25b)";
    expect(vitcodCommitCitations(text).filter((h) => !known(h))).toEqual(["06f9c2a61ec85ac50ffa5a20b9594b876742b25b"]);
    expect(vitcodCommitCitations(`ViTCoD @ ${VITCOD.commit.slice(0, 7)}, sha256 ${"ab12".repeat(16)}`).filter((h) => !known(h))).toEqual([]);
  });

  it("lib/, scripts/, data/, notebooks/ and results/ cite only the commits of lib/paper/sources.ts", () => {
    const stray: string[] = [];
    for (const folder of ["lib", "scripts", "data", "notebooks", "results"]) {
      for (const f of files(join(repoRoot, folder))) {
        // sources.ts is the one home of the records (its comments may name the commits it checked against).
        if (relative(repoRoot, f) === join("lib", "paper", "sources.ts")) continue;
        // produced-from.json records the kit's own commit and file hashes (lib/notebook), not a source citation;
        // its list of lib files names lib/.../vitcod*.ts, which would put those hashes "near a ViTCoD mention".
        if (f.endsWith("produced-from.json")) continue;
        const text = readFileSync(f).toString("latin1");
        if (!/ViTCoD|GATECH-EIC/i.test(text)) continue;
        const bad = vitcodCommitCitations(Buffer.from(text, "latin1").toString("utf8")).filter((h) => !known(h));
        for (const h of bad) stray.push(`${relative(repoRoot, f)}: ${h}`);
      }
    }
    expect(stray).toEqual([]);
  });
});
