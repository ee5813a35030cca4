import { describe, it } from "vitest";
import { speedupFigure } from "../../lib/figures/speedup-vs-window.ts";
import { gflopsFigure } from "../../lib/figures/gflops-vs-density.ts";
import { rmsCurveFigure } from "../../lib/figures/fixed-point-rms-vs-bits.ts";
import { mapsFigure } from "../../lib/figures/attention-map-sw-vs-hw.ts";
import { fig10Maps, fixedPointSweep } from "../../lib/analysis/kernels.ts";
import { POSTER_FIG10_RMS_PERCENT } from "../../lib/paper/poster-fig10.ts";
import { readKernelBench } from "../../lib/data/files/kernel-bench.ts";
import { expectFigureSnapshot } from "./snapshot.ts";

const oneThread = () => readKernelBench().rows.filter((r) => r.threads === 1);

describe("figures of 04-sddmm-kernel", () => {
  it("speedup-vs-window", () => {
    expectFigureSnapshot("speedup-vs-window", (Plot, document) => speedupFigure(Plot, document, oneThread()));
  });

  it("gflops-vs-density", () => {
    expectFigureSnapshot("gflops-vs-density", (Plot, document) => gflopsFigure(Plot, document, oneThread()));
  });

  it("fixed-point-rms-vs-bits", () => {
    const sweep = fixedPointSweep([8, 12, 16], 10);
    expectFigureSnapshot("fixed-point-rms-vs-bits", (Plot, document) => rmsCurveFigure(Plot, document, sweep, POSTER_FIG10_RMS_PERCENT));
  });

  it("attention-map-sw-vs-hw", () => {
    const maps = fig10Maps(16, 0, 16, 10);
    expectFigureSnapshot("attention-map-sw-vs-hw", (Plot, document) => mapsFigure(Plot, document, maps.cells, "Fixture title"));
  });
});
