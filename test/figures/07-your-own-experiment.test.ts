/**
 * Snapshot tests of the experiment figures (`vitsparse run` and notebook 07), on an experiment built here from a
 * small spec (no reference data, no files): the poster's window on its Zybo preset.
 */
import { describe, it } from "vitest";
import { resolveExperiment } from "../../lib/experiment/resolve.ts";
import { runExperiment } from "../../lib/experiment/run.ts";
import { experimentCyclesFigure } from "../../lib/figures/experiment-cycles.ts";
import { experimentPruningFigure } from "../../lib/figures/experiment-pruning.ts";
import { experimentSplitFigure } from "../../lib/figures/experiment-split.ts";
import { expectFigureSnapshot } from "./snapshot.ts";

const result = await runExperiment(resolveExperiment({
  spec: { name: "snapshot", workload: { model: "deit-tiny", attention: { window: { k: 3, blocks: "0-5" } } }, hardware: { preset: "zybo-z7-20" } },
  source: "test",
  baseDir: ".",
}));

describe("figures of 07-your-own-experiment (and vitsparse run)", () => {
  it("experiment-pruning", () => {
    expectFigureSnapshot("experiment-pruning", (Plot, document) => experimentPruningFigure(Plot, document, result));
  });
  it("experiment-cycles", () => {
    expectFigureSnapshot("experiment-cycles", (Plot, document) => experimentCyclesFigure(Plot, document, result.name, result.hardware.id, result.designs.map((d) => ({ design: d.design, dense: d.dense, workload: d.breakdown }))));
  });
  it("experiment-split", () => {
    expectFigureSnapshot("experiment-split", (Plot, document) => experimentSplitFigure(Plot, document, result.name, result.baseline!, result.designs));
  });
});
