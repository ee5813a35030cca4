import { describe, it } from "vitest";
import { latencyBreakdownFigure } from "../../lib/figures/fig1-latency-breakdown.ts";
import { sourceSegments, threeSourceFigure } from "../../lib/figures/latency-three-sources.ts";
import { readReportedBreakdown } from "../../lib/data/files/latency-breakdown-reported.ts";
import { readCpuLatencyBreakdown } from "../../lib/data/files/latency-breakdown-cpu.ts";
import { cpuLatencyPercentRows } from "../../lib/workload/onnx/cpu-breakdown.ts";
import { expectFigureSnapshot, readFixture } from "./snapshot.ts";
import type { Tx2Fig1Row } from "../../lib/analysis/tx2-fig1.ts";

/** ViTCoD's TX2 profile on Fig. 1's categories (see fixtures/README.md). */
const tx2Fig1 = readFixture<Tx2Fig1Row[]>("tx2-fig1-breakdown.json");

describe("figures of 01-latency-breakdown", () => {
  it("fig1-latency-breakdown", () => {
    expectFigureSnapshot("fig1-latency-breakdown", (Plot, document) =>
      latencyBreakdownFigure(Plot, document, readReportedBreakdown(), tx2Fig1));
  });

  it("latency-three-sources", () => {
    const cpuRows = cpuLatencyPercentRows(readCpuLatencyBreakdown(), 1);
    expectFigureSnapshot("latency-three-sources", (Plot, document) =>
      threeSourceFigure(Plot, document, sourceSegments(readReportedBreakdown(), tx2Fig1, cpuRows), "Fixture caption."));
  });
});
