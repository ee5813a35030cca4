/// <reference lib="dom" />
/**
 * Figures: an Observable Plot chart rendered headlessly, written as `results/<notebook>/<name>.svg` and
 * `.png` (byte-identical on rerun), and shown inline when running inside a notebook.
 */
import * as Plot from "@observablehq/plot";
import { createDocument } from "./dom.ts";
import { toStandaloneSvg } from "./standalone-svg.ts";
import { svgToPng } from "./png.ts";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { resultsPath } from "../paths.ts";
import { showSvg } from "./display.ts";

/** The Plot module and a fresh headless document, handed to a figure's builder. */
export type FigureBuilder = (plot: typeof Plot, document: Document) => Element;

/**
 * Renders a figure to a standalone SVG string without writing anything. The builder must pass `document`
 * to Plot (`Plot.plot({document, ...})`). Continuous colour legends and the raster mark need a canvas and are
 * not available headlessly; use swatch legends or cell marks.
 */
export function renderFigure(build: FigureBuilder): string {
  const document = createDocument();
  const node = build(Plot, document);
  return toStandaloneSvg(node);
}

/**
 * Renders a figure and writes `results/<notebook>/<name>.svg` and `<name>.png` atomically, shows it inline
 * in a notebook. Returns nothing, so a notebook cell ending with it prints no markup; use
 * {@link renderFigure} for the markup.
 */
export async function saveFigure(notebook: string, name: string, build: FigureBuilder): Promise<void> {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`saveFigure: figure name "${name}" must use letters, digits, . _ - only`);
  const svg = renderFigure(build);
  writeFileAtomic(resultsPath(notebook, `${name}.svg`), svg);
  writeFileAtomic(resultsPath(notebook, `${name}.png`), svgToPng(svg));
  showSvg(svg);
}
