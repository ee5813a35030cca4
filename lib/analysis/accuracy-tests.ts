/**
 * The accuracy study's tests of the poster's thesis (notebook 06): paired differences between attention
 * variants fine-tuned from the same pretrained model (per seed, mean with a 95 % Student-t interval over seeds),
 * the same over pretraining seeds, equal-budget comparisons from scratch, McNemar's exact test on the per-image
 * predictions of each pair, and the stopping rule every run is checked against. Reads committed data only.
 */
import type { ContextInput } from "../claims/ledger.ts";
import type { StudyRow } from "../data/files/accuracy-study.ts";
import { meanInterval, type IntervalEstimate } from "./accuracy-study.ts";

/** McNemar's exact test of two models' per-image correctness on the same images. */
export interface McNemar {
  /** Images model A classifies correctly and B does not. */
  onlyA: number;
  /** Images B classifies correctly and A does not. */
  onlyB: number;
  /** Exact two-sided p-value: 2 · P(X ≤ min(onlyA, onlyB)), X ~ Binomial(onlyA + onlyB, ½), capped at 1. */
  p: number;
}

/** ln C(n, k) through a running sum of logs (exact enough for n up to millions). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** Two-sided exact binomial test of `k` successes in `n` trials against p = ½. */
export function binomialTwoSidedHalf(k: number, n: number): number {
  if (n === 0) return 1;
  const m = Math.min(k, n - k);
  let tail = 0;
  for (let i = 0; i <= m; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

/** McNemar's exact test from the two discordant counts. */
export function mcnemarFromCounts(onlyA: number, onlyB: number): McNemar {
  return { onlyA, onlyB, p: binomialTwoSidedHalf(onlyA, onlyA + onlyB) };
}

/** McNemar's exact test of predictions `a` and `b` against `labels` (same images, same order). */
export function mcnemar(a: ArrayLike<number>, b: ArrayLike<number>, labels: ArrayLike<number>): McNemar {
  if (a.length !== labels.length || b.length !== labels.length) throw new Error(`mcnemar: ${a.length} and ${b.length} predictions for ${labels.length} labels`);
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < labels.length; i++) {
    const ca = a[i] === labels[i];
    const cb = b[i] === labels[i];
    if (ca && !cb) onlyA++;
    else if (cb && !ca) onlyB++;
  }
  return mcnemarFromCounts(onlyA, onlyB);
}

/** One pair of runs that differ only in the attention variant: same start, same data order, same steps. */
export interface PairedRun {
  /** The seed the pair shares (fine-tune data order, or scratch seed), or the pretraining seed when pairs vary it. */
  seed: number;
  runA: string;
  runB: string;
  accuracyA: number;
  accuracyB: number;
  /** A − B, percentage points. */
  difference: number;
  /** Per-image test; null when predictions of either run are missing. */
  mcnemar: McNemar | null;
}

/** A paired comparison of variant A against variant B over seeds. */
export interface VariantComparison {
  label: string;
  variantA: string;
  variantB: string;
  phase: string;
  /** What the seeds vary: the fine-tune data order (one pretrained model) or the pretraining. */
  over: "fine-tune seeds" | "pretraining seeds" | "scratch seeds";
  pairs: PairedRun[];
  /** Mean of A − B with its 95 % t interval over the pairs (n − 1 degrees of freedom). */
  difference: IntervalEstimate;
  /** McNemar pooled over the pairs: the discordant counts summed (exact, conditional on each pair's total). */
  pooled: McNemar | null;
  /** Training images each run of the pair saw. */
  imagesSeen: number;
}

/** Which runs to pair: phase, pretraining seed (for fine-tunes), and what varies across the pairs. */
export interface ComparisonSpec {
  label: string;
  variantA: string;
  variantB: string;
  phase: "finetune" | "scratch";
  /** Fine-tunes from this pretraining seed, paired by fine-tune seed. */
  pretrainSeed?: number;
  /** Fine-tunes with this fine-tune seed, paired by pretraining seed (the pretraining variance). */
  finetuneSeed?: number;
}

/**
 * Pairs the final runs of two variants and compares them: per pair the accuracy difference and McNemar's
 * exact test on the per-image predictions; over the pairs the mean with its t interval and the pooled test.
 */
export function compareVariants(rows: readonly StudyRow[], predictions: { labels: Uint8Array; byRun: Map<string, Uint8Array> } | null, spec: ComparisonSpec): VariantComparison {
  const fin = rows.filter((r) => r.final && r.phase === spec.phase);
  const pick = (variant: string): StudyRow[] =>
    fin.filter((r) => r.variant === variant && (spec.finetuneSeed === undefined ? spec.pretrainSeed === undefined || r.pretrainSeed === spec.pretrainSeed : r.seed === spec.finetuneSeed));
  const key = (r: StudyRow): number => (spec.finetuneSeed !== undefined ? r.pretrainSeed : r.seed);
  const as = pick(spec.variantA);
  const bs = pick(spec.variantB);
  const pairs: PairedRun[] = [];
  for (const a of [...as].sort((x, y) => key(x) - key(y))) {
    const b = bs.find((r) => key(r) === key(a));
    if (!b) continue;
    const pa = predictions?.byRun.get(a.run);
    const pb = predictions?.byRun.get(b.run);
    pairs.push({
      seed: key(a), runA: a.run, runB: b.run, accuracyA: a.testAccuracy, accuracyB: b.testAccuracy, difference: a.testAccuracy - b.testAccuracy,
      mcnemar: pa && pb && predictions ? mcnemar(pa, pb, predictions.labels) : null,
    });
  }
  const tests = pairs.map((p) => p.mcnemar);
  const pooled = tests.length > 0 && tests.every((t) => t !== null)
    ? mcnemarFromCounts(tests.reduce((s, t) => s + t!.onlyA, 0), tests.reduce((s, t) => s + t!.onlyB, 0))
    : null;
  return {
    label: spec.label, variantA: spec.variantA, variantB: spec.variantB, phase: spec.phase,
    over: spec.phase === "scratch" ? "scratch seeds" : spec.finetuneSeed !== undefined ? "pretraining seeds" : "fine-tune seeds",
    pairs, difference: meanInterval(pairs.map((p) => p.difference)), pooled,
    imagesSeen: as[0]?.imagesSeen ?? 0,
  };
}

/**
 * The comparisons notebook 06 reports, as data: each control and variant against full, the thesis test
 * (windowed-lower against its random control: locality vs mere sparsity), lower vs upper, the same pair over
 * pretraining seeds, and the equal-budget scratch pair.
 */
export const STUDY_COMPARISONS: readonly ComparisonSpec[] = [
  { label: "windowed-lower − full", variantA: "windowed-lower", variantB: "full", phase: "finetune", pretrainSeed: 0 },
  { label: "random-lower − full", variantA: "random-lower", variantB: "full", phase: "finetune", pretrainSeed: 0 },
  { label: "windowed-upper − full", variantA: "windowed-upper", variantB: "full", phase: "finetune", pretrainSeed: 0 },
  { label: "strided-lower − full", variantA: "strided-lower", variantB: "full", phase: "finetune", pretrainSeed: 0 },
  { label: "windowed-lower − random-lower (thesis test: locality vs sparsity)", variantA: "windowed-lower", variantB: "random-lower", phase: "finetune", pretrainSeed: 0 },
  { label: "windowed-lower − windowed-upper (lower vs upper blocks)", variantA: "windowed-lower", variantB: "windowed-upper", phase: "finetune", pretrainSeed: 0 },
  { label: "windowed-lower − full, over pretraining seeds", variantA: "windowed-lower", variantB: "full", phase: "finetune", finetuneSeed: 0 },
  { label: "windowed-lower − full, from scratch, equal budgets", variantA: "windowed-lower", variantB: "full", phase: "scratch" },
];

/** Every comparison of {@link STUDY_COMPARISONS} with at least one pair. */
export function studyComparisons(rows: readonly StudyRow[], predictions: { labels: Uint8Array; byRun: Map<string, Uint8Array> } | null): VariantComparison[] {
  return STUDY_COMPARISONS.map((s) => compareVariants(rows, predictions, s)).filter((c) => c.pairs.length > 0);
}

/** The stated stopping rule: a run counts as converged when its test accuracy changed by less than this over its last epochs. */
export interface StoppingRule {
  /** Epochs looked back. */
  window: number;
  /** Largest |gain| (pp) over those epochs for the run to count as converged (tighter than the effects measured). */
  tolerancePoints: number;
}

/** Whether one run met the stopping rule. */
export interface RunConvergence {
  run: string;
  epochs: number;
  final: number;
  /** Final accuracy minus the accuracy `window` epochs earlier (pp); NaN when the run has ≤ window epochs. */
  recentGain: number;
  converged: boolean;
}

/** Checks every run against the stopping rule (runs shorter than the window cannot meet it). */
export function convergence(rows: readonly StudyRow[], rule: StoppingRule): RunConvergence[] {
  const runs = [...new Set(rows.map((r) => r.run))];
  return runs.map((run) => {
    const rs = rows.filter((r) => r.run === run).sort((a, b) => a.epoch - b.epoch);
    const last = rs.at(-1)!;
    const before = rs[rs.length - 1 - rule.window];
    const gain = before ? last.testAccuracy - before.testAccuracy : Number.NaN;
    return { run, epochs: rs.length, final: last.testAccuracy, recentGain: gain, converged: last.final && Number.isFinite(gain) && Math.abs(gain) < rule.tolerancePoints };
  });
}

/** "trained N epochs" or "trained N epochs until <rule>" — the words follow the data. */
export function trainingWords(c: RunConvergence, rule: StoppingRule): string {
  return c.converged
    ? `trained ${c.epochs} epochs, converged by the stated rule (|gain| ${Math.abs(c.recentGain).toFixed(2)} pp < ${rule.tolerancePoints} pp over the last ${rule.window} epochs)`
    : Number.isFinite(c.recentGain)
      ? `trained ${c.epochs} epochs (a fixed budget; not converged by the stated rule: gain ${c.recentGain >= 0 ? "+" : "−"}${Math.abs(c.recentGain).toFixed(2)} pp over the last ${rule.window} epochs, rule < ${rule.tolerancePoints} pp)`
      : `trained ${c.epochs} epochs (a fixed budget, too short for the stated rule over ${rule.window} epochs)`;
}

/** Total training + evaluation wall time of the study (sum over finished runs), seconds. */
export function studyWallSeconds(rows: readonly StudyRow[]): number {
  return rows.filter((r) => r.final).reduce((s, r) => s + r.wallSeconds, 0);
}

const pp = (x: number): string => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)} pp`;
const pValue = (p: number): string => (p < 1e-4 ? p.toExponential(1) : p.toFixed(p < 0.01 ? 4 : 3));

/** One line: mean A − B with its interval, the pairs, and the pooled per-image test. */
export function comparisonSentence(c: VariantComparison): string {
  const d = c.difference;
  const interval = d.n > 1 ? ` (95 % CI ${pp(d.low)} to ${pp(d.high)}, t with ${d.n - 1} df over ${d.n} ${c.over})` : ` (one pair: no interval)`;
  const perPair = c.pairs.map((p) => `${pp(p.difference)}${p.mcnemar ? ` p=${pValue(p.mcnemar.p)}` : ""}`).join(", ");
  const pooled = c.pooled ? `; McNemar exact, discordant test images pooled over the pairs: ${c.pooled.onlyA} images right only with ${c.variantA}, ${c.pooled.onlyB} only with ${c.variantB}, p = ${pValue(c.pooled.p)}` : "";
  return `${c.variantA} − ${c.variantB} = ${pp(d.mean)}${interval}; per pair ${perPair}${pooled}`;
}

/** Whether a comparison separates the variants: its interval excludes 0 (or, with one pair, the per-image test is significant). */
export function comparisonDirection(c: VariantComparison, alpha = 0.05): "A better" | "B better" | "no difference shown" {
  const d = c.difference;
  if (d.n > 1 && Number.isFinite(d.low)) return d.low > 0 ? "A better" : d.high < 0 ? "B better" : "no difference shown";
  if (c.pooled && c.pooled.p < alpha) return c.pooled.onlyA > c.pooled.onlyB ? "A better" : "B better";
  return "no difference shown";
}

/** Inputs of {@link thesisContextRows}. */
export interface ThesisContextInput {
  comparisons: readonly VariantComparison[];
  /** One phrase naming the analogue (model, data, geometry). */
  experiment: string;
  studyFile: string;
  predictionsFile: string;
  figure: string;
}

/**
 * Context rows under the poster's accuracy claim (Table 1's drop): the thesis tests run on the analogue —
 * windowed-lower against its random control (does the window's locality matter, or only its sparsity?),
 * windowed-lower against windowed-upper (does it matter that the lower blocks are windowed?), the pair over
 * pretraining seeds, and the equal-budget scratch pair. Context only: another model, dataset and geometry.
 */
export function thesisContextRows(input: ThesisContextInput): ContextInput[] {
  const find = (a: string, b: string, over?: VariantComparison["over"]): VariantComparison | undefined =>
    input.comparisons.find((c) => c.variantA === a && c.variantB === b && (over === undefined || c.over === over));
  const rows: ContextInput[] = [];
  const row = (key: string, c: VariantComparison | undefined, setting: string, meaning: (dir: ReturnType<typeof comparisonDirection>) => string): void => {
    if (!c) return;
    rows.push({
      contextOf: "poster-table1-accuracy-drop",
      key,
      setting: `${input.experiment}: ${setting}`,
      kitValue: comparisonSentence(c),
      reason: meaning(comparisonDirection(c)),
      evidence: [input.studyFile, input.predictionsFile],
      figure: input.figure,
    });
  };
  row("thesis-locality-vs-sparsity", find("windowed-lower", "random-lower", "fine-tune seeds"),
    "fine-tuned from one pretrained model, the 3x3 window against a random mask with the same kept entries per query row (CLS kept), both in the lower half, same data and steps",
    (d) => d === "A better" ? "the window beats its random control: where the kept entries sit matters beyond how many there are (locality, not mere sparsity)"
      : d === "B better" ? "the random control beats the window: on this analogue the window's placement costs accuracy against mere sparsity"
      : "the window and its random control are not separated by these seeds and images: this analogue does not show that locality matters beyond sparsity");
  row("thesis-lower-vs-upper", find("windowed-lower", "windowed-upper", "fine-tune seeds"),
    "fine-tuned from one pretrained model, the window in the lower half (the poster's schedule) against the same window in the upper half",
    (d) => d === "A better" ? "windowing the lower half costs less than windowing the upper half, as the poster's schedule assumes"
      : d === "B better" ? "windowing the upper half costs less than windowing the lower half: the poster's choice of the lower blocks is not supported here"
      : "lower and upper placement are not separated by these seeds and images");
  row("pretraining-seeds", find("windowed-lower", "full", "pretraining seeds"),
    "one fine-tune pair (fine-tune seed 0) from each of several independently pretrained models: the interval covers pretraining variance",
    (d) => d === "B better" ? "across pretraining seeds windowing the lower half costs accuracy" : d === "A better" ? "across pretraining seeds windowing the lower half gains accuracy" : "across pretraining seeds the cost is not distinguishable from seed noise");
  row("scratch-equal-budget", find("windowed-lower", "full", "scratch seeds"),
    "trained from random weights with the same epochs, schedule, data order and initial weights, full attention against the window in the lower half",
    (d) => d === "B better" ? "from scratch, at equal budgets, the windowed model ends below the full one" : d === "A better" ? "from scratch, at equal budgets, the windowed model ends above the full one" : "from scratch, at equal budgets, the two are not separated");
  return rows;
}

/** Inputs of {@link posterGeometryContextRows}. */
export interface PosterGeometryContextInput {
  comparisons: readonly VariantComparison[];
  /** Heads-averaged locality per layer of the reduced study's pretrained model. */
  locality: readonly { layer: number; windowShare: number; uniformWindowShare: number; meanAttentionDistance: number; uniformMeanAttentionDistance: number }[];
  lowerBlocks: readonly number[];
  /** A layer is local iff at least this share of its patch→patch mass lies in the 3×3 window. */
  localShare: number;
  /** One phrase naming the reduced run (model, data subset, epochs). */
  experiment: string;
  studyFile: string;
  predictionsFile: string;
  localityFile: string;
  figures: { comparisons: string; locality: string };
}

/**
 * Context rows of the reduced study at the poster's 14×14 + CLS geometry: the locality of its pretrained model
 * per layer (under the poster's locality claim) and its window-vs-control comparisons (under the accuracy claim).
 */
export function posterGeometryContextRows(input: PosterGeometryContextInput): ContextInput[] {
  const pctx = (x: number): string => `${(100 * x).toFixed(1)} %`;
  const lower = input.locality.filter((l) => input.lowerBlocks.includes(l.layer));
  const upper = input.locality.filter((l) => !input.lowerBlocks.includes(l.layer));
  const mean = (xs: readonly { windowShare: number }[]): number => xs.reduce((s, l) => s + l.windowShare, 0) / Math.max(1, xs.length);
  const localLower = lower.filter((l) => l.windowShare >= input.localShare).length;
  const uniform = input.locality[0]?.uniformWindowShare ?? Number.NaN;
  const rows: ContextInput[] = [{
    contextOf: "poster-locality-lower-layers",
    key: "trained-vit-fashion-mnist-14x14",
    setting: `${input.experiment}: its pretrained full-attention model; attention mass of the mean map; layer local iff ≥ ${pctx(input.localShare)} of its patch→patch mass lies in the 3x3 window`,
    kitValue: input.locality.map((l) => `L${l.layer} ${pctx(l.windowShare)} in window, distance ${l.meanAttentionDistance.toFixed(2)}`).join("; ") + `; uniform spread ${pctx(uniform)}, distance ${(input.locality[0]?.uniformMeanAttentionDistance ?? Number.NaN).toFixed(2)}`,
    reason: `${localLower}/${lower.length} lower layers local by the rule; lower-layer window share ${pctx(mean(lower))} vs upper ${pctx(mean(upper))} (uniform ${pctx(uniform)}): ${mean(lower) > mean(upper) ? "the lower layers are the more local ones" : "the lower layers are not the more local ones"}${localLower * 2 > lower.length ? "" : ", and most are not local by the rule"} — a reduced run (a training subset, few epochs), not DeiT-tiny`,
    evidence: [input.localityFile],
    figure: input.figures.locality,
  }];
  const thesis = input.comparisons.find((c) => c.variantA === "windowed-lower" && c.variantB === "random-lower");
  if (thesis) {
    const dir = comparisonDirection(thesis);
    rows.push({
      contextOf: "poster-table1-accuracy-drop",
      key: "thesis-locality-vs-sparsity-14x14",
      setting: `${input.experiment}: the window (94.86 % of each windowed map pruned) against its random control in the lower half, one fine-tune each from one pretrained model`,
      kitValue: input.comparisons.map((c) => comparisonSentence(c)).join(" | "),
      reason: dir === "A better" ? "at the poster's geometry the window beats its random control on the test images: locality matters beyond sparsity here (one seed: McNemar over images only)"
        : dir === "B better" ? "at the poster's geometry the random control beats the window on the test images (one seed: McNemar over images only)"
        : "at the poster's geometry the window and its random control are not separated on the test images (one seed: McNemar over images only)",
      evidence: [input.studyFile, input.predictionsFile],
      figure: input.figures.comparisons,
    });
  }
  return rows;
}
