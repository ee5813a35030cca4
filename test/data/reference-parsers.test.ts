/** The raw-format parsers on crafted input: accepted grammar and clear errors naming file and line. */
import { describe, expect, it } from "vitest";
import { parseVitcodLog } from "../../lib/data/reference/vitcod-log.ts";
import { parseFvcoreCount, parseFvcorePrintout } from "../../lib/data/reference/fvcore-printout.ts";
import { attentionLogTable } from "../../lib/data/reference/vitcod-attention-log.ts";
import { referenceFile } from "../../lib/data/reference/manifest.ts";
import { tableRows } from "../../lib/data/arrow-table.ts";

const ts = (msg: string, t = "2023/06/27 21:22:13") => `[${t}] - ${msg}`;

function attentionRun(total: number, t?: string): string[] {
  const layer = (l: number) => [
    ts("******************************", t),
    ts(`Layer: ${l}; Head: 0`, t),
    ts("global tokens: 1", t),
    ts("Dense SpMM dataloader | cycles: 200", t),
    ts("Dense SpMM decoder | cycles: 198", t),
    ts("Sparse SpMM dataloader | cycles: 197", t),
    ts("Sparse SpMM decoder | cycles: 196", t),
    ts("Dense SDMM PE caclulation | cycles: 120", t),
    ts("Sparse SDMM PE caclulation | cycles: 117", t),
    ts("************", t),
    ts("Dense SpMM dataloader | cycles: 2", t),
    ts("Dense SpMM PE caclulation | cycles: 119", t),
    ts("Sparse SpMM dataloader | cycles: 588.0", t),
    ts("Sparse SpMM PE caclulation | cycles: 115", t),
  ];
  return [
    ts("Shape: (12, 3, 197, 64)", t),
    ...layer(0),
    ...layer(1),
    ts("", t),
    ts("******************************", t),
    ts("number of non-zeros in the sparser region: 0.03630901957304232", t),
    ts(`total preloading cycles: ${total}`, t),
    ts("total processing cycles: 4728", t),
    ts("total Computation cycles: 4709", t),
    ts("", t),
    ts("******************************", t),
    ts(`Total cycles: ${total}.0`, t),
  ];
}

