/**
 * Speed of the cycle models, measured in one run (no assertions): a full DeiT-tiny ViTCoD simulation
 * (attention + FFN, from a per-layer workload and from masks via the polarizer), the poster's Fig. 11
 * model, and 1,000-configuration sweeps. Prints medians of repeated runs (`--json`: one object).
 * Usage: npm run bench:cycles [-- --json]
 */
import { simulateVitcodAttention, simulateVitcodFfn, vitcodWorkloadFromMasks } from "../lib/cycles/vitcod.ts";
import { simulatePoster, posterWindowMask } from "../lib/cycles/poster.ts";
import { runSweep } from "../lib/cycles/sweep.ts";
import { FIG11_SWEEP, FIG11_SWEEP_DEFAULT, VITCOD_REFERENCE_SWEEP, VITCOD_REFERENCE_SWEEP_DEFAULT } from "../lib/analysis/design-space.ts";
import { JSON_FLAG } from "../lib/cli/args.ts";
import { parseLeaf, type LeafSpec } from "../lib/cli/command.ts";
import { BENCH_CYCLES_JSON } from "../lib/cli/script-json.ts";
import { UserError } from "../lib/errors.ts";

const SPEC: LeafSpec = {
  path: "bench:cycles",
  usage: "npm run bench:cycles [-- --json]",
  description:
    "Times the cycle models (medians of repeated runs, for scale only): one DeiT-tiny ViTCoD simulation, the poster's Fig. 11 model " +
    "and 1,000-configuration sweeps.",
  flags: [JSON_FLAG],
  json: BENCH_CYCLES_JSON,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(label: string, reps: number, fn: () => unknown): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  const m = median(t);
  timings.push({ label, medianMs: m, runs: reps });
  if (!json) console.log(`${label.padEnd(58)} median ${m.toFixed(3)} ms over ${reps} runs`);
  return m;
}

let flags;
try {
  flags = parseLeaf(SPEC, process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UserError)) throw err;
  console.error(err.message);
  process.exit(2);
}
if (!flags) process.exit(0);
const json = flags.json === true;
const timings: { label: string; medianMs: number; runs: number }[] = [];

const windowLayers = Array.from({ length: 12 }, () => [posterWindowMask(3), posterWindowMask(3), posterWindowMask(3)]);
const workload = vitcodWorkloadFromMasks(windowLayers);
const one = time("ViTCoD DeiT-tiny attention + FFN (workload given)", 200, () => {
  simulateVitcodAttention(workload);
  simulateVitcodFfn(12);
});
time("ViTCoD DeiT-tiny incl. polarizing 12 masks", 50, () => {
  simulateVitcodAttention(vitcodWorkloadFromMasks(windowLayers));
  simulateVitcodFfn(12);
});
time("poster Fig. 11 (k = 3, masks cached)", 50, () => simulatePoster());
const sv = time("sweep vitcod-reference, 1,000 configurations", 5, () => runSweep({ id: "vitcod-reference", sweep: VITCOD_REFERENCE_SWEEP }, VITCOD_REFERENCE_SWEEP_DEFAULT, windowLayers));
time("sweep fig11, 1,000 configurations", 3, () => runSweep({ id: "fig11", sweep: FIG11_SWEEP }, FIG11_SWEEP_DEFAULT));
if (json) console.log(JSON.stringify({ timings }));
else console.log(`kit: one DeiT-tiny ViTCoD simulation ${one.toFixed(3)} ms, 1,000-config sweep ${sv.toFixed(0)} ms (for scale only)`);
