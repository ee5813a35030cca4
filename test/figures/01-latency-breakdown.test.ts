import { readFileSync } from "node:fs";
import { describe, it } from "vitest";
import { latencyBreakdownFigure } from "../../lib/latency/breakdown-figure.ts";
import { readReportedBreakdown } from "../../lib/latency/reported-breakdown.ts";
import type { Tx2Fig1Row } from "../../lib/latency/tx2-fig1.ts";
import { expectFigureSnapshot } from "./snapshot.ts";

/** ViTCoD's TX2 profile on Fig. 1's categories (see fixtures/README.md). */
const tx2Fig1 = JSON.parse(readFileSync(new URL("fixtures/tx2-fig1-breakdown.json", import.meta.url), "utf8")) as Tx2Fig1Row[];

describe("figures of 01-latency-breakdown", () => {
  it("fig1-latency-breakdown", () => {
    expectFigureSnapshot("fig1-latency-breakdown", (Plot, document) =>
      latencyBreakdownFigure(Plot, document, readReportedBreakdown(), tx2Fig1));
  });
});
