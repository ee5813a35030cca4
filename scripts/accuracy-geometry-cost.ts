/**
 * `npm run accuracy:geometry-cost`: measures, with the PyTorch engine, the seconds per training step of the
 * study's model at its 7×7 + CLS geometry and at the poster's 14×14 + CLS geometry (2×2 patches), interleaved
 * in one process, and writes data/accuracy-geometry-cost.arrow (kind = measured) with the load it ran under.
 */
import { loadavg } from "node:os";
import { JSON_FLAG, type FlagSpec } from "../lib/cli/args.ts";
import { runScript, writtenFiles } from "../lib/cli/script.ts";
import { WRITTEN_JSON } from "../lib/cli/script-json.ts";
import { UserError } from "../lib/errors.ts";
import { geometryCostRows, GEOMETRY_COST_FILE, writeGeometryCost } from "../lib/data/files/accuracy-geometry-cost.ts";
import { repoRoot } from "../lib/paths.ts";
import { ensureTorch, runEngineOrThrow } from "../lib/train/engine.ts";
import { join } from "node:path";

const FLAGS: FlagSpec[] = [
  { name: "steps", type: "number", description: "timed steps per geometry and round (after one warm-up step)", default: 3 },
  { name: "rounds", type: "number", description: "interleaved rounds over the geometries", default: 3 },
  { name: "batch", type: "number", description: "images per step (the study's batch)", default: 128 },
  JSON_FLAG,
];

await runScript(
  {
    path: "accuracy:geometry-cost",
    usage: "npm run accuracy:geometry-cost -- [--steps 3] [--rounds 3] [--batch 128] [--json]",
    description: `Times one training step of the study's model at 7x7 + CLS and at the poster's 14x14 + CLS geometry (PyTorch, one thread) and writes ${GEOMETRY_COST_FILE}; progress on stderr.`,
    flags: FLAGS,
    json: WRITTEN_JSON,
  },
  async (flags) => {
    const steps = Number(flags.steps);
    const rounds = Number(flags.rounds);
    const batch = Number(flags.batch);
    for (const [name, v, lo, hi] of [["--steps", steps, 1, 100], ["--rounds", rounds, 1, 20], ["--batch", batch, 1, 4096]] as const) {
      if (!Number.isInteger(v) || v < lo || v > hi) throw new UserError(`${name}: expected an integer ${lo}..${hi}, got ${v}`);
    }
    const log = (l: string): void => void process.stderr.write(`${l}\n`);
    const python = ensureTorch(log);
    const loadBefore = loadavg();
    const measuredAt = new Date().toISOString();
    log(`timing ${rounds} round(s) of ${steps} step(s) of batch ${batch} at patch sizes 4 (7x7) and 2 (14x14); the 14x14 step takes seconds ...`);
    const lines: string[] = [];
    await runEngineOrThrow(["step-cost", "--patch-sizes", "4,2", "--batch-size", String(batch), "--steps", String(steps), "--rounds", String(rounds)], (l) => lines.push(l), python);
    const result = JSON.parse(lines.join("\n")) as { rows: Parameters<typeof geometryCostRows>[0]; machine: Record<string, unknown> };
    const rows = geometryCostRows(result.rows);
    const m = result.machine;
    writeGeometryCost(join(repoRoot, GEOMETRY_COST_FILE), rows, {
      kind: "measured",
      source: "this kit: npm run accuracy:geometry-cost (PyTorch engine lib/train/vitsparse_train step-cost) on random 28x28 images",
      license: "Apache-2.0 (kit output)",
      generator: "npm run accuracy:geometry-cost",
      description: "Seconds per training step of the accuracy study's ViT (depth 4, dim 64, 4 heads, lower half windowed) at 4x4 patches (7x7 + CLS) and 2x2 patches (the poster's 14x14 + CLS), interleaved in one process, one torch thread",
      extra: {
        measuredAt,
        machine: `${String(m.cpu ?? m.processor)}; ${String(m.platform)}`,
        torch: String(m.torch),
        threads: String(m.threads),
        loadAverageBefore: loadBefore.map((x) => x.toFixed(2)).join(" "),
        loadAverageAfter: loadavg().map((x) => x.toFixed(2)).join(" "),
      },
    });
    for (const r of rows) log(`${r.grid}x${r.grid} + CLS (${r.tokens} tokens): ${r.medianStepSeconds.toFixed(3)} s/step median, ${r.epochMinutes.toFixed(1)} min/epoch, ×${r.ratioToFirst.toFixed(1)}`);
    const report = writtenFiles([GEOMETRY_COST_FILE]);
    if (flags.json) console.log(JSON.stringify(report));
    return 0;
  },
);
