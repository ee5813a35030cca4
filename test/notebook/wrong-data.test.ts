/**
 * The finding, end to end: `npm run reproduce -- notebooks/04-sddmm-kernel.ipynb` after a
 * consistent-but-wrong data file (kernel-bench `density` = 2, its manifest entry updated to match) must fail
 * and change no committed file. Runs the real runner in a copy of the repository (lib/, scripts/, data/ and
 * notebook 04 copied, so the notebook reads the copy's data; node_modules linked).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeArrowTable, encodeArrowTable } from "../../lib/data/arrow-table.ts";
import { KERNEL_BENCH_SCHEMA } from "../../lib/data/files/kernel-bench.ts";
import { dataFileProblem, recordDataFile } from "../../lib/data/manifest.ts";
import { writeFileAtomic } from "../../lib/data/atomic-write.ts";
import { repoRoot } from "../../lib/paths.ts";
import { snapshotCommitted } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-wrongdata-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a named notebook on a consistent-but-wrong data file", () => {
  it("fails naming the file, column, row and command, and changes no committed file", () => {
    for (const entry of ["lib", "scripts", "data", "package.json", "tsconfig.json"]) cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
    symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"));
    // The copy's lib/ is this repository's, byte for byte: share the compile caches. The type-check cache's
    // keys name files relative to the checkout, so the copy does not type-check lib/ once more; its cells are
    // compiled (the cell cache keys files by real path: a copy of lib/ has its own).
    mkdirSync(join(repoRoot, "scratch", "cache"), { recursive: true });
    mkdirSync(join(dir, "scratch"));
    symlinkSync(join(repoRoot, "scratch", "cache"), join(dir, "scratch", "cache"));
    mkdirSync(join(dir, "notebooks"));
    cpSync(join(repoRoot, "notebooks", "04-sddmm-kernel.ipynb"), join(dir, "notebooks", "04-sddmm-kernel.ipynb"));
    cpSync(join(repoRoot, "results", "04-sddmm-kernel"), join(dir, "results", "04-sddmm-kernel"), { recursive: true });
    for (const f of ["claims.arrow", "CLAIMS.md"]) cpSync(join(repoRoot, "results", f), join(dir, "results", f));
    for (const args of [["init", "-q"], ["add", "notebooks", "data"]]) expect(spawnSync("git", ["-C", dir, ...args]).status).toBe(0);

    // density = 2 in row 0 (every other value as committed), written as a valid Arrow file, manifest updated.
    const path = join(dir, "data", "kernel-bench.arrow");
    const table = decodeArrowTable(new Uint8Array(readFileSync(path)), KERNEL_BENCH_SCHEMA, "data/kernel-bench.arrow");
    const density = Float64Array.from(table.columns.density as Float64Array);
    density[0] = 2;
    const loose = KERNEL_BENCH_SCHEMA.map((s) => ({ ...s, range: [-Infinity, Infinity] as const }));
    const bytes = encodeArrowTable(loose, { ...table, columns: { ...table.columns, density } }, "fuzz", { rows: [] });
    writeFileAtomic(path, bytes);
    recordDataFile(path, bytes, "npm run bench -- --rounds 31", dir);
    expect(dataFileProblem(path, bytes, dir), "the copy's manifest agrees with the file").toBeNull();

    const before = snapshotCommitted(dir);
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/reproduce.ts", "notebooks/04-sddmm-kernel.ipynb"], { cwd: dir, encoding: "utf8", timeout: 560_000 });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/04-sddmm-kernel: FAILED: error in cell \d+ of \d+: DataFileError: data\/kernel-bench\.arrow: column "density" row 0: 2 is outside \[0, 1\]; regenerate it with `npm run bench -- --rounds 31` or restore it with git checkout -- data\/kernel-bench\.arrow/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotCommitted(dir)).toEqual(before);
  }, 600_000);
});
