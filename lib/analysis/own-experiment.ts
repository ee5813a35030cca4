/**
 * What notebook 07 ("your own experiment") shows beside an experiment's result (`lib/experiment/run.ts`): the kit's
 * sparse kernel on the experiment's mask, checked against float64 and timed against dense (measured in the run),
 * and the sentences that answer the researcher's questions — how much is pruned, what the MACs and Amdahl allow,
 * the cycles and energy of the poster's MAC lines against a systolic array and ViTCoD's engine. Every sentence is
 * built from the inputs and the results.
 */
import { UserError } from "../errors.ts";
import { denseAttention, sparseAttention, type KernelBackend } from "../kernels/attention.ts";
import { randomNormalF32 } from "../kernels/random.ts";
import { referenceAttentionF64 } from "../kernels/reference.ts";
import type { AttentionTensors } from "../kernels/tensors.ts";
import { nnz, type SparseMask } from "../masks/sparse-mask.ts";
import { runContext } from "../run-context.ts";

/** Result of {@link kernelCheck}. */
export interface KernelCheck {
  /** max |sparse kernel − float64 oracle| over every output element (computed). */
  maxAbsError: number;
  backend: KernelBackend;
  /** Median time of one sparse and one dense call, ms (measured in this run). */
  sparseMs: number;
  denseMs: number;
  /** denseMs / sparseMs (measured). */
  speedup: number;
  /** n² / nnz: how much less score work the mask leaves (computed). */
  workRatio: number;
  /** One paragraph: the measured comparison, labelled as measured. */
  timingText: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Runs the sparse attention kernel on the mask with seeded random Q, K, V (`heads` heads of `headDim`
 * features), compares it with the float64 oracle, and times it against the dense kernel (median of `repeats`
 * alternating calls after one warm-up each). A default run states the measured comparison (faster or not)
 * and the computed work ratio, so the committed notebook does not change with timing noise; an exploratory
 * run also prints the times and the measured ratio.
 */
export function kernelCheck(mask: SparseMask, o: { heads: number; headDim: number; seed: number; repeats: number }): KernelCheck {
  if (!Number.isInteger(o.repeats) || o.repeats < 1) throw new UserError(`timingRepeats must be a positive integer, got ${o.repeats}`);
  const n = mask.n;
  const size = o.heads * n * o.headDim;
  const t: AttentionTensors = {
    heads: o.heads,
    n,
    d: o.headDim,
    q: randomNormalF32(size, o.seed),
    k: randomNormalF32(size, o.seed + 1),
    v: randomNormalF32(size, o.seed + 2),
  };
  const sparse = sparseAttention(t, mask);
  const ref = referenceAttentionF64(t, mask);
  let maxAbsError = 0;
  for (let i = 0; i < size; i++) maxAbsError = Math.max(maxAbsError, Math.abs(sparse.out[i]! - ref.out[i]!));
  const out = new Float32Array(size);
  denseAttention(t, { out });
  const sparseTimes: number[] = [];
  const denseTimes: number[] = [];
  for (let r = 0; r < o.repeats; r++) {
    let t0 = performance.now();
    sparseAttention(t, mask, { out });
    sparseTimes.push(performance.now() - t0);
    t0 = performance.now();
    denseAttention(t, { out });
    denseTimes.push(performance.now() - t0);
  }
  const sparseMs = median(sparseTimes);
  const denseMs = median(denseTimes);
  const speedup = denseMs / sparseMs;
  const workRatio = (n * n) / nnz(mask);
  const computed = `The mask leaves 1/${workRatio.toFixed(2)} of the dense score work (computed).`;
  const faster = speedup > 1 ? "faster than" : "not faster than";
  const timingText = runContext().kind === "exploratory"
    ? `Measured in this run (${sparse.backend} backend, median of ${o.repeats} calls each): sparse ${sparseMs.toFixed(3)} ms, ` +
      `dense ${denseMs.toFixed(3)} ms per call → the sparse kernel is ${faster} dense, ×${speedup.toFixed(2)}. ${computed}`
    : `Measured in this run (${sparse.backend} backend, median of ${o.repeats} calls each): the sparse kernel is ${faster} the dense one. ` +
      `${computed} Times vary from run to run, so the committed notebook states only the comparison; run it yourself ` +
      "(Jupyter, or `npm run reproduce -- notebooks/07-your-own-experiment.ipynb --param …`) to see the times and the ratio.";
  return { maxAbsError, backend: sparse.backend, sparseMs, denseMs, speedup, workRatio, timingText };
}

/** The parts of an experiment's result the sentences read (see `ExperimentResult` in lib/experiment/run.ts). */
export interface ExperimentFacts {
  workload: { label: string };
  hardware: { id: string; clockHz: number };
  pruning: { blocks: { block: number; kind: string; pruningRatio: number }[]; entries: number; pruningRatio: number };
  macs: { speedup: number; attentionSpeedup: number; attentionShareDense: number; amdahlLimit: number };
  baseline: string | null;
  designs: { design: string; label: string; breakdown: { total: number; ms: number; utilisation: number }; energy: { totalUj: number; table: string }; split: { total: { total: number } } }[];
}

const pct = (x: number, d = 2): string => `${(100 * x).toFixed(d)} %`;

/** How much the experiment prunes and what that allows on MACs (Amdahl). */
export function pruningText(r: ExperimentFacts): string {
  const sparse = r.pruning.blocks.filter((b) => b.kind !== "dense");
  const perBlock = sparse.length === 0 ? "every block dense" : `blocks ${sparse.map((b) => b.block).join(", ")} prune ${[...new Set(sparse.map((b) => pct(b.pruningRatio, 2)))].join(" / ")} each`;
  return (
    `${r.workload.label}: **${pct(r.pruning.pruningRatio)}** of the model's ${r.pruning.entries.toLocaleString("en-US")} attention entries pruned (${perBlock}; computed, exact counts). ` +
    `The attention core is ${pct(r.macs.attentionShareDense, 1)} of the dense model's block MACs; with ×${r.macs.attentionSpeedup.toFixed(2)} fewer attention MACs the blocks need ×${r.macs.speedup.toFixed(3)} fewer MACs in all ` +
    `(Amdahl: attention sparsity alone can give at most ×${r.macs.amdahlLimit.toFixed(3)}).`
  );
}

/** The cycles, time and energy of every design on the experiment's hardware, against the baseline on the dense model. */
export function designsText(r: ExperimentFacts): string {
  const fmt = (x: number): string => x.toLocaleString("en-US");
  const parts = r.designs.map((d) => `${d.label} ${fmt(d.breakdown.total)} cycles (${d.breakdown.ms.toFixed(3)} ms, ${pct(d.breakdown.utilisation, 1)} busy, ≈ ${d.energy.totalUj.toFixed(0)} µJ${r.baseline ? `, ×${d.split.total.total.toFixed(2)} over ${r.baseline} on the dense model` : ""})`);
  const best = [...r.designs].sort((a, b) => a.breakdown.total - b.breakdown.total)[0];
  return (
    `On ${r.hardware.id} at ${r.hardware.clockHz / 1e6} MHz (modelled, one inference): ${parts.join("; ")}. ` +
    (best ? `Fewest cycles: ${best.label}. ` : "") +
    `Energies are estimates from the ${r.designs[0]?.energy.table ?? "energy"} per-operation table, not measurements.`
  );
}

