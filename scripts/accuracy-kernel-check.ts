/**
 * `npm run accuracy:kernel-check`: runs the study's trained masked models (data/models/*.bin: every model
 * whose lower or upper blocks are windowed, strided or randomly masked) on the
 * Fashion-MNIST test set twice — in PyTorch (python3 -m vitsparse_train logits: masked dense attention) and
 * in TypeScript with the windowed blocks' attention computed by the kit's sparse kernels (lib/kernels
 * sparseAttention) — and writes agreement, the largest logit difference and the times to
 * data/accuracy-kernel-check.arrow (kind = measured). Exits 1 when agreement < 99.9 % or
 * max |Δlogit| > 1e-3 (the file is still written).
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { formatHelp, JSON_FLAG, parseArgs, type FlagSpec } from "../lib/cli/args.ts";
import { KERNEL_CHECK_JSON } from "../lib/cli/script-json.ts";
import { UserError } from "../lib/errors.ts";
import { reportFailure } from "../lib/cli/fatal.ts";
import { guardStdout } from "../lib/cli/stdout-guard.ts";
import { checkOutputPath, parseNameList } from "../lib/cli/validate.ts";
import { loadFashionMnist, locateFashionMnist } from "../lib/datasets/fashion-mnist.ts";
import { dataPath, makeTempDir, repoRoot } from "../lib/paths.ts";
import { ensureTorch, runEngineOrThrow, torchVersions } from "../lib/train/engine.ts";
import { compareLogits } from "../lib/train/compare-logits.ts";
import { fileSha256, kernelCheckRow, kernelCheckTable, writeKernelCheck, type KernelCheckRow } from "../lib/data/files/accuracy-kernel-check.ts";
import { loadTsVit, tsVitLogits, type AttentionStats } from "../lib/train/vit-inference.ts";
import { readWeights } from "../lib/train/weights-file.ts";
import { readStudy } from "../lib/data/files/accuracy-study.ts";
import { kernelCheckFileName, kernelCheckGenerator, STUDIES, studyFiles, studyGenerator, type StudyDef } from "../lib/train/studies.ts";

/**
 * Every finished run with masked blocks of one committed study (lib/train/studies.ts), in file order; a run
 * of a study with a suffix is named `<suffix>-<run>` (its weights: data/models/vit-fashion-mnist-<suffix>-<run>.bin).
 */
function maskedRuns(name: string, def: StudyDef): string[] {
  const file = dataPath(studyFiles(def.suffix).study);
  if (!existsSync(file)) throw new UserError(`accuracy:kernel-check: --study ${name}: data/${studyFiles(def.suffix).study} is missing: run ${studyGenerator(name)} first`);
  const prefix = def.suffix === "" ? "" : `${def.suffix.slice(1)}-`;
  const runs = readStudy(file).rows.filter((r) => r.final && r.windowedBlocks !== "").map((r) => `${prefix}${r.run}`);
  if (runs.length === 0) throw new UserError(`data/${studyFiles(def.suffix).study} holds no finished masked model: run ${studyGenerator(name)} first`);
  return runs;
}

/** Stated tolerance on |logit difference| between the two paths. */
export const LOGIT_TOLERANCE = 1e-3;
/** Required share of equal predictions. */
export const AGREEMENT_REQUIRED = 0.999;

const FLAGS: FlagSpec[] = [
  { name: "study", type: "string", description: `which committed study's models to check (lib/train/studies.ts: ${Object.keys(STUDIES).join(", ")}); its file is data/accuracy-kernel-check<suffix>.arrow`, default: "main" },
  { name: "models", type: "string", description: "comma-separated study runs to check (weights data/models/vit-fashion-mnist-<run>.bin), or `all` (every weights file), or `masked`: every finished run with masked blocks of the study", default: "masked" },
  { name: "images", type: "number", description: "test images (first N)", default: 10000 },
  { name: "backend", type: "string", description: "kernel backend: auto | wasm | ts", default: "auto" },
  { name: "out", type: "string", description: "Arrow file to write (relative to the repository root); default data/accuracy-kernel-check<suffix>.arrow of the study" },
  JSON_FLAG,
];

