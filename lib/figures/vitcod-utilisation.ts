/// <reference lib="dom" />
/**
 * `vitcod-utilisation`: ViTCoD's attention utilisation against mask density on its own accelerator (the kit's
 * ViTCoD model, all heads): one labelled point per mask, coloured by its family (k×k windows joined in order of
 * density, ViTCoD's learned masks, the dense map).
 */
import type * as PlotModule from "@observablehq/plot";
import type { UtilisationPoint } from "../analysis/vitcod-evidence.ts";

const FAMILIES: readonly { family: UtilisationPoint["family"]; label: string; colour: string }[] = [
  { family: "window", label: "k×k windows, every block", colour: "#4269d0" },
  { family: "learned", label: "ViTCoD's learned masks", colour: "#e8590c" },
  { family: "dense", label: "dense map", colour: "#555555" },
];

/** The point's label: `3×3`, `ViTCoD info_0.95`, `dense`. */
function shortName(u: UtilisationPoint): string {
  if (u.family === "window") return u.workload.replace(/ window.*$/, "");
  if (u.family === "dense") return "dense";
  return u.workload.replace(/ \(learned\)$/, "");
}

/** Utilisation (%) against kept entries (%, log axis), each point labelled with its mask. */
export function vitcodUtilisationFigure(Plot: typeof PlotModule, document: Document, points: readonly UtilisationPoint[]): Element {
  const data = points.map((u) => ({
    density: 100 * u.density,
    utilisation: 100 * u.attentionUtilisation,
    family: FAMILIES.find((f) => f.family === u.family)!.label,
    name: shortName(u),
  }));
  const families = FAMILIES.filter((f) => points.some((u) => u.family === f.family));
  const windows = data.filter((d) => d.family === FAMILIES[0]!.label).sort((a, b) => a.density - b.density);
  // A window point's label goes where the line is not: above a peak (no neighbour higher), below a dip (no
  // neighbour lower); along a slope, labels alternate above and below so neighbours do not collide. The learned
  // masks' label goes below (it sits next to the 3×3 window's point), the dense one to the left.
  const ABOVE = { dx: 0, dy: -12, anchor: "middle" } as const;
  const BELOW = { dx: 0, dy: 16, anchor: "middle" } as const;
  const windowSide = (i: number): typeof ABOVE | typeof BELOW => {
    const y = windows[i]!.utilisation;
    const neighbours = [windows[i - 1], windows[i + 1]].filter((w) => w !== undefined).map((w) => w.utilisation);
    if (neighbours.every((v) => v <= y)) return ABOVE;
    if (neighbours.every((v) => v >= y)) return BELOW;
    return i % 2 === 0 ? ABOVE : BELOW;
  };
  const label = (d: (typeof data)[number], i: number): { dy: number; dx: number; anchor: "start" | "middle" | "end" } =>
    d.name === "dense" ? { dx: -8, dy: 0, anchor: "end" } : d.family === FAMILIES[1]!.label ? BELOW : windowSide(i);
  const labelled = data.map((d) => ({ ...d, ...label(d, windows.indexOf(d)) }));
  const mark = (anchor: "start" | "middle" | "end", dy: number, dx: number) =>
    Plot.text(labelled.filter((d) => d.anchor === anchor && d.dy === dy && d.dx === dx), { x: "density", y: "utilisation", text: "name", textAnchor: anchor, dy, dx, fontSize: 10 });
  return Plot.plot({
    document,
    width: 820,
    height: 380,
    marginLeft: 70,
    marginRight: 30,
    title: "ViTCoD's attention utilisation vs mask density on its own accelerator (kit model)",
    subtitle: "Each point is one mask set run through ViTCoD's dual-engine accelerator model on DeiT-tiny; the label names the mask",
    caption:
      "Utilisation = useful attention MACs / (attention cycles × PEs), all heads, from the kit's ViTCoD model (lib/cycles/models/vitcod.ts) on ViTCoD's ASIC preset; " +
      "density = kept entries / (heads × tokens²). Windows of side k in every block (joined in order of density), ViTCoD's learned info_0.95 masks and the dense map.",
    x: { label: "kept attention entries (%, log scale) →", type: "log", grid: true, inset: 24 },
    y: { label: "↑ attention utilisation (%)", grid: true, inset: 18 },
    color: { legend: true, domain: families.map((f) => f.label), range: families.map((f) => f.colour) },
    marks: [
      Plot.line(windows, { x: "density", y: "utilisation", stroke: "family" }),
      Plot.dot(data, { x: "density", y: "utilisation", fill: "family", r: 3.5 }),
      ...[...new Set(labelled.map((d) => `${d.anchor}|${d.dy}|${d.dx}`))].map((k) => {
        const [anchor, dy, dx] = k.split("|");
        return mark(anchor as "start" | "middle" | "end", Number(dy), Number(dx));
      }),
    ],
  });
}
