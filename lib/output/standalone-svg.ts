/// <reference lib="dom" />
/**
 * Turns Observable Plot output into one standalone SVG document. Plot returns a bare `<svg>` for a plain
 * chart, but an HTML `<figure>` when the chart has a title, subtitle, caption or a swatch legend; an SVG
 * renderer (resvg) and an image viewer need a single `<svg>`. The figure's parts are laid out top to bottom:
 * title, subtitle, legends, the chart(s), the caption; a `<div class="vitsparse-row">` lays its charts side by
 * side. Each text block and legend keeps a class saying what it is (`vitsparse-title`, `vitsparse-subtitle`,
 * `vitsparse-caption`, `vitsparse-legend`), so a test can tell a caption from a label.
 */

/** Classes of the standalone figure's blocks. */
export const FIGURE_PART_CLASSES = {
  title: "vitsparse-title",
  subtitle: "vitsparse-subtitle",
  caption: "vitsparse-caption",
  legend: "vitsparse-legend",
  row: "vitsparse-row",
} as const;

/** Font family written into standalone figures (shipped by the dejavu-fonts-ttf package). */
export const FIGURE_FONT = "DejaVu Sans";

const FONT_STACK = `${FIGURE_FONT}, system-ui, sans-serif`;
/** Mean advance of a DejaVu Sans glyph, in em, used to estimate text widths for layout. */
const MEAN_GLYPH_EM = 0.6;

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function numberAttr(el: Element, name: string, fallback: number): number {
  const v = Number(el.getAttribute(name));
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Splits text into lines no wider than `width` pixels at `fontSize` (estimated glyph widths). */
function wrapText(text: string, width: number, fontSize: number): string[] {
  const maxChars = Math.max(10, Math.floor(width / (fontSize * MEAN_GLYPH_EM)));
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

interface Block {
  height: number;
  markup: (y: number) => string;
}

function textBlock(text: string, width: number, fontSize: number, weight: string, color: string, cls: string): Block {
  const lines = wrapText(text, width, fontSize);
  const lineHeight = Math.round(fontSize * 1.3);
  return {
    height: lines.length * lineHeight + 4,
    markup: (y) =>
      `<g class="${cls}">` +
      lines
        .map(
          (l, i) =>
            `<text x="0" y="${y + (i + 1) * lineHeight - Math.round(fontSize * 0.3)}" font-size="${fontSize}" font-weight="${weight}" fill="${color}" text-anchor="start">${escapeXml(l)}</text>`,
        )
        .join("") +
      "</g>",
  };
}

function swatchBlock(legend: Element, width: number): Block {
  const items: { fill: string; label: string; marker: string }[] = [];
  for (const swatch of Array.from(legend.children)) {
    if (swatch.tagName.toLowerCase() !== "span") continue;
    const svg = swatch.querySelector("svg");
    const label = (swatch.textContent ?? "").trim();
    const fill = svg?.getAttribute("fill") ?? svg?.querySelector("[fill]")?.getAttribute("fill") ?? "currentColor";
    const inner = svg ? svg.innerHTML : "";
    items.push({ fill, label, marker: inner });
  }
  const rowHeight = 22;
  const placed: { x: number; row: number; item: (typeof items)[number] }[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = 15 + 5 + item.label.length * 10 * MEAN_GLYPH_EM + 14;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    placed.push({ x, row, item });
    x += w;
  }
  const rows = items.length === 0 ? 0 : row + 1;
  return {
    height: rows * rowHeight + 6,
    markup: (y) =>
      `<g class="${FIGURE_PART_CLASSES.legend}">` +
      placed
        .map(
          ({ x: px, row: r, item }) =>
            `<svg x="${px.toFixed(1)}" y="${y + r * rowHeight + 2}" width="15" height="15" fill="${escapeXml(item.fill)}" overflow="visible">${item.marker}</svg>` +
            `<text x="${(px + 20).toFixed(1)}" y="${y + r * rowHeight + 13}" font-size="10" text-anchor="start" fill="currentColor">${escapeXml(item.label)}</text>`,
        )
        .join("") +
      "</g>",
  };
}

/** Charts side by side (a `<div class="vitsparse-row">` of svgs), top-aligned, 16 px apart. */
function rowBlock(row: Element): Block {
  const svgs = Array.from(row.children).filter((c) => c.tagName.toLowerCase() === "svg");
  const gap = 16;
  return {
    height: Math.max(0, ...svgs.map((s) => numberAttr(s, "height", 400))),
    markup: (y) => {
      let x = 0;
      return svgs
        .map((s) => {
          const w = numberAttr(s, "width", 640);
          s.setAttribute("font-family", FONT_STACK);
          s.setAttribute("x", String(x));
          s.setAttribute("y", String(y));
          x += w + gap;
          return s.outerHTML;
        })
        .join("");
    },
  };
}

/** Width of a row of charts. */
function rowWidth(row: Element): number {
  const svgs = Array.from(row.children).filter((c) => c.tagName.toLowerCase() === "svg");
  return svgs.reduce((a, s) => a + numberAttr(s, "width", 640), 0) + 16 * Math.max(0, svgs.length - 1);
}

function svgBlock(svg: Element): Block {
  const width = numberAttr(svg, "width", 640);
  const height = numberAttr(svg, "height", 400);
  svg.setAttribute("font-family", FONT_STACK);
  return {
    height,
    markup: (y) => {
      svg.setAttribute("x", "0");
      svg.setAttribute("y", String(y));
      if (!svg.getAttribute("width")) svg.setAttribute("width", String(width));
      return svg.outerHTML;
    },
  };
}

/**
 * Converts a Plot result (an `<svg>` or a `<figure>`) into a standalone SVG document string with an XML
 * namespace, a white background and the kit's font. Deterministic for deterministic input.
 */
export function toStandaloneSvg(node: Element): string {
  const tag = node.tagName.toLowerCase();
  const svgs = tag === "svg" ? [node] : Array.from(node.children).filter((c) => c.tagName.toLowerCase() === "svg");
  const rows = tag === "svg" ? [] : Array.from(node.children).filter((c) => c.tagName.toLowerCase() === "div" && (c.getAttribute("class") ?? "").includes(FIGURE_PART_CLASSES.row));
  const width = Math.max(...svgs.map((s) => numberAttr(s, "width", 640)), ...rows.map(rowWidth), 320);
  const blocks: Block[] = [];
  if (tag === "svg") blocks.push(svgBlock(node));
  else {
    for (const child of Array.from(node.children)) {
      const name = child.tagName.toLowerCase();
      const cls = child.getAttribute("class") ?? "";
      if (name === "h2") blocks.push(textBlock(child.textContent ?? "", width, 16, "bold", "currentColor", FIGURE_PART_CLASSES.title));
      else if (name === "h3") blocks.push(textBlock(child.textContent ?? "", width, 12, "normal", "#555555", FIGURE_PART_CLASSES.subtitle));
      else if (name === "figcaption") blocks.push(textBlock(child.textContent ?? "", width, 10, "normal", "#555555", FIGURE_PART_CLASSES.caption));
      else if (name === "div" && cls.includes("swatches")) blocks.push(swatchBlock(child, width));
      else if (name === "div" && cls.includes(FIGURE_PART_CLASSES.row)) blocks.push(rowBlock(child));
      else if (name === "svg") blocks.push(svgBlock(child));
      else throw new Error(`toStandaloneSvg: unsupported <${name} class="${cls}"> in Plot figure`);
    }
  }
  const pad = 8;
  let y = pad;
  const parts: string[] = [];
  for (const b of blocks) {
    parts.push(b.markup(y));
    y += b.height;
  }
  const totalWidth = width + 2 * pad;
  const totalHeight = Math.ceil(y + pad);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight}" viewBox="0 0 ${totalWidth} ${totalHeight}" font-family="${FONT_STACK}" font-size="10" color="black">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<g transform="translate(${pad},0)">${parts.join("")}</g></svg>\n`
  );
}
