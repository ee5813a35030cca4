import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cellOf, claimsMarkdown, statusCounts } from "../../lib/claims/gather.ts";
import { CLAIM_STATUSES, isKitComputation, LEDGER_FIELDS, recordClaims, resolveClaim, type LedgerRow } from "../../lib/claims/ledger.ts";
import { repoRoot, RESULTS_DIR_ENV } from "../../lib/paths.ts";
import { CLAIM_CATALOGUE } from "../../lib/paper/claims/index.ts";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vitsparse-claims-"));
  process.env[RESULTS_DIR_ENV] = dir;
  for (const nb of ["nb", "01-latency-breakdown", "01-a", "02-b", ""]) {
    mkdirSync(join(dir, nb), { recursive: true });
    writeFileSync(join(dir, nb, "f.svg"), "<svg/>");
  }
});
afterEach(() => {
  delete process.env[RESULTS_DIR_ENV];
  rmSync(dir, { recursive: true, force: true });
});

const evidenceFile = "data/latency-breakdown-reported.arrow";
/** Code the kit computes with: a reproduced verdict must name some. */
const kitCode = "lib/masks/window.ts";

describe("claims ledger", () => {
  it("has exactly the ledger fields and statuses", () => {
    expect([...LEDGER_FIELDS]).toEqual([
      "id", "claim", "source", "setting", "paperValue", "kitValue", "tolerance", "status", "reason", "notebook", "cell", "evidence", "figure", "contextOf", "producedFrom",
    ]);
    expect([...CLAIM_STATUSES]).toEqual(["reproduced", "consistent", "contradicted", "inconsistent", "indeterminate", "not-comparable", "derived", "quoted-only", "unsupported", "skipped"]);
  });

  it("fills quote, source, setting and paper value from the catalogue and hashes the evidence", () => {
    const row = resolveClaim("01-latency-breakdown", {
      id: "poster-fig1-sa-over-50-deit-base", status: "inconsistent", kitValue: "45 %", reason: "below", evidence: [evidenceFile], figure: "f.svg",
    });
    expect(row.claim).toContain("over 50% and up to 69%");
    expect(row.source).toMatch(/^the poster, Introduction/);
    expect(row.setting).toContain("Jetson TX2");
    expect(row.evidence).toMatch(/^data\/latency-breakdown-reported\.arrow sha256:[0-9a-f]{64}$/);
    expect(row.contextOf).toBe("");
  });

  it("files evidence from another setting as a context row, never a verdict", () => {
    const row = resolveClaim("01-latency-breakdown", {
      contextOf: "poster-fig1-sa-over-50-deit-base", key: "cpu", setting: "this CPU", kitValue: "38 %", reason: "other device",
    });
    expect(row.status).toBe("not-comparable");
    expect(row.id).toBe("poster-fig1-sa-over-50-deit-base~cpu");
    expect(row.contextOf).toBe("poster-fig1-sa-over-50-deit-base");
  });

  it("keeps a row outside the catalogue as recorded, but refuses a catalogued id in that shape (no second path around the catalogue)", () => {
    const own = { claim: "q", source: "s", paperValue: "1", kitValue: "1", tolerance: "exact", status: "reproduced", reason: "r" };
    const row = resolveClaim("nb", { id: "fixture-only", ...own });
    expect(row.setting).toMatch(/^not catalogued/);
    expect(row.claim).toBe("q");
    expect(() => resolveClaim("nb", { id: "poster-table1-deltas", ...own })).toThrowError(/"poster-table1-deltas" is in the claim catalogue: record it as a verdict/);
  });

  it("rejects uncatalogued ids, unknown statuses, verdicts without evidence, not-comparable verdicts and duplicates", () => {
    const ok = { id: "poster-window-pruning-95", status: "reproduced" as const, kitValue: "94.86 %", reason: "r", evidence: [kitCode], figure: "f.svg" };
    expect(() => recordClaims("nb", [{ ...ok, id: "nope" }])).toThrowError(/"nope" is not in the claim catalogue/);
    expect(() => recordClaims("nb", [{ ...ok, status: "maybe" as "reproduced" }])).toThrowError(/status "maybe"/);
    expect(() => recordClaims("nb", [{ ...ok, evidence: [] }])).toThrowError(/names no evidence files/);
    expect(() => recordClaims("nb", [{ ...ok, status: "not-comparable" as "reproduced" }])).toThrowError(/context row/);
    expect(() => recordClaims("nb", [{ ...ok, evidence: ["data/missing.arrow"] }])).toThrowError(/does not exist/);
    expect(() => recordClaims("nb", [{ ...ok, figure: "missing.svg" }])).toThrowError(/figure missing\.svg/);
    expect(() => recordClaims("nb", [ok, ok])).toThrowError(/duplicate claim id "poster-window-pruning-95"/);
    recordClaims("nb", [ok]);
    expect(JSON.parse(readFileSync(join(dir, "nb", "claims.json"), "utf8"))[0].id).toBe("poster-window-pruning-95");
  });

  it("refuses at record time a decided, consistency or derived verdict without a results file, and a reproduced one resting on nothing the kit computed", () => {
    const row = { id: "poster-window-pruning-95", kitValue: "v", reason: "r" };
    for (const status of ["reproduced", "consistent", "contradicted", "inconsistent", "indeterminate", "derived"] as const) {
      expect(() => recordClaims("nb", [{ ...row, status, evidence: [kitCode] }]), status).toThrowError(new RegExp(`is ${status} but links no results file`));
    }
    expect(() => recordClaims("nb", [{ ...row, status: "reproduced", evidence: [evidenceFile, "lib/paper/poster-fig11.ts", "lib/data/npy.ts"], figure: "f.svg" }])).toThrowError(/evidence names nothing the kit computed/);
    expect(recordClaims("nb", [{ ...row, status: "consistent", evidence: [evidenceFile], figure: "f.svg" }])[0]!.status).toBe("consistent");
    expect(recordClaims("nb", [{ ...row, status: "quoted-only" }])[0]!.status).toBe("quoted-only");
    expect(isKitComputation("lib/cycles/poster.ts")).toBe(true);
    expect(isKitComputation(join(repoRoot, "lib/masks/window.ts"))).toBe(true);
    expect(isKitComputation("lib/paper/heatvit.ts")).toBe(false);
    expect(isKitComputation("data/fig5-pruning-vs-accuracy.arrow")).toBe(false);
  });

  it("links a figure that exists in the notebook's results folder", () => {
    writeFileSync(join(dir, "x.svg"), "<svg/>");
    const row = resolveClaim("", { id: "poster-window-pruning-95", status: "reproduced", kitValue: "v", reason: "r", evidence: [kitCode], figure: "x.svg" });
    expect(row.figure).toBe("results/x.svg");
  });

  it("finds the cell that names a claim, else the cell that records claims", () => {
    const cells: [number, string][] = [[2, "let a = 1;"], [4, `verdict("poster-window-pruning-95")`], [6, "recordClaims(NOTEBOOK, claims);"]];
    expect(cellOf({ id: "poster-window-pruning-95", contextOf: "" }, cells, "03-x")).toBe("notebooks/03-x.ipynb cell 5");
    expect(cellOf({ id: "poster-whole-model-pruning", contextOf: "" }, cells, "03-x")).toBe("notebooks/03-x.ipynb cell 7");
  });

  it("counts verdicts per status with context rows apart, and links each row to its figure", () => {
    const base = resolveClaim("01-a", { id: "poster-window-pruning-95", status: "reproduced", kitValue: "v", reason: "a | b", evidence: [kitCode], figure: "f.svg" });
    const rows: LedgerRow[] = [
      { ...base, figure: "results/01-a/f.svg" },
      { ...base, id: "poster-window-pruning-95~x", status: "not-comparable", contextOf: "poster-window-pruning-95" },
    ];
    expect(statusCounts(rows)).toMatchObject({ reproduced: 1, contradicted: 0 });
    const md = claimsMarkdown(rows);
    expect(md).toContain("| reproduced | 1 |");
    expect(md).toContain("Context rows (not-comparable, not counted above): 1");
    expect(md).toContain("a \\| b");
    expect(md).toContain("[f.svg](01-a/f.svg)");
    expect(md).toContain("↳ poster-window-pruning-95~x");
  });

  it("puts a context row measured in another notebook under its claim, in the claim's section", () => {
    const a = resolveClaim("01-a", { id: "poster-window-pruning-95", status: "reproduced", kitValue: "v", reason: "r", evidence: [kitCode], figure: "f.svg" });
    const b = resolveClaim("02-b", { id: "poster-whole-model-pruning", status: "derived", kitValue: "w", reason: "r", evidence: [evidenceFile], figure: "f.svg" });
    // as collectClaims orders them: each context row right after its claim
    const rows: LedgerRow[] = [
      a,
      { ...b, id: "poster-window-pruning-95~from-b", status: "not-comparable", contextOf: "poster-window-pruning-95" },
      b,
    ];
    const md = claimsMarkdown(rows);
    const sectionA = md.slice(md.indexOf("## 01-a"), md.indexOf("## 02-b"));
    expect(md.indexOf("## 01-a")).toBeGreaterThan(0);
    expect(md.indexOf("## 02-b")).toBeGreaterThan(md.indexOf("## 01-a"));
    expect(sectionA).toContain("↳ poster-window-pruning-95~from-b | context of poster-window-pruning-95 (measured in 02-b)");
    expect(md.match(/^## /gm)).toHaveLength(2);
  });

  it("catalogue ids are unique, carry no notebook number and every entry names its setting", () => {
    const ids = CLAIM_CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of CLAIM_CATALOGUE) {
      expect(e.id).not.toMatch(/(^|-)0\d-/);
      for (const k of ["device", "model", "dataset", "definition"] as const) expect(e.setting[k].length).toBeGreaterThan(0);
      expect(e.quote.length).toBeGreaterThan(0);
      expect(e.location.length).toBeGreaterThan(0);
    }
  });
});
