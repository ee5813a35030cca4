import { describe, expect, it } from "vitest";
import { renderFigure } from "../../lib/output/figure.ts";
import { svgToPng } from "../../lib/output/png.ts";

describe("figures", () => {
  it("renders a Plot <figure> (title, legend, caption) as one standalone SVG", () => {
    const svg = renderFigure((Plot, document) =>
      Plot.plot({
        document,
        title: "T & <t>",
        caption: "c",
        color: { legend: true },
        marks: [Plot.barY([{ x: "a", y: 1, c: "u" }], { x: "x", y: "y", fill: "c" })],
      }),
    );
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain("<figure");
    expect(svg).not.toContain("<h2");
    expect(svg).toContain("T &amp; &lt;t&gt;");
    const png = svgToPng(svg);
    expect(Buffer.from(png.subarray(1, 4)).toString("latin1")).toBe("PNG");
  });

  it("gives byte-identical SVG and PNG on rerun", () => {
    const build = () =>
      renderFigure((Plot, document) => Plot.plot({ document, title: "x", marks: [Plot.dot([1, 2, 3], { x: (d: number) => d, y: (d: number) => d * d })] }));
    const a = build();
    const b = build();
    expect(a).toBe(b);
    expect(Buffer.from(svgToPng(a)).equals(Buffer.from(svgToPng(b)))).toBe(true);
  });
});
