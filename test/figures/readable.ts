/**
 * Whether a figure can be read at a glance, measured on the figure as rendered: each SVG is laid out by
 * Debian's Chromium (driven by playwright-core) with the kit's bundled DejaVu Sans, and every text's box is
 * checked against the others and against the marks:
 * - **clipped**: a text reaches outside the chart (or figure) that holds it;
 * - **overlap**: two texts overlap;
 * - **crosses an edge**: a text that starts inside a rect (a bar, a box, a frame) runs out of it (a label wider or
 *   taller than its bar, a note crossing its box); single-glyph markers (×, •) on heatmap cells are exempt;
 * - **line through text**: a line, rule or link mark runs through a text;
 * - **ring over text**: a dot of radius ≥ 3 covers a text;
 * - **legend entry not drawn**: a swatch legend entry whose colour no mark uses; **legend colours repeat**;
 * - **no caption**; **heatmap without a colour legend**: a chart with ≥ 24 distinct cell colours and no ramp legend
 *   whose label names a unit in parentheses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { repoRoot } from "../../lib/paths.ts";

/** One readability problem of one figure. */
export interface ReadabilityProblem {
  kind: string;
  detail: string;
}

/** The page every SVG is laid out in: DejaVu Sans from the dejavu-fonts-ttf package, as the PNGs use it. */
export function readabilityPageHtml(): string {
  const font = (file: string): string => readFileSync(join(repoRoot, "node_modules", "dejavu-fonts-ttf", "ttf", file)).toString("base64");
  return (
    `<!doctype html><html><head><style>` +
    `@font-face { font-family: "DejaVu Sans"; src: url(data:font/ttf;base64,${font("DejaVuSans.ttf")}); font-weight: normal; }` +
    `@font-face { font-family: "DejaVu Sans"; src: url(data:font/ttf;base64,${font("DejaVuSans-Bold.ttf")}); font-weight: bold; }` +
    `body { margin: 0; }</style>` +
    // Code run with tsx keeps function names through a __name helper the page does not have.
    `<script>window.__name = (f) => f;</script></head><body></body></html>`
  );
}

