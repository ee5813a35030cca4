import { describe, expect, it } from "vitest";
import { claimsMarkdown, type LedgerRow } from "../../lib/claims/gather.ts";
import { numericVerdict, recordClaims, type Claim } from "../../lib/claims/ledger.ts";

const claim: Claim = {
  id: "x",
  claim: "A | B",
  source: "poster Fig. 1",
  paperValue: "50 %",
  kitValue: "49 %",
  tolerance: "±5 % relative",
  status: "reproduced",
  reason: "within tolerance",
};

describe("claims ledger", () => {
  it("decides numeric verdicts with a relative tolerance", () => {
    expect(numericVerdict(17.4, 17.0, 0.05)).toBe("reproduced");
    expect(numericVerdict(17.4, 16.0, 0.05)).toBe("contradicted");
  });

  it("rejects unknown statuses and missing fields", () => {
    expect(() => recordClaims("nb", [{ ...claim, status: "maybe" as Claim["status"] }])).toThrowError(/status "maybe"/);
    expect(() => recordClaims("nb", [{ ...claim, reason: "" }])).toThrowError(/has no reason/);
    expect(() => recordClaims("nb", [claim, claim])).toThrowError(/duplicate claim id "x"/);
  });

  it("renders a summary and escapes table cells", () => {
    const rows: LedgerRow[] = [{ ...claim, notebook: "01-a" }, { ...claim, id: "y", status: "contradicted", notebook: "01-a" }];
    const md = claimsMarkdown(rows);
    expect(md).toContain("| reproduced | 1 |");
    expect(md).toContain("| contradicted | 1 |");
    expect(md).toContain("A \\| B");
    expect(md).toContain("## 01-a");
  });
});
