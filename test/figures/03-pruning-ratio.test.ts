import { describe, it } from "vitest";
import { pruningSweepFigure } from "../../lib/figures/window-pruning-sweep.ts";
import { fig5Figure } from "../../lib/figures/fig5-panels.ts";
import { windowPruningSweep } from "../../lib/analysis/masks.ts";
import { readFig5 } from "../../lib/data/files/fig5-pruning-vs-accuracy.ts";
import { fig5Baselines, readFig5Reading } from "../../lib/paper/poster-fig5.ts";
import { expectFigureSnapshot } from "./snapshot.ts";

describe("figures of 03-pruning-ratio", () => {
  it("window-pruning-sweep", () => {
    const sweep = windowPruningSweep([14, 28], [3, 5, 7], { special: 1, border: "clip" });
    expectFigureSnapshot("window-pruning-sweep", (Plot, document) => pruningSweepFigure(Plot, document, sweep, { claimPercent: 95 }));
  });

  it("fig5-nlp-bleu", () => {
    expectFigureSnapshot("fig5-nlp-bleu", (Plot, document) =>
      fig5Figure(Plot, document, readFig5(), { metric: "BLEU", title: "Fixture title", caption: "Fixture caption." }));
  });

  it("fig5-vit-accuracy", () => {
    expectFigureSnapshot("fig5-vit-accuracy", (Plot, document) =>
      fig5Figure(Plot, document, readFig5(), {
        metric: "top-1 accuracy", title: "Fixture title", caption: "Fixture caption.", baselines: fig5Baselines(readFig5Reading()),
      }));
  });
});