/** Lays `svg` out in `page` (prepared with {@link readabilityPageHtml}) and returns its problems. */
export async function readabilityProblems(page: Page, svg: string): Promise<ReadabilityProblem[]> {
  const markup = svg.replace(/^<\?xml[^>]*>\s*/, "");
  return page.evaluate(async (m: string) => {
    document.body.innerHTML = m;
    await document.fonts.ready;
    // The fonts of a freshly inserted SVG load on first use: lay out once, wait, lay out again.
    document.body.getBoundingClientRect();
    await document.fonts.ready;
    const problems: { kind: string; detail: string }[] = [];
    const root = document.querySelector("svg")!;
    type Box = { left: number; right: number; top: number; bottom: number };
    const inLegend = (el: Element): boolean => el.closest(".vitsparse-legend, .vitsparse-ramp-legend") !== null;
    const markOf = (el: Element): string => el.closest("[aria-label]")?.getAttribute("aria-label") ?? el.tagName;
    const shrink = (b: Box, d: number): Box => ({ left: b.left + d, right: b.right - d, top: b.top + d, bottom: b.bottom - d });
    const inside = (a: Box, b: Box, tol: number): boolean => a.left >= b.left - tol && a.right <= b.right + tol && a.top >= b.top - tol && a.bottom <= b.bottom + tol;
    const visible = (el: Element): boolean => {
      const s = getComputedStyle(el);
      return s.display !== "none" && s.visibility !== "hidden" && Number(s.opacity) > 0;
    };
    type Pt = { x: number; y: number };
    // A text's outline: its local box through its transform (a rotated tick label is a rotated quadrilateral).
    const outline = (t: SVGTextElement): Pt[] => {
      const b = t.getBBox();
      const m = t.getScreenCTM()!;
      return [
        { x: b.x, y: b.y },
        { x: b.x + b.width, y: b.y },
        { x: b.x + b.width, y: b.y + b.height },
        { x: b.x, y: b.y + b.height },
      ].map((p) => new DOMPoint(p.x, p.y).matrixTransform(m));
    };
    const texts = Array.from(root.querySelectorAll("text"))
      .filter((t) => (t.textContent ?? "").trim() !== "" && visible(t))
      .map((t) => {
        const poly = outline(t);
        const box = { left: Math.min(...poly.map((p) => p.x)), right: Math.max(...poly.map((p) => p.x)), top: Math.min(...poly.map((p) => p.y)), bottom: Math.max(...poly.map((p) => p.y)) };
        return { el: t, text: (t.textContent ?? "").trim().replace(/\s+/g, " "), box, poly };
      });
    // Shrinks a quadrilateral towards its centre by d pixels (tolerance for touching outlines).
    const shrinkPoly = (poly: Pt[], d: number): Pt[] => {
      const c = { x: poly.reduce((a, p) => a + p.x, 0) / poly.length, y: poly.reduce((a, p) => a + p.y, 0) / poly.length };
      return poly.map((p) => {
        const len = Math.hypot(p.x - c.x, p.y - c.y);
        const k = len === 0 ? 0 : Math.max(0, (len - d * Math.SQRT2) / len);
        return { x: c.x + (p.x - c.x) * k, y: c.y + (p.y - c.y) * k };
      });
    };
    // Separating-axis test for two convex polygons.
    const polysIntersect = (a: Pt[], b: Pt[]): boolean => {
      for (const poly of [a, b]) {
        for (let i = 0; i < poly.length; i++) {
          const p = poly[i]!;
          const q = poly[(i + 1) % poly.length]!;
          const nx = q.y - p.y;
          const ny = p.x - q.x;
          const pa = a.map((v) => v.x * nx + v.y * ny);
          const pb = b.map((v) => v.x * nx + v.y * ny);
          if (Math.max(...pa) <= Math.min(...pb) || Math.max(...pb) <= Math.min(...pa)) return false;
        }
      }
      return true;
    };
    const pointInPoly = (q: Pt, poly: Pt[]): boolean => {
      let sign = 0;
      for (let i = 0; i < poly.length; i++) {
        const p = poly[i]!;
        const r = poly[(i + 1) % poly.length]!;
        const cross = (r.x - p.x) * (q.y - p.y) - (r.y - p.y) * (q.x - p.x);
        if (cross === 0) continue;
        if (sign === 0) sign = Math.sign(cross);
        else if (Math.sign(cross) !== sign) return false;
      }
      return true;
    };
    const name = (t: { text: string }): string => JSON.stringify(t.text.length > 40 ? t.text.slice(0, 40) + "…" : t.text);

    // Clipped: outside the nearest enclosing viewport that clips (a nested chart svg), or the figure.
    for (const t of texts) {
      let holder: Element | null = t.el.parentElement;
      while (holder && !(holder.tagName.toLowerCase() === "svg" && getComputedStyle(holder).overflow !== "visible")) holder = holder.parentElement;
      const frame = (holder ?? root).getBoundingClientRect() as Box;
      if (!inside(t.box, frame, 0.5)) problems.push({ kind: "clipped", detail: `${name(t)} reaches outside its chart` });
    }
    // Overlap between texts.
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        if (polysIntersect(shrinkPoly(texts[i]!.poly, 1), shrinkPoly(texts[j]!.poly, 1))) problems.push({ kind: "overlap", detail: `${name(texts[i]!)} overlaps ${name(texts[j]!)}` });
      }
    }
    const marker = (t: { text: string }): boolean => t.text.length === 1 && !/[A-Za-z0-9]/.test(t.text);
    // Texts that start inside a rect must stay inside it.
    const rects = Array.from(root.querySelectorAll("rect")).filter((r) => !inLegend(r) && r.getAttribute("width") !== "100%" && visible(r));
    for (const r of rects) {
      const b = r.getBoundingClientRect() as Box;
      if (b.right - b.left < 2 || b.bottom - b.top < 2) continue;
      for (const t of texts) {
        if (marker(t) || inLegend(t.el)) continue;
        const cx = (t.box.left + t.box.right) / 2;
        const cy = (t.box.top + t.box.bottom) / 2;
        if (cx > b.left && cx < b.right && cy > b.top && cy < b.bottom && !inside(shrink(t.box, 1), b, 0.5)) {
          problems.push({ kind: "crosses an edge", detail: `${name(t)} runs out of a ${markOf(r)} rect` });
        }
      }
    }
    // Lines, rules and links through texts.
    const lineMarks = Array.from(root.querySelectorAll("path, line")).filter((p) => {
      const mark = markOf(p);
      return !inLegend(p) && ["line", "rule", "link", "arrow", "tick"].includes(mark) && visible(p);
    }) as SVGGeometryElement[];
    for (const p of lineMarks) {
      const length = p.getTotalLength();
      const ctm = p.getScreenCTM();
      if (!ctm || !Number.isFinite(length) || length === 0) continue;
      const step = Math.max(1.5, length / 4000);
      const hit = new Set<number>();
      for (let d = 0; d <= length; d += step) {
        const q = p.getPointAtLength(d).matrixTransform(ctm);
        texts.forEach((t, i) => {
          if (!hit.has(i) && !marker(t) && pointInPoly(q, shrinkPoly(t.poly, 1.5))) hit.add(i);
        });
      }
      for (const i of hit) problems.push({ kind: "line through text", detail: `a ${markOf(p)} mark runs through ${name(texts[i]!)}` });
    }
    // Dots over texts.
    for (const c of Array.from(root.querySelectorAll("circle")).filter((c) => !inLegend(c) && visible(c))) {
      const b = c.getBoundingClientRect();
      const r = b.width / 2;
      if (r < 3) continue;
      const cx = b.left + r;
      const cy = b.top + b.height / 2;
      for (const t of texts) {
        const tb = shrink(t.box, 1);
        const dx = Math.max(tb.left - cx, 0, cx - tb.right);
        const dy = Math.max(tb.top - cy, 0, cy - tb.bottom);
        if (dx * dx + dy * dy < (r - 0.5) * (r - 0.5)) problems.push({ kind: "ring over text", detail: `a ${markOf(c)} of radius ${r.toFixed(1)} covers ${name(t)}` });
      }
    }
    // Legend entries: drawn by some mark, in colours of their own.
    const paint = new Set<string>();
    for (const el of Array.from(root.querySelectorAll("rect, path, circle, line, polygon, ellipse, text"))) {
      if (inLegend(el) || el.getAttribute("width") === "100%") continue;
      const s = getComputedStyle(el);
      if (s.fill !== "none") paint.add(s.fill);
      if (s.stroke !== "none") paint.add(s.stroke);
    }
    const seen = new Map<string, string>();
    for (const legend of Array.from(root.querySelectorAll(".vitsparse-legend"))) {
      for (const swatch of Array.from(legend.querySelectorAll(":scope > svg"))) {
        const label = (swatch.nextElementSibling?.textContent ?? "").trim();
        const shape = swatch.querySelector("rect, path, circle, line") ?? swatch;
        const st = getComputedStyle(shape);
        const colour = st.fill !== "none" ? st.fill : st.stroke;
        if (!paint.has(colour)) problems.push({ kind: "legend entry not drawn", detail: `${JSON.stringify(label)} (${colour}) appears in no mark` });
        const other = seen.get(colour);
        if (other !== undefined) problems.push({ kind: "legend colours repeat", detail: `${JSON.stringify(other)} and ${JSON.stringify(label)} share ${colour}` });
        seen.set(colour, label);
      }
    }
    // A caption.
    if ((root.querySelector(".vitsparse-caption")?.textContent ?? "").trim() === "") problems.push({ kind: "no caption", detail: "the figure has no caption saying what it shows" });
    // Heatmaps carry a ramp legend with a unit.
    const cellFills = new Set<string>();
    for (const r of rects) {
      const s = getComputedStyle(r).fill;
      if (s !== "none") cellFills.add(s);
    }
    if (cellFills.size >= 24) {
      const ramps = Array.from(root.querySelectorAll(".vitsparse-ramp-legend"));
      const withUnit = ramps.some((g) => Array.from(g.querySelectorAll("text")).some((t) => /\(.+\)/.test(t.textContent ?? "")));
      if (!withUnit) problems.push({ kind: "heatmap without a colour legend", detail: `${cellFills.size} cell colours and no colour ramp legend whose label gives a unit in parentheses` });
    }
    return problems;
  }, markup);
}
