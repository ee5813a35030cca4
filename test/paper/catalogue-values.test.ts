/**
 * The claim catalogue reads the numbers its sources print from `lib/paper/` (each written once there, with its
 * location): no string literal in `lib/paper/claims/` restates a number, except where the kit itself speaks — ids,
 * locations, settings, tolerances and the notebook a claim belongs to.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { CLAIM_CATALOGUE } from "../../lib/paper/claims/index.ts";

/** Properties whose text is the kit's own (where a claim is, what setting, which tolerance), not a paper value. */
const KIT_KEYS = new Set(["id", "location", "device", "model", "dataset", "definition", "tolerance", "toleranceReason", "notebook"]);

/** String literals of a TypeScript source (comments removed), each with the text before it and its own text outside `${…}`. */
export function stringLiterals(source: string): { key: string | null; text: string; at: number }[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, (m) => " ".repeat(m.length)).replace(/(^|[^:\\])\/\/.*$/gm, (m, p: string) => p + " ".repeat(m.length - p.length));
  const out: { key: string | null; text: string; at: number }[] = [];
  const re = /"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g;
  for (let m = re.exec(code); m !== null; m = re.exec(code)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? "";
    const text = m[3] !== undefined ? raw.replace(/\$\{[^}]*\}/g, "") : raw;
    const before = code.slice(Math.max(0, m.index - 200), m.index);
    const key = /(\w+)\s*:\s*$/.exec(before)?.[1] ?? /const\s+(\w+)\s*=\s*$/.exec(before)?.[1] ?? null;
    out.push({ key, text, at: m.index });
  }
  return out;
}

/**
 * A number as a source prints a value: a decimal, a percentage, a factor (×1.21, 235.3x), a signed delta, a number
 * of four or more digits or with thousands separators — not a figure or section number ("Fig. 12", "(3)"), a
 * model name ("LeViT-128") or a dimension word ("2-D").
 */
const PAPER_NUMBER = /[-+]?\d+(?:\.\d+)?\s*(?:%|×|x\b)|[×x]\s?\d+(?:\.\d+)?|(?<![\w.])[-+]?\d+\.\d+|(?<![\w-])\d{4,}|\d{1,3}(?:,\d{3})+/;

/** Literals that restate a number outside the kit's own fields (import paths and notebook-name constants aside). */
export function restatedNumbers(source: string): string[] {
  return stringLiterals(source)
    .filter((l) => PAPER_NUMBER.test(l.text))
    .filter((l) => !(l.key !== null && (KIT_KEYS.has(l.key) || /^NB\d+$/.test(l.key))))
    .filter((l) => !/^\.\.?\//.test(l.text))
    .map((l) => l.text);
}

const dir = join(repoRoot, "lib", "paper", "claims");

describe("the claim catalogue reads its paper values from lib/paper/", () => {
  it("finds a restated number (the rule can fail)", () => {
    expect(restatedNumbers(`const x = { paperValue: "≤ 1.5 points", tolerance: "±5 %", id: "a-90-b" };`)).toEqual(["≤ 1.5 points"]);
    expect(restatedNumbers("const q = `up to ${V.value} %`; // 95 % in a comment is fine")).toEqual([]);
    expect(restatedNumbers(`const rows = [["lut", "LUT 20879 53200 39.25"]];`)).toEqual(["LUT 20879 53200 39.25"]);
    expect(restatedNumbers(`const NB5 = "05-fpga-speedup"; import { A } from "../poster-fig8.ts";`)).toEqual([]);
    expect(restatedNumbers(`const e = { quote: "As shown in Fig. 12, (3) LeViT-128 2-D", paperValue: "-0.9, 20,879 and 9492" };`)).toEqual(["-0.9, 20,879 and 9492"]);
  });

  it("no file of lib/paper/claims/ restates a number the sources print", () => {
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
      expect(restatedNumbers(readFileSync(join(dir, f), "utf8")), f).toEqual([]);
    }
  });

  it("every catalogued quote and paper value is non-empty after the values are filled in", () => {
    for (const e of CLAIM_CATALOGUE) {
      expect(e.quote.trim().length, e.id).toBeGreaterThan(0);
      expect(e.paperValue.trim().length, e.id).toBeGreaterThan(0);
      expect(e.quote, e.id).not.toMatch(/undefined|NaN/);
      expect(e.paperValue, e.id).not.toMatch(/undefined|NaN/);
    }
  });
});
