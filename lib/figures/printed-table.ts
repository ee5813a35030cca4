/// <reference lib="dom" />
/**
 * A table drawn as a chart, for figures that show a source's table as it is printed (poster Fig. 12's Vivado
 * utilisation table): a shaded header row, one row per record, left- or right-aligned columns, optional colour
 * swatches in the first column. Not a figure itself: figures in their own files use it.
 */
import type * as PlotModule from "@observablehq/plot";

/** A column: its header, its width (px) and how its cells align. */
export interface PrintedColumn {
  header: string;
  width: number;
  align: "start" | "end";
}

/** Options of {@link printedTable}. */
export interface PrintedTableOptions {
  columns: readonly PrintedColumn[];
  /** Cell texts, one array per row, in column order. */
  rows: readonly (readonly string[])[];
  /** A colour swatch before the first cell of each row (same length as `rows`). */
  swatches?: readonly string[];
  /** Row height (px, default 22). */
  rowHeight?: number;
}

/** The table as an `<svg>` (a Plot chart without axes). */
export function printedTable(Plot: typeof PlotModule, document: Document, o: PrintedTableOptions): SVGSVGElement {
  const rowHeight = o.rowHeight ?? 22;
  const width = o.columns.reduce((a, c) => a + c.width, 0);
  const ids = ["header", ...o.rows.map((_, i) => `r${i}`)];
  const lefts = o.columns.map((_, i) => o.columns.slice(0, i).reduce((a, c) => a + c.width, 0));
  const swatch = o.swatches !== undefined ? 16 : 0;
  const cells = [
    ...o.columns.map((c, j) => ({ row: "header", text: c.header, x: c.align === "start" ? lefts[j]! + 6 + (j === 0 ? swatch : 0) : lefts[j]! + c.width - 6, anchor: c.align, bold: true })),
    ...o.rows.flatMap((r, i) =>
      r.map((text, j) => {
        const c = o.columns[j]!;
        return { row: `r${i}`, text, x: c.align === "start" ? lefts[j]! + 6 + (j === 0 ? swatch : 0) : lefts[j]! + c.width - 6, anchor: c.align, bold: false };
      }),
    ),
  ];
  const shade = ids.map((id, i) => ({ row: id, fill: i === 0 ? "#e6e6e6" : i % 2 === 0 ? "#f6f6f6" : "#ffffff" }));
  const text = (anchor: "start" | "end", bold: boolean) =>
    Plot.text(cells.filter((c) => c.anchor === anchor && c.bold === bold), { x: "x", y: "row", text: "text", textAnchor: anchor, fontSize: 11, fontWeight: bold ? "bold" : "normal" });
  return Plot.plot({
    document,
    width: width + 2,
    height: ids.length * rowHeight + 2,
    margin: 1,
    x: { domain: [0, width], axis: null },
    y: { domain: ids, axis: null, type: "band", padding: 0 },
    marks: [
      Plot.barX(shade, { x1: 0, x2: width, y: "row", fill: "fill" }),
      ...(o.swatches !== undefined ? [Plot.barX(o.swatches.map((fill, i) => ({ row: `r${i}`, fill })), { x1: 6, x2: 6 + swatch - 4, y: "row", fill: "fill", insetTop: 5, insetBottom: 5, stroke: "#888888" })] : []),
      text("start", true), text("end", true), text("start", false), text("end", false),
      Plot.frame({ stroke: "#bbbbbb" }),
    ],
  }) as SVGSVGElement;
}
