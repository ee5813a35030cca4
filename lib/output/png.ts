/**
 * SVG → PNG with resvg and the fonts shipped in the dejavu-fonts-ttf npm package (system fonts are not
 * loaded), so the same SVG gives the same PNG bytes on every machine.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { FIGURE_FONT } from "./standalone-svg.ts";

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSansMono.ttf"].map((f) =>
  join(fontDir, f),
);

/** Renders a standalone SVG document to PNG bytes at `scale` × its pixel size. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FIGURE_FONT, sansSerifFamily: FIGURE_FONT },
    fitTo: { mode: "zoom", value: scale },
    background: "white",
  });
  return resvg.render().asPng();
}
