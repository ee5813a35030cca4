import { describe, expect, it } from "vitest";
import { pruningSweepFigure } from "../../lib/figures/window-pruning-sweep.ts";
import { windowPruningSweep } from "../../lib/analysis/masks.ts";
import { renderFigure } from "../../lib/output/figure.ts";
import { expectFigureSnapshot } from "./snapshot.ts";

/** The sweep follows notebook 03's parameters: the chosen (grid, k) is ringed and named in the caption. */
describe("window-pruning-sweep follows the parameters", () => {
  const sweep = windowPruningSweep([14, 28], [3, 5, 7], { special: 1, border: "clip" });

  it("window-pruning-sweep-highlight", () => {
    expectFigureSnapshot("window-pruning-sweep-highlight", (Plot, document) =>
      pruningSweepFigure(Plot, document, sweep, { claimPercent: 95, highlight: { grid: "14x14", k: 5 } }));
  });

  it("names the chosen window and its exact ratio; integer ticks", () => {
    const k3 = renderFigure((Plot, document) => pruningSweepFigure(Plot, document, sweep, { claimPercent: 95, highlight: { grid: "14x14", k: 3 } }));
    const k5 = renderFigure((Plot, document) => pruningSweepFigure(Plot, document, sweep, { claimPercent: 95, highlight: { grid: "14x14", k: 5 } }));
    // the standalone SVG wraps the caption into lines: check the pieces
    expect(k3).toContain("k = 3 on the 14×14 grid,");
    expect(k3).toContain("94.8646 % pruned");
    expect(k5).toContain("k = 5 on the 14×14 grid,");
    expect(k5).toContain("88.4331 % pruned");
    expect(k5).not.toContain("3.0<");
    const missing = renderFigure((Plot, document) => pruningSweepFigure(Plot, document, sweep, { claimPercent: 95, highlight: { grid: "56x56", k: 5 } }));
    expect(missing.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ")).toContain("k = 5 on 56×56 is not in the sweep");
  });
});
