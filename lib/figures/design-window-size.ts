/// <reference lib="dom" />
/**
 * `design-window-size`: the full→window ratios of the MAC lines against the window side k, beside the ideal
 * work ratio N² / kept entries.
 */
import type * as PlotModule from "@observablehq/plot";
import { designLines } from "./design-lines.ts";

/** One point: a ratio at a window side. */
export interface WindowSizePoint {
  k: number;
  ratio: string;
  value: number;
}

/** Ratio lines against the window side, for lines of `pesPerLine` PEs. */
export function designWindowSizeFigure(Plot: typeof PlotModule, document: Document, rows: readonly WindowSizePoint[], pesPerLine: number): Element {
  return designLines(Plot, document, rows as unknown as Record<string, number | string>[], {
    x: "k", y: "value", series: "ratio", title: `Full→window speedup vs window side k (${pesPerLine} PEs per line)`, xLabel: "window side k →", yLabel: "↑ ratio (×)",
    caption:
      "Cycles of dense attention over windowed attention in the kit's MAC-line model (lib/cycles/models/mac-lines.ts), DeiT-tiny, 197 tokens, for Q×K and S×V, " +
      "beside the ideal work ratio N² / kept entries of the k×k + CLS mask: the gap is the MAC lines' padding and pipeline overhead.",
  });
}
