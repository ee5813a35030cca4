/// <reference lib="dom" />
/**
 * `design-pes-per-line`: the four Fig. 11 ratios as the MAC line grows (the systolic array keeps equal PEs,
 * near-square), at window side k.
 */
import type * as PlotModule from "@observablehq/plot";
import { designLines } from "./design-lines.ts";

/** One point: a ratio at a line length. */
export interface PesPerLinePoint {
  pes: number;
  ratio: string;
  value: number;
}

/** Ratio lines against PEs per MAC line at window side `k`. */
export function designPesPerLineFigure(Plot: typeof PlotModule, document: Document, rows: readonly PesPerLinePoint[], k: number): Element {
  return designLines(Plot, document, rows as unknown as Record<string, number | string>[], {
    x: "pes", y: "value", series: "ratio", title: `Fig. 11 ratios vs PEs per MAC line (k = ${k})`, xLabel: "PEs per MAC line →", yLabel: "↑ ratio (×)",
    subtitle: `A window query needs k²+1 = ${k * k + 1} slots: shorter lines need several passes, longer ones idle PEs; the systolic array keeps equal PEs (near-square)`,
    caption:
      "Each point is one configuration of the kit's MAC-line model (lib/cycles/models/mac-lines.ts) on DeiT-tiny's 197 tokens, the other assumptions as in Fig. 11; " +
      "full→window: cycles of dense attention over windowed attention on the MAC lines; systolic→lines: cycles of a systolic array with the same PEs over the MAC lines.",
  });
}
