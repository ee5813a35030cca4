/// <reference lib="dom" />
/**
 * `design-vitcod-bandwidth`: ViTCoD's attention cycles (reference semantics) against off-chip bandwidth, one
 * line per PE-array width — bandwidth-bound on the left, compute-bound on the right.
 */
import type * as PlotModule from "@observablehq/plot";
import { designLines } from "./design-lines.ts";

/** One point: cycles at a bandwidth for one array width. */
export interface VitcodBandwidthPoint {
  bandwidth: number;
  /** Series label, e.g. `W = 64`. */
  width: string;
  cycles: number;
}

/** Cycles against bandwidth (log-log), one line per width; `masksLabel` names the masks the cycles are of. */
export function designVitcodBandwidthFigure(Plot: typeof PlotModule, document: Document, rows: readonly VitcodBandwidthPoint[], masksLabel: string): Element {
  return designLines(Plot, document, rows as unknown as Record<string, number | string>[], {
    x: "bandwidth", y: "cycles", series: "width", title: `ViTCoD attention cycles (reference semantics, ${masksLabel}) vs off-chip bandwidth`,
    subtitle: "Left: bandwidth-bound (all widths on one line, the mask does not matter); right: compute-bound plateaus (wider arrays lower)",
    xLabel: "bandwidth (GB/s) →", yLabel: "↑ cycles", logX: true, logY: true,
    caption:
      `Attention cycles of one DeiT-tiny inference in the kit's ViTCoD model with its reference simulator's semantics (lib/cycles/models/vitcod.ts) on ${masksLabel}, ` +
      "swept over off-chip bandwidth (log–log) for PE arrays of different widths W; each point is one configuration.",
  });
}