describe("parseVitcodLog", () => {
  it("splits appended runs and keeps section, label, value and line of every value", () => {
    const text = [...attentionRun(11693, "2023/06/27 19:52:04"), ts("Shape: (12, 3, 197, 64)"), ts("******************************"), ts("Layer: 0; Head: 0"), ts("global tokens: 1"), ...attentionRun(9492)].join("\n") + "\n";
    const runs = parseVitcodLog(text, "log.txt");
    expect(runs).toHaveLength(3);
    expect(runs.map((r) => r.startLine)).toEqual([1, 39, 43]);
    expect(runs[1]!.totals).toEqual([]);
    const last = runs[2]!;
    expect(last.timestamp).toBe("2023/06/27 21:22:13");
    expect(last.shape).toEqual([12, 3, 197, 64]);
    expect(last.layers).toHaveLength(2);
    expect(last.layers[1]!.globalTokens).toEqual({ value: 1, line: 43 + 17 });
    expect(last.layers[0]!.values[6]).toEqual({ section: 1, label: "Dense SpMM dataloader", value: 2, line: 43 + 11 });
    expect(last.layers[0]!.values[8]).toEqual({ section: 1, label: "Sparse SpMM dataloader", value: 588, line: 43 + 13 });
    expect(last.totals.map((t) => [t.label, t.value])).toEqual([
      ["number of non-zeros in the sparser region", 0.03630901957304232],
      ["total preloading cycles", 9492],
      ["total processing cycles", 4728],
      ["total Computation cycles", 4709],
      ["Total cycles", 9492],
    ]);
  });

  it("rejects lines outside the grammar with file and line", () => {
    expect(() => parseVitcodLog([ts("Shape: (1, 2)"), "garbage"].join("\n"), "a.txt")).toThrow(/^a\.txt:2: expected "\[YYYY\/MM\/DD HH:MM:SS\] - message"/);
    expect(() => parseVitcodLog([ts("Shape: (1, 2)"), ts("Layer: 0; Head: 0"), ts("something odd happened")].join("\n"), "b.txt")).toThrow(/^b\.txt:3: unrecognised log line/);
    expect(() => parseVitcodLog(ts("Layer: 0; Head: 0"), "c.txt")).toThrow(/^c\.txt:1: expected the run to start with "Shape/);
    expect(() => parseVitcodLog([ts("Shape: (1, 2)"), ts("Dense | cycles: 3")].join("\n"), "d.txt")).toThrow(/^d\.txt:2: layer value .* outside a layer/);
    expect(() => parseVitcodLog("", "e.txt")).toThrow(/^e\.txt: no simulator run found/);
  });

  it("the attention converter takes the LAST run and refuses an incomplete last run", () => {
    const file = referenceFile("vitcod_atten_0.95_wo.txt");
    const text = [...attentionRun(11693, "2023/06/27 19:52:04"), ...attentionRun(9492)].join("\n");
    const t = attentionLogTable(Buffer.from(text), file);
    const rows = tableRows(t);
    expect(rows.find((r) => r.key === "total")).toMatchObject({ scope: "total", value: 9492, line: 39 + 37 });
    expect(rows.filter((r) => r.scope === "layer")).toHaveLength(2 * 11);
    expect(t.provenance.extra?.runs).toBe("line 1: total 11693; line 39: total 9492");
    const aborted = [...attentionRun(9492), ts("Shape: (12, 3, 197, 64)"), ts("******************************"), ts("Layer: 0; Head: 0"), ts("global tokens: 1")].join("\n");
    expect(() => attentionLogTable(Buffer.from(aborted), file)).toThrow(/vitcod_atten_0\.95_wo\.txt \(last run, line 39\): layer 0 lacks "qkDenseLoad"/);
    const unknown = [...attentionRun(9492)].join("\n").replace("Dense SDMM PE caclulation", "Dense SDDMM PE calculation");
    expect(() => attentionLogTable(Buffer.from(unknown), file)).toThrow(/vitcod_atten_0\.95_wo\.txt:9: unknown layer value label "Dense SDDMM PE calculation" in section 0/);
  });
});

describe("parseFvcorePrintout", () => {
  const sample = [
    "Net(",
    "  #params: 1.5K, #flops: 2M",
    "  (body): Sequential(",
    "    #params: 1.5K, #flops: 2M",
    "    (0): Linear(",
    "      in_features=10, out_features=100, bias=True",
    "      #params: 1.1K, #flops: 1M",
    "    )",
    "    (1): Hardswish()",
    "    (mm): MatMul(#params: 0, #flops: 0.98M)",
    "  )",
    ")",
    "",
  ].join("\n");

  it("keeps hierarchy, arguments, verbatim and parsed counts", () => {
    const m = parseFvcorePrintout(sample, "f.txt");
    expect(m.map((x) => [x.path, x.moduleType, x.depth, x.parent, x.line])).toEqual([
      ["", "Net", 0, -1, 1],
      ["body", "Sequential", 1, 0, 3],
      ["body.0", "Linear", 2, 1, 5],
      ["body.1", "Hardswish", 2, 1, 9],
      ["body.mm", "MatMul", 2, 1, 10],
    ]);
    expect(m[2]).toMatchObject({ args: "in_features=10, out_features=100, bias=True", params: 1100, flops: 1_000_000, paramsText: "1.1K", flopsText: "1M" });
    expect(m[3]!.paramsText).toBe("");
    expect(Number.isNaN(m[3]!.params)).toBe(true);
    expect(m[4]).toMatchObject({ params: 0, flops: 980_000 });
  });

  it("parses fvcore counts", () => {
    expect(parseFvcoreCount("9.21M")).toBe(9_210_000);
    expect(parseFvcoreCount("0.41G")).toBe(410_000_000);
    expect(parseFvcoreCount("50.18K")).toBe(50_180);
    expect(parseFvcoreCount("32")).toBe(32);
    expect(parseFvcoreCount("3.2X")).toBeUndefined();
  });

  it("errors name file and line", () => {
    expect(() => parseFvcorePrintout(sample.replace(/\n\)\n$/, "\n"), "u.txt")).toThrow(/^u\.txt: ends with 1 unclosed module/);
    expect(() => parseFvcorePrintout(sample.replace("#params: 1.1K", "#params: lots"), "c.txt")).toThrow(/^c\.txt:7: malformed count/);
    expect(() => parseFvcorePrintout(sample.replace("    (1): Hardswish()", "     (1): Hardswish()"), "i.txt")).toThrow(/^i\.txt:9: indentation 5, expected 4/);
    expect(() => parseFvcorePrintout(sample + "Other(\n)\n", "r.txt")).toThrow(/^r\.txt:13: a second root module/);
    expect(() => parseFvcorePrintout(sample.replace("    (mm): MatMul(#params: 0, #flops: 0.98M)", "    (mm): MatMul(weird)"), "w.txt")).toThrow(/^w\.txt:10: unrecognised one-line module content "weird"/);
  });
});
