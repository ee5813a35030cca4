/**
 * Snapshot tests of notebook 05's figures, on inputs computed without the reference data (the cycle
 * models on generated masks, the quoted Fig. 12 values), so they run everywhere.
 */
import { describe, it } from "vitest";
import { compareDesigns } from "../../lib/cycles/compare.ts";
import { vitcodUtilisationVsDensity } from "../../lib/analysis/vitcod-evidence.ts";
import { designPesPerLineFigure } from "../../lib/figures/design-pes-per-line.ts";
import { designVitcodBandwidthFigure } from "../../lib/figures/design-vitcod-bandwidth.ts";
import { designWindowSizeFigure } from "../../lib/figures/design-window-size.ts";
import { fig11Figure } from "../../lib/figures/fig11-cycles.ts";
import { vitcodUtilisationFigure } from "../../lib/figures/vitcod-utilisation.ts";
import { heatvitReports } from "../../lib/analysis/heatvit.ts";
import { POSTER_BASE_ASSUMPTIONS, simulatePoster } from "../../lib/cycles/poster.ts";
import { VIT_MODELS } from "../../lib/specs/models.ts";

const DEIT_TINY = VIT_MODELS["deit-tiny"]!;
import { compareCyclesFigure } from "../../lib/figures/compare-cycles.ts";
import { compareSplitFigure } from "../../lib/figures/compare-split.ts";
import { fig12PowerFigure } from "../../lib/figures/fig12-power.ts";
import { fig12ResourcesFigure } from "../../lib/figures/fig12-resources.ts";
import { heatvitSpeedupFigure } from "../../lib/figures/heatvit-speedup.ts";
import { FIG12_POWER, FIG12_RESOURCES } from "../../lib/paper/poster-fig12.ts";
import { FOOTING_512 } from "../../lib/specs/hardware.ts";
import { expectFigureSnapshot } from "./snapshot.ts";

const compare = compareDesigns();

describe("figures of 05-fpga-speedup", () => {
  it("fig11-cycles", () => {
    const r = simulatePoster();
    expectFigureSnapshot("fig11-cycles", (Plot, document) => fig11Figure(Plot, document, r, "base assumptions", { k: 3, tokens: 197, a: POSTER_BASE_ASSUMPTIONS }));
  });
  it("design-window-size (generic design-space lines)", () => {
    const rows = [3, 5, 7].flatMap((k) => {
      const r = simulatePoster(POSTER_BASE_ASSUMPTIONS, k);
      return [{ k, ratio: "Q×K full→window", value: r.ratios.qkFullToWindow }, { k, ratio: "S×V full→window", value: r.ratios.svFullToWindow }];
    });
    expectFigureSnapshot("design-window-size", (Plot, document) => designWindowSizeFigure(Plot, document, rows, 10));
  });
  it("design-pes-per-line and design-vitcod-bandwidth (log axes)", () => {
    const pes = [6, 10, 16].map((p) => ({ pes: p, ratio: "Q×K full→window", value: simulatePoster({ ...POSTER_BASE_ASSUMPTIONS, pesPerLine: p }).ratios.qkFullToWindow }));
    expectFigureSnapshot("design-pes-per-line", (Plot, document) => designPesPerLineFigure(Plot, document, pes, 3));
    const bw = [1.2, 76.8].flatMap((b) => [32, 64].map((w) => ({ bandwidth: b, width: `W = ${w}`, cycles: (w * 1000) / b + 100 })));
    expectFigureSnapshot("design-vitcod-bandwidth", (Plot, document) => designVitcodBandwidthFigure(Plot, document, bw, "learned 0.95 masks"));
  });
  it("vitcod-utilisation", () => {
    const util = vitcodUtilisationVsDensity(DEIT_TINY, [3, 9]);
    expectFigureSnapshot("vitcod-utilisation", (Plot, document) => vitcodUtilisationFigure(Plot, document, util));
  });
  it("compare-cycles", () => {
    expectFigureSnapshot("compare-cycles", (Plot, document) => compareCyclesFigure(Plot, document, compare.rows, FOOTING_512.description));
  });
  it("compare-split-attention and compare-split-total", () => {
    expectFigureSnapshot("compare-split-attention", (Plot, document) => compareSplitFigure(Plot, document, compare.split, "attention"));
    expectFigureSnapshot("compare-split-total", (Plot, document) => compareSplitFigure(Plot, document, compare.split, "total"));
  });
  it("heatvit-speedup", () => {
    expectFigureSnapshot("heatvit-speedup", (Plot, document) => heatvitSpeedupFigure(Plot, document, heatvitReports(), 0.25));
  });
  it("fig12-resources and fig12-power", () => {
    expectFigureSnapshot("fig12-resources", (Plot, document) => fig12ResourcesFigure(Plot, document, FIG12_RESOURCES, [{ resource: "DSP", estimate: 30, label: "1 DSP per MAC" }, { resource: "BRAM", estimate: 131, label: "dense score buffer" }]));
    expectFigureSnapshot("fig12-power", (Plot, document) => fig12PowerFigure(Plot, document, FIG12_POWER, { label: "datapath (estimate)", milliwatts: 18 }));
  });
});
