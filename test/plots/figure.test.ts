import { describe, expect, it } from "vitest";
import { renderFigure } from "../../lib/plots/figure.ts";
import { svgToPng } from "../../lib/plots/png.ts";
import { latencyBreakdownFigure } from "../../lib/latency/breakdown-figure.ts";
import { readReportedBreakdown } from "../../lib/latency/reported-breakdown.ts";
import { tx2Fig1Breakdown } from "../../lib/latency/tx2-fig1.ts";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { readTx2Profile } from "../../lib/data/reference/tx2-profile.ts";
import { profileBreakdown } from "../../lib/profile/classify.ts";
import { VITCOD_TX2_RULES } from "../../lib/profile/vitcod-tx2-rules.ts";

/** Rounds every decimal number in the markup to 2 places, so the snapshot ignores float noise. */
function normalize(svg: string): string {
  return svg.replace(/-?\d+\.\d+/g, (m) => String(Math.round(Number(m) * 100) / 100));
}

const haveRef = await ensureReferenceData();

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

  it.skipIf(!haveRef)("matches the normalized snapshot of the Fig. 1 figure", async () => {
    const tx2 = tx2Fig1Breakdown(profileBreakdown(readTx2Profile(), VITCOD_TX2_RULES));
    const svg = renderFigure((Plot, document) => latencyBreakdownFigure(Plot, document, readReportedBreakdown(), tx2));
    await expect(normalize(svg)).toMatchFileSnapshot("__snapshots__/fig1-latency-breakdown.svg");
  });
});
