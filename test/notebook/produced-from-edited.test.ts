/**
 * What committed results were produced from (`lib/notebook/produced-from.ts`), the second half of
 * `produced-from.test.ts`: in a throw-away repository whose sources are committed, a notebook edited and saved
 * but not committed (as Jupyter's Ctrl+S leaves it) is named before it runs, and its results, CLAIMS.md and the
 * ledger record the change; once the edit is committed, a rerun records the new commit and no change.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArrowTable, tableRows } from "../../lib/data/arrow-table.ts";
import { CLAIMS_SCHEMA } from "../../lib/claims/gather.ts";
import type { ProducedFrom } from "../../lib/claims/produced-from.ts";
import { readNotebook, writeNotebook } from "../../lib/notebook/ipynb.ts";
import { gitIn as git, runReproduce, tempRepos } from "./helpers.ts";

const makeTempRepo = tempRepos();

describe("produced-from.json of an edited notebook, in a throw-away repository", () => {
  it("names an edited, uncommitted notebook before it runs and records it as uncommitted; committed, records the new commit", () => {
    const dir = makeTempRepo({ ledger: {} });
    const record = (): ProducedFrom => JSON.parse(readFileSync(join(dir, "results", "ledger", "produced-from.json"), "utf8")) as ProducedFrom;
    git(dir, "add", "lib", "data", "notebooks");
    git(dir, "commit", "-qm", "sources");

    // An edit saved but not committed (as Jupyter's Ctrl+S leaves it): named before running, recorded after.
    const nb = readNotebook(join(dir, "notebooks", "ledger.ipynb"));
    nb.cells[0]!.source = "let rows = 3;\nlet waitMs = 0;\n";
    writeNotebook(join(dir, "notebooks", "ledger.ipynb"), nb);
    const c2 = git(dir, "rev-parse", "HEAD");
    const third = runReproduce(["--root", dir]);
    expect(third.status, third.stderr).toBe(0);
    expect(third.stderr).toContain(`ledger.ipynb differs from commit ${c2.slice(0, 12)}: cell(s) 1 edited; running it as it is now`);
    expect(third.stderr.indexOf("differs from commit")).toBeLessThan(third.stderr.indexOf("ledger: running"));
    expect(record()).toMatchObject({ commit: c2, uncommitted: ["notebooks/ledger.ipynb"] });
    const claimsMd = readFileSync(join(dir, "results", "CLAIMS.md"), "utf8");
    expect(claimsMd).toContain("**made from a modified tree** (ledger)");
    const rows = tableRows(readArrowTable(join(dir, "results", "claims.arrow"), CLAIMS_SCHEMA)) as unknown as { notebook: string; producedFrom: string }[];
    expect(rows.find((r) => r.notebook === "ledger")!.producedFrom).toBe(`${c2} + uncommitted changes: notebooks/ledger.ipynb`);

    // Committed: the new commit, clean.
    git(dir, "add", "notebooks");
    git(dir, "commit", "-qm", "three rows");
    const c3 = git(dir, "rev-parse", "HEAD");
    const fourth = runReproduce(["--root", dir]);
    expect(fourth.status, fourth.stderr).toBe(0);
    expect(fourth.stderr).not.toContain("differs from commit");
    expect(record()).toMatchObject({ commit: c3, uncommitted: [] });
  }, 600_000);
});