async function main(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, FLAGS, "accuracy:kernel-check");
  if (flags.help) {
    process.stdout.write(formatHelp("npm run accuracy:kernel-check -- [flags]", "Run the trained windowed ViTs with the kit's sparse kernels and compare with PyTorch's masked attention.", FLAGS, KERNEL_CHECK_JSON) + "\n");
    return;
  }
  const backend = String(flags.backend);
  if (!["auto", "wasm", "ts"].includes(backend)) throw new UserError(`--backend: "${backend}" is not one of auto, wasm, ts`);
  const images = Number(flags.images);
  if (!Number.isInteger(images) || images < 1 || images > 10000) throw new UserError(`--images: expected 1..10000, got ${flags.images}`);
  const studyName = String(flags.study);
  const def = STUDIES[studyName];
  if (!def) throw new UserError(`accuracy:kernel-check: --study "${studyName}" is not one of ${Object.keys(STUDIES).join(", ")}`);
  const outText = String(flags.out ?? `data/${kernelCheckFileName(def.suffix)}`);
  if (outText === "" || !outText.endsWith(".arrow")) throw new UserError(`--out: "${outText}" must name an .arrow file`);
  // Checked before any work (writable, not a folder, not another command's committed file).
  const out = checkOutputPath(isAbsolute(outText) ? outText : join(repoRoot, outText), "accuracy:kernel-check: --out", { command: kernelCheckGenerator(studyName), bytes: 1 << 20 });
  // The one list rule (lib/cli/validate.ts): the runs whose weights data/models/ holds, no empty item or
  // duplicate, all = every one.
  const present = existsSync(dataPath("models"))
    ? readdirSync(dataPath("models")).map((f) => /^vit-fashion-mnist-(.+)\.bin$/.exec(f)?.[1]).filter((m): m is string => m !== undefined).sort()
    : [];
  if (present.length === 0) throw new UserError("no weights in data/models/: run npm run experiment:accuracy first");
  const models = String(flags.models) === "masked" ? maskedRuns(studyName, def) : parseNameList(String(flags.models), "accuracy:kernel-check: --models", present);
  const files = models.map((m) => dataPath("models", `vit-fashion-mnist-${m}.bin`));
  const log = (l: string): void => void process.stderr.write(l + "\n");
  const python = ensureTorch(log);
  const versions = torchVersions(python) ?? { torch: "?", numpy: "?", blas: "?" };
  const test = loadFashionMnist("test", locateFashionMnist());
  const labels = test.labels.subarray(0, images);
  const measuredAt = new Date().toISOString();
  const loadBefore = loadavg();
  const tolerance = { agreementRequired: AGREEMENT_REQUIRED, logitTolerance: LOGIT_TOLERANCE };
  const weights: Record<string, string> = {};
  const rows: KernelCheckRow[] = [];
  const scratch = makeTempDir("kernel-check"); // the PyTorch logits, removed when done
  for (const [i, model] of models.entries()) {
    const file = files[i]!;
    weights[relative(repoRoot, file)] = fileSha256(file);
    const vit = loadTsVit(readWeights(file), relative(repoRoot, file));
    const refFile = join(scratch, `${model}.logits.bin`);
    log(`${model}: PyTorch logits of ${images} test images ...`);
    const t0 = performance.now();
    await runEngineOrThrow(["logits", "--weights", file, "--out", refFile, "--images", String(images)], () => {}, python);
    const torchSeconds = (performance.now() - t0) / 1000;
    const ref = readWeights(refFile).tensors.get("logits")!.data;
    rmSync(refFile, { force: true });
    log(`${model}: TypeScript inference with lib/kernels (${backend}) on blocks ${vit.cfg.windowed_blocks.join(",")} ...`);
    const stats: AttentionStats = { sparseSeconds: 0, sparseCalls: 0, denseCalls: 0, backend: "ts" };
    const classes = vit.cfg.num_classes;
    const mine = new Float32Array(images * classes);
    const t1 = performance.now();
    let lastReport = t1;
    for (let img = 0; img < images; img++) {
      mine.set(tsVitLogits(vit, test.images.subarray(img * 784, (img + 1) * 784), stats, backend as "auto"), img * classes);
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const rate = (img + 1) / ((lastReport - t1) / 1000);
        log(`  ${img + 1}/${images} images, ${rate.toFixed(0)} images/s, ETA ${((images - img - 1) / rate).toFixed(0)} s`);
      }
    }
    const kernelPathSeconds = (performance.now() - t1) / 1000;
    const c = compareLogits(ref, mine, labels, classes);
    const row = kernelCheckRow(model, vit.cfg.windowed_blocks, c, { torchSeconds, kernelPathSeconds, kernelAttentionSeconds: stats.sparseSeconds, kernelCalls: stats.sparseCalls, backend: stats.backend }, tolerance);
    rows.push(row);
    log(
      `${model}: agreement ${row.agreementPercent.toFixed(2)} %, max |Δlogit| ${row.maxAbsLogitDiff.toExponential(2)} (tolerance ${LOGIT_TOLERANCE}), ` +
        `accuracy PyTorch ${row.accuracyTorchPercent.toFixed(2)} % / kernels ${row.accuracyKernelPercent.toFixed(2)} %, ` +
        `time PyTorch ${torchSeconds.toFixed(1)} s / TypeScript ${kernelPathSeconds.toFixed(1)} s (${stats.sparseSeconds.toFixed(1)} s in ${stats.sparseCalls} sparse-attention calls, backend ${stats.backend}) → ${row.pass ? "PASS" : "FAIL"}`,
    );
  }
  rmSync(scratch, { recursive: true, force: true });
  const table = kernelCheckTable(rows, {
    generator: kernelCheckGenerator(studyName, images),
    measuredAt, loadBefore, loadAfter: loadavg(), torch: versions, weights,
    dataset: `Fashion-MNIST test set (Zalando Research, MIT licence), first ${images} of 10000 images, Debian package dataset-fashion-mnist`,
  }, tolerance);
  writeKernelCheck(out, table);
  log(`wrote ${relative(repoRoot, out) || out}`);
  if (flags.json) process.stdout.write(JSON.stringify({ results: rows }) + "\n");
  if (rows.some((r) => !r.pass)) process.exitCode = 1;
}

guardStdout("accuracy:kernel-check");
main(process.argv.slice(2)).catch((e: unknown) => {
  process.exit(reportFailure(e, "accuracy:kernel-check"));
});
