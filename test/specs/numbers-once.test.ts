/**
 * Every preset number is written once: outside lib/specs/, no module writes a hardware or model number as a
 * literal (`heads: 3`, `pesPerLine: 10`, `featureDim: 64`, `clockHz: 125e6`, …); they are read from the presets
 * and model configs. Fig. 11's assumption ablation (`patch:` rows, deliberate alternatives) is the one exception.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/paths.ts";
import { POSTER_BASE_ASSUMPTIONS } from "../../lib/cycles/poster.ts";
import { POSTER_MAC_LINE_MAPPING } from "../../lib/cycles/models/mac-lines.ts";
import { FIG10_SETTING } from "../../lib/analysis/kernels.ts";
import { VITCOD_DEFAULTS } from "../../lib/cycles/vitcod.ts";
import { VITCOD_ASIC, ZYBO_Z7_20_POSTER } from "../../lib/specs/hardware.ts";
import { VIT_MODELS } from "../../lib/specs/models.ts";

const KEYS = "pesPerLine|heads|featureDim|headDim|systolicRows|systolicCols|peWidth|peHeight|clockHz|dataBits|rows|cols|gridSide|embedding|tokens|bandwidthGBps|offChipBytesPerSecond";
const LITERAL = new RegExp(`(?:^|[{,])\\s*(${KEYS})\\s*:\\s*[0-9]`);

/** Lines outside lib/specs/ that write a preset or model number as a literal. */
export function literalPresetNumbers(source: string): string[] {
  return source.split("\n").filter((line) => LITERAL.test(line) && !/\bpatch:/.test(line) && !/^\s*(\*|\/\/)/.test(line));
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith(".ts") ? [p] : [];
  });
}

describe("every preset number once", () => {
  it("no module outside lib/specs/ writes a preset or model number as a literal", () => {
    const found = tsFiles(join(repoRoot, "lib"))
      .filter((p) => !relative(repoRoot, p).startsWith(join("lib", "specs")) && !p.includes(join("wasm", "assembly")))
      .flatMap((p) => literalPresetNumbers(readFileSync(p, "utf8")).map((l) => `${relative(repoRoot, p)}: ${l.trim()}`))
      .filter((l) => !/\{ tokens: 0, heads: 0 \}/.test(l));
    expect(found).toEqual([]);
  });

  it("the checker catches a literal (and skips comments and the ablation rows)", () => {
    expect(literalPresetNumbers("const a = { heads: 3, pesPerLine: 10 };")).toHaveLength(1);
    expect(literalPresetNumbers(" * heads: 3 in a comment\n  { id: \"x\", patch: { systolicRows: 6 } },")).toEqual([]);
  });

  it("Fig. 11's assumptions, the MAC-line mapping, ViTCoD's defaults and Fig. 10's layer read the presets", () => {
    const tiny = VIT_MODELS["deit-tiny"]!;
    expect([POSTER_BASE_ASSUMPTIONS.heads, POSTER_BASE_ASSUMPTIONS.pesPerLine, POSTER_BASE_ASSUMPTIONS.featureDim]).toEqual([ZYBO_Z7_20_POSTER.pes.rows, ZYBO_Z7_20_POSTER.pes.cols, tiny.headDim]);
    expect(POSTER_BASE_ASSUMPTIONS.systolicRows * POSTER_BASE_ASSUMPTIONS.systolicCols).toBe(ZYBO_Z7_20_POSTER.pes.rows * ZYBO_Z7_20_POSTER.pes.cols);
    expect(POSTER_MAC_LINE_MAPPING.pesPerLine).toBe(ZYBO_Z7_20_POSTER.pes.cols);
    expect([VITCOD_DEFAULTS.peWidth, VITCOD_DEFAULTS.peHeight, VITCOD_DEFAULTS.clockHz]).toEqual([VITCOD_ASIC.pes.cols, VITCOD_ASIC.pes.rows, VITCOD_ASIC.clockHz]);
    expect([FIG10_SETTING.heads, FIG10_SETTING.headDim]).toEqual([tiny.heads, tiny.headDim]);
  });
});
