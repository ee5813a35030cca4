/**
 * Checks the committed ledger (`results/claims.arrow`, written by `npm run reproduce`): its fields and
 * statuses, unique ids, one verdict row per catalogue entry, context rows filed under a catalogued claim,
 * evidence with sha256 on every decided verdict (and matching the committed data files), no measurement from
 * this CPU as a verdict on an edge-device claim, and every linked figure present.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArrowTable, tableRows } from "../../lib/data/arrow-table.ts";
import { sha256Hex } from "../../lib/data/sha256.ts";
import { CLAIM_STATUSES, EVIDENCE_STATUSES, isKitComputation, LEDGER_FIELDS, RESULT_FILE_STATUSES, type LedgerRow } from "../../lib/claims/ledger.ts";
import { CLAIMS_SCHEMA } from "../../lib/claims/gather.ts";
import { CLAIM_CATALOGUE } from "../../lib/paper/claims/index.ts";
import { repoRoot } from "../../lib/paths.ts";

const rows = tableRows(readArrowTable(join(repoRoot, "results", "claims.arrow"), CLAIMS_SCHEMA)) as unknown as LedgerRow[];
const verdicts = rows.filter((r) => r.contextOf === "");
const contexts = rows.filter((r) => r.contextOf !== "");

describe("the committed claims ledger", () => {
  it("has exactly the ledger fields, only the allowed statuses and at least 60 rows", () => {
    expect(CLAIMS_SCHEMA.map((c) => c.name)).toEqual([...LEDGER_FIELDS]);
    for (const r of rows) expect(CLAIM_STATUSES).toContain(r.status);
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  it("has unique ids and exactly one verdict row per catalogue entry, and nothing uncatalogued", () => {
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const catalogued = new Set(CLAIM_CATALOGUE.map((e) => e.id));
    for (const e of CLAIM_CATALOGUE) expect(verdicts.filter((r) => r.id === e.id), e.id).toHaveLength(1);
    for (const r of verdicts) expect(catalogued.has(r.id), r.id).toBe(true);
  });

  it("links a results file on every decided or derived verdict (the table or figure that shows it)", () => {
    const decided = verdicts.filter((r) => RESULT_FILE_STATUSES.includes(r.status));
    expect(decided.filter((r) => r.figure === "").map((r) => r.id)).toEqual([]);
  });

  it("lists the notebook sections in order, each context row directly under its claim", () => {
    const md = readFileSync(join(repoRoot, "results", "CLAIMS.md"), "utf8");
    const sections = [...md.matchAll(/^## (\S+)$/gm)].map((m) => m[1]!);
    expect(sections).toEqual([...sections].sort());
    const ids = [...md.matchAll(/^\| (↳ )?([^ |]+) \|/gm)].map((m) => m[2]!).filter((id) => id !== "id" && id !== "---");
    let current = "";
    for (const id of ids) {
      if (!id.includes("~")) current = id;
      else expect(id.startsWith(`${current}~`), `${id} stands under ${current}`).toBe(true);
    }
  });

  it("names something the kit computed (code under lib/ outside lib/paper/ and lib/data/) on every reproduced row; a consistency row rests on printed numbers", () => {
    const reproduced = verdicts.filter((r) => r.status === "reproduced");
    expect(reproduced.length).toBeGreaterThan(0);
    for (const r of reproduced) {
      const files = r.evidence.split("; ").map((p) => p.split(" sha256:")[0]!);
      expect(files.some(isKitComputation), `${r.id}: ${files.join(", ")}`).toBe(true);
    }
    expect(verdicts.filter((r) => r.status === "consistent").length).toBeGreaterThanOrEqual(5);
  });

  it("states, on every indeterminate row that rests on an unstated assumption, the assumption and where the verdict flips", () => {
    for (const id of ["poster-fig10-rms-error", "poster-fig12-dsp", "poster-fig12-bram", "poster-fig12-power", "vitcod-page-diagonal-concentration", "heatvit-zcu102-speedup"]) {
      const r = verdicts.find((x) => x.id === id)!;
      expect(r.status, id).toBe("indeterminate");
      expect(r.reason, id).toMatch(/which the source does not state, swept .*flips at /);
    }
  });

  it("leaves no catalogue entry skipped: every notebook evaluated every entry it owns", () => {
    expect(verdicts.filter((r) => r.status === "skipped").map((r) => `${r.notebook}: ${r.id}`)).toEqual([]);
  });

  it("files every context row as not-comparable under a catalogued claim, and no verdict as not-comparable", () => {
    const catalogued = new Set(CLAIM_CATALOGUE.map((e) => e.id));
    for (const r of contexts) {
      expect(r.status, r.id).toBe("not-comparable");
      expect(catalogued.has(r.contextOf), r.id).toBe(true);
      expect(r.id.startsWith(`${r.contextOf}~`), r.id).toBe(true);
    }
    for (const r of verdicts) expect(r.status, r.id).not.toBe("not-comparable");
  });

  it("names the evidence with sha256 on every reproduced, contradicted or indeterminate row; committed data files match", () => {
    for (const r of verdicts.filter((x) => EVIDENCE_STATUSES.includes(x.status))) {
      expect(r.evidence, r.id).toMatch(/^\S+ sha256:[0-9a-f]{64}(; \S+ sha256:[0-9a-f]{64})*$/);
      expect(r.cell, r.id).toMatch(/^notebooks\/\S+\.ipynb cell \d+$/);
    }
    for (const r of rows) {
      if (r.evidence === "") continue;
      for (const part of r.evidence.split("; ")) {
        const [path, hash] = part.split(" sha256:");
        if (!path!.startsWith("data/") || path!.startsWith("data/external/")) continue;
        expect(sha256Hex(readFileSync(join(repoRoot, path!))), `${r.id}: ${path} changed since the last reproduce`).toBe(hash);
      }
    }
  });

  it("never judges an edge-device claim on a measurement from this CPU", () => {
    for (const r of verdicts.filter((x) => /TX2|EdgeGPU|edge/i.test(x.setting))) {
      expect(r.evidence, r.id).not.toContain("latency-breakdown-cpu.arrow");
      expect(r.evidence, r.id).not.toContain("kernel-bench.arrow");
    }
  });

  it("links only figures that exist in results/", () => {
    for (const r of rows.filter((x) => x.figure !== "")) expect(existsSync(join(repoRoot, r.figure)), `${r.id}: ${r.figure}`).toBe(true);
  });
});
