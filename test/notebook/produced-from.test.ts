/**
 * What committed results were produced from (`lib/notebook/produced-from.ts`):
 * - in a throw-away repository, a default run records the commit and source ids; committing the results and
 *   rerunning writes the same bytes (the record does not chase HEAD); an edited, uncommitted notebook is named
 *   before it runs and its results record the change, and committing it records the new commit: that half is
 *   `produced-from-edited.test.ts` (one file of four runs took 28–32 s in the suite, near the 30-s mark);
 * - this repository's COMMITTED results (read from HEAD, so a rerun in CI cannot hide them) come from a clean
 *   tree whose sources equal HEAD's: CI fails on results made from a modified tree or from older sources.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readArrowTable, tableRows } from "../../lib/data/arrow-table.ts";
import { CLAIMS_SCHEMA } from "../../lib/claims/gather.ts";
import type { ProducedFrom } from "../../lib/claims/produced-from.ts";
import { committedNotebooks } from "../../lib/notebook/committed.ts";
import { parseNotebook, readNotebook } from "../../lib/notebook/ipynb.ts";
import { libSourceHash, notebookSourceHash } from "../../lib/notebook/produced-from.ts";
import { repoRoot } from "../../lib/paths.ts";
import { gitIn as git, makeTempRepo, runReproduce } from "./helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("produced-from.json in a throw-away repository", () => {
  it("records the commit and keeps it across a results-only commit (same bytes)", () => {
    const dir = makeTempRepo({ ledger: {} });
    dirs.push(dir);
    const record = (): ProducedFrom => JSON.parse(readFileSync(join(dir, "results", "ledger", "produced-from.json"), "utf8")) as ProducedFrom;
    git(dir, "add", "lib", "data", "notebooks");
    git(dir, "commit", "-qm", "sources");
    const c1 = git(dir, "rev-parse", "HEAD");

    const first = runReproduce(["--root", dir]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/differs from commit|uncommitted changes/);
    const r1 = record();
    expect(r1).toMatchObject({ notebook: "ledger", commit: c1, uncommitted: [] });
    // lib: the files the notebook's cells loaded (the ledger fixture: the table writer and the ledger, with their
    // imports), nothing it did not run (the CLI), nothing of the runner.
    expect(r1.sources.libFiles).toEqual(expect.arrayContaining(["lib/output/table.ts", "lib/claims/ledger.ts", "lib/paths.ts"]));
    expect(r1.sources.libFiles.filter((f) => f.startsWith("lib/cli/") || f.startsWith("lib/notebook/"))).toEqual([]);
    expect(r1.sources.lib).toBe(libSourceHash(r1.sources.libFiles, (f) => readFileSync(join(repoRoot, f))));
    expect(r1.sources.data).toBe(git(dir, "rev-parse", "HEAD:data"));
    expect(r1.sources.notebook).toBe(notebookSourceHash(readNotebook(join(dir, "notebooks", "ledger.ipynb"))));
    expect(readFileSync(join(dir, "results", "CLAIMS.md"), "utf8")).toContain(`Produced from commit \`${c1}\``);

    // Committing the results makes a new HEAD; the sources did not change, so a rerun writes the same bytes.
    git(dir, "add", "results", "notebooks");
    git(dir, "commit", "-qm", "results");
    const bytes = readFileSync(join(dir, "results", "ledger", "produced-from.json"), "utf8");
    const arrow = readFileSync(join(dir, "results", "claims.arrow"));
    const second = runReproduce(["--root", dir]);
    expect(second.status, second.stderr).toBe(0);
    expect(readFileSync(join(dir, "results", "ledger", "produced-from.json"), "utf8")).toBe(bytes);
    expect(readFileSync(join(dir, "results", "claims.arrow")).equals(arrow)).toBe(true);
    expect(git(dir, "status", "--porcelain", "--", "results", "notebooks")).toBe("");

  }, 600_000);
});

describe("this repository's committed results", () => {
  const hasGit = spawnSync("git", ["-C", repoRoot, "rev-parse", "HEAD"]).status === 0;
  /**
   * Objects of this repository, read with one `git cat-file --batch` per test (each notebook's record names
   * ~70 lib files, each read at HEAD and at the recorded commit: one git process each took seconds).
   */
  const objects = (specs: readonly string[]): Map<string, Buffer | null> => {
    const r = spawnSync("git", ["-C", repoRoot, "cat-file", "--batch"], { input: specs.map((x) => `${x}\n`).join(""), maxBuffer: 1024 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`git cat-file --batch failed: ${String(r.stderr)}`);
    const out = r.stdout;
    const found = new Map<string, Buffer | null>();
    let at = 0;
    for (const spec of specs) {
      const eol = out.indexOf(10, at);
      const header = out.subarray(at, eol).toString("utf8");
      at = eol + 1;
      const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
      if (m === null) {
        found.set(spec, null); // "<spec> missing" (or ambiguous)
        continue;
      }
      const size = Number(m[2]);
      found.set(spec, out.subarray(at, at + size));
      at += size + 1;
    }
    return found;
  };
  const show = (path: string): string | null => objects([`HEAD:${path}`]).get(`HEAD:${path}`)?.toString("utf8") ?? null;
  const blobOf = (found: Map<string, Buffer | null>, spec: string): Uint8Array => {
    const b = found.get(spec);
    if (b === undefined || b === null) throw new Error(`git cat-file blob ${spec} failed`);
    return b;
  };
  const head = (spec: string): string | null => {
    const r = spawnSync("git", ["-C", repoRoot, "rev-parse", "--verify", "--quiet", spec], { encoding: "utf8" });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const notebooks = hasGit ? committedNotebooks(repoRoot).paths.map((p) => p.split("/").pop()!.replace(/\.ipynb$/, "")) : [];

  for (const name of notebooks) {
    it.skipIf(!hasGit)(`${name}: come from a clean tree with HEAD's sources`, () => {
      const text = show(`results/${name}/produced-from.json`);
      expect(text, `results/${name}/produced-from.json is not committed: run npm run reproduce on a clean tree and commit its results`).not.toBeNull();
      const p = JSON.parse(text!) as ProducedFrom;
      expect(p.uncommitted, `results/${name} were made from a modified tree: commit the sources, rerun npm run reproduce, commit the results`).toEqual([]);
      const nb = parseNotebook(show(`notebooks/${name}.ipynb`)!, name);
      const files = p.sources.libFiles;
      expect(files.length, "the record lists the lib files the notebook ran").toBeGreaterThan(0);
      const recordedCommit = head(`${p.commit}^{commit}`);
      const found = objects([...files.map((f) => `HEAD:${f}`), ...(recordedCommit === null ? [] : files.map((f) => `${p.commit}:${f}`))]);
      const missing = files.filter((f) => found.get(`HEAD:${f}`) === null);
      expect(missing, `results/${name} ran lib files HEAD does not have: rerun npm run reproduce and commit the results`).toEqual([]);
      const want = {
        lib: libSourceHash(files, (f) => blobOf(found, `HEAD:${f}`)),
        libFiles: files,
        data: head("HEAD:data"),
        "package-lock.json": head("HEAD:package-lock.json"),
        notebook: notebookSourceHash(nb),
      };
      expect(p.sources, `results/${name} were made from other sources than HEAD's: rerun npm run reproduce and commit the results`).toEqual(want);
      // The recorded commit, when this clone has it (a shallow clone may not), holds exactly those sources.
      if (recordedCommit !== null) {
        expect(libSourceHash(files, (f) => blobOf(found, `${p.commit}:${f}`)), `commit ${p.commit} holds other lib sources`).toBe(want.lib);
        expect([head(`${p.commit}:data`), head(`${p.commit}:package-lock.json`)]).toEqual([want.data, want["package-lock.json"]]);
      }
    });
  }

  it.skipIf(!hasGit)("the committed ledger names, per row, the commit its notebook's results were produced from", () => {
    // The committed ledger, not the working tree's (a rerun may have rewritten that).
    const tmp = mkdtempSync(join(tmpdir(), "vitsparse-ledger-"));
    dirs.push(tmp);
    const r = spawnSync("git", ["-C", repoRoot, "show", "HEAD:results/claims.arrow"], { maxBuffer: 256 * 1024 * 1024 });
    expect(r.status, "results/claims.arrow is not committed").toBe(0);
    writeFileSync(join(tmp, "claims.arrow"), r.stdout);
    const rows = tableRows(readArrowTable(join(tmp, "claims.arrow"), CLAIMS_SCHEMA)) as unknown as { notebook: string; producedFrom: string; status: string }[];
    for (const name of notebooks) {
      const p = JSON.parse(show(`results/${name}/produced-from.json`) ?? "null") as ProducedFrom | null;
      for (const r of rows.filter((x) => x.notebook === name && x.status !== "skipped")) expect(r.producedFrom, r.notebook).toBe(p?.commit);
    }
  });
});
