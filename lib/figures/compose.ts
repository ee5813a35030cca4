/// <reference lib="dom" />
/**
 * Putting several Plot charts into one figure: a title, a subtitle, the charts (one under the other, or side by
 * side in a row) with their legends, and a caption. `toStandaloneSvg` (lib/output) lays the parts out; a row
 * is a `<div class="vitsparse-row">` of `<svg>` charts. Not a figure itself: figures in their own files use it.
 */
import { FIGURE_PART_CLASSES } from "../output/standalone-svg.ts";

/** One part of a composed figure: a chart, or charts side by side. */
export type FigurePart = Element | { row: Element[] };

/** What a chart is made of: its legends (swatch divs, ramp svgs) and its chart svgs, without its own texts. */
function pieces(chart: Element): { legends: Element[]; charts: Element[] } {
  if (chart.tagName.toLowerCase() === "svg") return { legends: [], charts: [chart] };
  const legends: Element[] = [];
  const charts: Element[] = [];
  for (const child of Array.from(chart.children)) {
    const name = child.tagName.toLowerCase();
    if (name === "div") legends.push(child);
    else if (name === "svg") charts.push(child);
  }
  return { legends, charts };
}

/** A figure of `parts` under one title, subtitle and caption (the parts' own titles and captions dropped). */
export function composeFigure(document: Document, o: { title: string; subtitle?: string; caption: string; parts: readonly FigurePart[] }): Element {
  const figure = document.createElement("figure");
  const text = (tag: string, content: string): void => {
    const el = document.createElement(tag);
    el.textContent = content;
    figure.appendChild(el);
  };
  text("h2", o.title);
  if (o.subtitle !== undefined) text("h3", o.subtitle);
  for (const part of o.parts) {
    if ("row" in part) {
      const row = document.createElement("div");
      row.setAttribute("class", FIGURE_PART_CLASSES.row);
      for (const chart of part.row) {
        const p = pieces(chart);
        for (const legend of p.legends) figure.appendChild(legend);
        for (const svg of p.charts) row.appendChild(svg);
      }
      figure.appendChild(row);
    } else {
      const p = pieces(part);
      for (const el of [...p.legends, ...p.charts]) figure.appendChild(el);
    }
  }
  text("figcaption", o.caption);
  return figure;
}

/** Splits a label into lines of at most `width` characters at spaces (for multi-line tick labels). */
export function wrapLabel(label: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}
