/// <reference lib="dom" />
/**
 * `vitcod-utilisation`: ViTCoD's attention utilisation against mask density on its own accelerator (the kit's
 * ViTCoD model, all heads), one point per mask.
 */
import type * as PlotModule from "@observablehq/plot";
import type { UtilisationPoint } from "../analysis/vitcod-evidence.ts";
import { designLines } from "./design-lines.ts";

/** Utilisation (%) against kept entries (%, log axis); the subtitle lists each mask's density. */
export function vitcodUtilisationFigure(Plot: typeof PlotModule, document: Document, points: readonly UtilisationPoint[]): Element {
  const fmt = (x: number): string => x.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return designLines(Plot, document, points.map((u) => ({ density: 100 * u.density, utilisation: 100 * u.attentionUtilisation, model: "ViTCoD (kit model, all heads)" })), {
    x: "density", y: "utilisation", series: "model", title: "ViTCoD's attention utilisation vs mask density on its own accelerator (kit model)",
    subtitle: points.map((u) => `${u.workload}: ${fmt(100 * u.density)} %`).join(" · "), xLabel: "kept attention entries (%) →", yLabel: "↑ attention utilisation (%)", logX: true,
  });
}
