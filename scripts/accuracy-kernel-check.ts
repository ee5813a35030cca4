/**
 * `npm run accuracy:kernel-check`: runs the trained windowed models (data/models/*.bin) on the Fashion-MNIST
 * test set twice — windowed blocks by tfjs masked dense attention, and by the kit's sparse kernels
 * (lib/kernels sparseAttention) — and reports prediction agreement, the largest logit difference and the
 * time of both paths, and writes them to data/accuracy-kernel-check.arrow (kind = measured). Exits with
 * status 1 when agreement < 99.9 % or the logit difference exceeds the tolerance (the file is still written).
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { formatHelp, parseArgs, type FlagSpec } from "../lib/cli/args.ts";
import { UserError } from "../lib/errors.ts";
import { loadFashionMnist, locateFashionMnist } from "../lib/datasets/fashion-mnist.ts";
import { dataPath, repoRoot } from "../lib/paths.ts";
import { tfjsVersions, useWasmBackend } from "../lib/train/backend.ts";
import { KERNEL_CHECK_FILE, fileSha256, kernelCheckRow, kernelCheckTable, writeKernelCheck, type KernelCheckRow } from "../lib/train/kernel-check-data.ts";
import { VARIANTS, paramsFromBundle, variantMasks, type Variant } from "../lib/train/experiment.ts";
import { compareKernelPath } from "../lib/train/kernel-inference.ts";
import { createModel, patchify, type VitConfig } from "../lib/train/vit.ts";
import { readWeights } from "../lib/train/weights-file.ts";
import { readAccuracyResults } from "../lib/train/accuracy-schema.ts";

/** Stated tolerance on |logit difference| between the two paths (float32 reassociation only). */
export const LOGIT_TOLERANCE = 1e-3;
/** Required share of equal predictions. */
export const AGREEMENT_REQUIRED = 0.999;

const FLAGS: FlagSpec[] = [
  { name: "variants", type: "string", description: "windowed variants to check", default: "windowed-lower,windowed-all" },
  { name: "seed", type: "number", description: "run seed of the committed weights", default: 0 },
  { name: "images", type: "number", description: "test images (first N)", default: 10000 },
  { name: "backend", type: "string", description: "kernel backend: auto | wasm | ts", default: "auto" },
  { name: "out", type: "string", description: "Arrow file to write (relative to the repository root)", default: KERNEL_CHECK_FILE },
  { name: "json", type: "boolean", description: "print one JSON object on stdout" },
];

async function main(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, FLAGS, "accuracy:kernel-check");
  if (flags.help) {
    process.stdout.write(formatHelp("npm run accuracy:kernel-check -- [flags]", "Run the trained windowed ViTs with the kit's sparse kernels and compare with tfjs masked attention.", FLAGS) + "\n");
    return;
  }
  const backend = String(flags.backend);
  if (!["auto", "wasm", "ts"].includes(backend)) throw new UserError(`--backend: "${backend}" is not one of auto, wasm, ts`);
  const variants = String(flags.variants).split(",").map((v) => v.trim()) as Variant[];
  for (const v of variants) if (!VARIANTS.includes(v) || v === "full") throw new UserError(`--variants: "${v}" is not a windowed variant (windowed-lower, windowed-all)`);
  const images = Number(flags.images);
  if (!Number.isInteger(images) || images < 1 || images > 10000) throw new UserError(`--images: expected 1..10000, got ${flags.images}`);
  const outText = String(flags.out);
  if (outText === "" || !outText.endsWith(".arrow")) throw new UserError(`--out: "${outText}" must name an .arrow file`);
  const out = isAbsolute(outText) ? outText : join(repoRoot, outText);
  const { table } = readAccuracyResults();
  const extra = table.provenance.extra ?? {};
  const norm = /mean ([0-9.]+), std ([0-9.]+)/.exec(extra.normalisation ?? "");
  if (!norm) throw new UserError(`${dataPath("accuracy-fashion-mnist.arrow")}: metadata lacks the normalisation (rerun npm run experiment:accuracy)`);
  const log = (l: string): void => void process.stderr.write(l + "\n");
  const test = loadFashionMnist("test", locateFashionMnist());
  await useWasmBackend();
  const measuredAt = new Date().toISOString();
  const loadBefore = loadavg();
  const tolerance = { agreementRequired: AGREEMENT_REQUIRED, logitTolerance: LOGIT_TOLERANCE };
  const weights: Record<string, string> = {};
  const rows: KernelCheckRow[] = [];
  const results = [];
  for (const variant of variants) {
    const file = dataPath("models", `vit-fashion-mnist-${variant}-seed${flags.seed}.bin`);
    if (!existsSync(file)) throw new UserError(`${file} not found: run npm run experiment:accuracy first`);
    weights[relative(repoRoot, file)] = fileSha256(file);
    const bundle = readWeights(file);
    const cfg = bundle.meta.config as VitConfig;
    const model = createModel(cfg, paramsFromBundle(bundle, cfg));
    const patches = patchify(test.images, images, cfg, Number(norm[1]), Number(norm[2]));
    log(`${variant}: running ${images} test images through tfjs and through lib/kernels (${backend}) ...`);
    const r = compareKernelPath(model, variantMasks(variant, cfg), patches, test.labels, images, 250, backend as "auto" | "wasm" | "ts");
    const row = kernelCheckRow(variant, Number(flags.seed), r, tolerance);
    const ok = row.pass;
    rows.push(row);
    results.push({ variant, seed: flags.seed, ...r, logitTolerance: LOGIT_TOLERANCE, agreementRequired: AGREEMENT_REQUIRED, pass: ok });
    log(
      `${variant}: agreement ${(100 * r.predictionAgreement).toFixed(2)} %, max |Δlogit| ${r.maxAbsLogitDiff.toExponential(2)} (tolerance ${LOGIT_TOLERANCE}), ` +
        `accuracy tfjs ${(100 * r.accuracyTfjs).toFixed(2)} % / kernels ${(100 * r.accuracyKernel).toFixed(2)} %, ` +
        `time tfjs ${r.tfjsSeconds.toFixed(1)} s / kernel path ${r.kernelSeconds.toFixed(1)} s (of which ${r.kernelAttentionSeconds.toFixed(1)} s in ${r.kernelCalls} sparse-attention calls, backend ${r.backend}) → ${ok ? "PASS" : "FAIL"}`,
    );
  }
  const dataTable = kernelCheckTable(rows, {
    measuredAt, loadBefore, loadAfter: loadavg(), tfjs: tfjsVersions(), weights,
    dataset: `Fashion-MNIST test set (Zalando Research, MIT licence), first ${images} of 10000 images, Debian package dataset-fashion-mnist`,
  }, tolerance);
  writeKernelCheck(out, dataTable);
  log(`wrote ${relative(repoRoot, out) || out}`);
  if (flags.json) process.stdout.write(JSON.stringify({ results }) + "\n");
  if (results.some((r) => !r.pass)) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UserError) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
});
