import { describe, it } from "vitest";
import { windowQueryFigure } from "../../lib/figures/window-query.ts";
import { maskMapFigure } from "../../lib/figures/window-mask-map.ts";
import { headGridFigure } from "../../lib/figures/vitcod-masks.ts";
import { localityFigure } from "../../lib/figures/locality-per-layer.ts";
import { diagonalShareFigure } from "../../lib/figures/diagonal-share-vs-band.ts";
import { diagonalShareCurve } from "../../lib/analysis/attention-verdicts.ts";
import type { LocalityRow } from "../../lib/analysis/masks.ts";
import { polarizeModel } from "../../lib/masks/polarizer.ts";
import { windowMask } from "../../lib/masks/window.ts";
import { expectFigureSnapshot, readFixture } from "./snapshot.ts";

/** A small stand-in for ViTCoD's masks: 2 layers × 2 heads of windowed masks on an 8×8 grid + CLS. */
const masks = [1, 2].map((dilation) => [3, 5].map((kh) => windowMask({ gridH: 8, gridW: 8, kh, dilation, special: 1 })));

describe("figures of 02-attention-maps", () => {
  it("window-query", () => {
    expectFigureSnapshot("window-query", (Plot, document) =>
      windowQueryFigure(Plot, document, { gridH: 14, gridW: 14, k: 3, queryRow: 6, queryCol: 6 }));
  });

  it("window-mask-map", () => {
    expectFigureSnapshot("window-mask-map", (Plot, document) =>
      maskMapFigure(Plot, document, windowMask({ gridH: 8, gridW: 8, kh: 3, special: 1 }), { title: "Fixture title", caption: "Fixture caption." }));
  });

  it("vitcod-masks", () => {
    expectFigureSnapshot("vitcod-masks", (Plot, document) =>
      headGridFigure(Plot, document, masks, { title: "Fixture title", caption: "Fixture caption.", blockSize: 5 }));
  });

  it("vitcod-masks-polarized", () => {
    const polarized = polarizeModel(masks, 20).results.map((l) => l.map((r) => r.mask));
    expectFigureSnapshot("vitcod-masks-polarized", (Plot, document) =>
      headGridFigure(Plot, document, polarized, { title: "Fixture title", caption: "Fixture caption.", blockSize: 5 }));
  });

  it("locality-per-layer", () => {
    const f = readFixture<{ uniformPercent: number; rows: LocalityRow[] }>("vitcod-locality-per-layer.json");
    expectFigureSnapshot("locality-per-layer", (Plot, document) =>
      localityFigure(Plot, document, f.rows, { k: 3, uniformPercent: f.uniformPercent, localSharePercent: 50 }));
  });

  it("diagonal-share-vs-band", () => {
    const rows = diagonalShareCurve(masks, [0, 1, 2, 4, 8, 9, 10, 16], 20);
    expectFigureSnapshot("diagonal-share-vs-band", (Plot, document) => diagonalShareFigure(Plot, document, rows, { baseBand: 9, title: "Fixture title" }));
  });
});
