/// <reference lib="dom" />
/**
 * `accuracy-learning-curves` (notebook 06): test accuracy of every run of the accuracy study after each epoch.
 */
import type * as PlotModule from "@observablehq/plot";
import type { StudyRow } from "../data/files/accuracy-study.ts";

/**
 * Test accuracy after each epoch against training images seen, one line per run. Fine-tunes continue from the
 * pretrained model, so their x starts where pretraining ended; `phases` restricts the runs shown (e.g. the
 * fine-tunes alone, where the x axis then starts at the end of pretraining).
 */
export function learningCurvesFigure(Plot: typeof PlotModule, document: Document, rows: readonly StudyRow[], o: { caption: string; title?: string; phases?: readonly string[] }): Element {
  const pretrainImages = Math.max(0, ...rows.filter((r) => r.phase === "pretrain").map((r) => r.imagesSeen));
  const shown = rows.filter((r) => !o.phases || o.phases.includes(r.phase));
  const data = shown.map((r) => ({
    ...r,
    millions: (r.imagesSeen + (r.phase === "finetune" ? pretrainImages : 0)) / 1e6,
    kind: `${r.phase} · ${r.variant}`,
  }));
  const kinds = [...new Set(data.map((d) => d.kind))];
  const colour: Record<string, string> = {
    "pretrain · full": "#1b9e77", "finetune · full": "#66a61e", "finetune · windowed-lower": "#d95f02", "scratch · windowed-lower": "#7570b3",
    "scratch · full": "#1f78b4", "finetune · random-lower": "#e7298a", "finetune · windowed-upper": "#a6761d", "finetune · strided-lower": "#e6ab02",
  };
  return Plot.plot({
    document,
    width: 760,
    height: 320,
    title: o.title ?? "Fashion-MNIST test accuracy (all 10,000 test images) after each epoch",
    caption: o.caption,
    x: { label: "training images seen since random initialisation (millions) →" },
    y: { label: "↑ test accuracy (%)", grid: true },
    color: { domain: kinds, range: kinds.map((k) => colour[k] ?? "#666"), legend: true },
    marks: [
      Plot.line(data, { x: "millions", y: "testAccuracy", z: "run", stroke: "kind", strokeOpacity: 0.85 }),
      Plot.dot(data, { x: "millions", y: "testAccuracy", fill: "kind", r: 2.5 }),
    ],
  });
}
