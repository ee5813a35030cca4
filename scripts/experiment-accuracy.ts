/**
 * `npm run experiment:accuracy` — the accuracy study, trained by the PyTorch engine (lib/train/vitsparse_train):
 * pretrain a full-attention ViT on all 60,000 Fashion-MNIST training images, fine-tune it full vs windowed-lower
 * (3×3 + CLS in blocks idx < depth/2) for the same steps with several seeds, and train windowed-lower from
 * scratch. Shows the engine's progress (run, epoch, step, loss, images/s, ETA), checkpoints every epoch and
 * resumes exactly when rerun, then exports weights and attention maps and writes data/accuracy-study.arrow,
 * data/attention-locality.arrow, data/attention-maps-fashion-mnist.arrow and data/models/*.bin with provenance.
 */
import { isAbsolute, join, relative } from "node:path";
import { formatHelp, JSON_FLAG, parseArgs, type FlagSpec } from "../lib/cli/args.ts";
import { EXPERIMENT_ACCURACY_JSON } from "../lib/cli/script-json.ts";
import { UserError } from "../lib/errors.ts";
import { reportFailure } from "../lib/cli/fatal.ts";
import { guardStdout } from "../lib/cli/stdout-guard.ts";
import { checkOutputDir } from "../lib/cli/validate.ts";
import { ensureFashionMnist } from "../lib/datasets/fashion-mnist.ts";
import { repoRoot } from "../lib/paths.ts";
import { ensureTorch, runEngineOrThrow } from "../lib/train/engine.ts";
import { writeStudyOutputs } from "../lib/train/study-output.ts";
import { importCommands } from "../lib/train/study-import.ts";
import { STUDIES, studyFiles, studyGenerator } from "../lib/train/studies.ts";

/** Runs an engine command that prints one JSON value on stdout. */
async function engineJson(args: string[], python: string): Promise<string[]> {
  const lines: string[] = [];
  await runEngineOrThrow(args, (l) => lines.push(l), python);
  try {
    return JSON.parse(lines.join("\n")) as string[];
  } catch {
    throw new UserError(`vitsparse_train ${args.join(" ")}: expected a JSON list of run names`);
  }
}

const FLAGS: FlagSpec[] = [
  { name: "study", type: "string", description: `committed study to train and write: ${Object.entries(STUDIES).map(([k, v]) => `${k} (${v.description})`).join("; ")}`, default: "main" },
  { name: "checkpoint-dir", type: "string", description: "study folder: checkpoints, records, exports (git-ignored; default scratch/accuracy-study[-NAME])" },
  { name: "plan", type: "string", description: "another plan JSON (print the default with python3 -m vitsparse_train study --print-plan); its data files go to --out-dir, default scratch/experiment-accuracy/, never data/" },
  { name: "out-dir", type: "string", description: "folder the data files are written to (default data/ for a committed study)" },
  { name: "write-only", type: "boolean", description: "do not train; export and write the data files from finished runs" },
  JSON_FLAG,
];

function resolvePath(p: string): string {
  return isAbsolute(p) ? p : join(repoRoot, p);
}

async function main(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, FLAGS, "experiment:accuracy");
  if (flags.help) {
    process.stdout.write(formatHelp("npm run experiment:accuracy -- [flags]", "Train the accuracy study with PyTorch (checkpointed, resumable) and write its data files.", FLAGS, EXPERIMENT_ACCURACY_JSON) + "\n");
    return;
  }
  const log = (line: string): void => void process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  // Both folders are checked before any work: the data files go only where this command owns them (data/ or
  // outside the repository), the checkpoints never into tracked folders.
  const def = STUDIES[String(flags.study)];
  if (!def) throw new UserError(`experiment:accuracy: --study "${String(flags.study)}" is not one of ${Object.keys(STUDIES).join(", ")}`);
  const customPlan = flags.plan !== undefined;
  const files = studyFiles(def.suffix, def.maps);
  const owner = { command: "npm run experiment:accuracy" };
  const study = checkOutputDir(resolvePath(String(flags["checkpoint-dir"] ?? (customPlan ? "scratch/experiment-accuracy/checkpoints" : def.checkpointDir))), "experiment:accuracy: --checkpoint-dir", owner);
  const outDirText = String(flags["out-dir"] ?? (customPlan ? "scratch/experiment-accuracy" : "data"));
  if (customPlan && resolvePath(outDirText) === resolvePath("data")) {
    throw new UserError("experiment:accuracy: --plan writes its data files to scratch/experiment-accuracy/ (or another --out-dir), never data/: the committed files come only from the studies of lib/train/studies.ts (--study)");
  }
  const outDir = checkOutputDir(resolvePath(outDirText), "experiment:accuracy: --out-dir", {
    ...owner,
    files: [files.study, files.locality, files.predictions, ...(files.maps ? [files.maps] : []), "models"],
    bytes: 16 << 20,
  });
  const python = ensureTorch(log);
  const dataDir = ensureFashionMnist(log);
  const common = ["--data-dir", dataDir];
  const planFile = customPlan ? resolvePath(String(flags.plan)) : def.plan ? resolvePath(def.plan) : undefined;
  const planArgs = planFile ? ["--plan", planFile] : [];
  // Adopt the committed runs (data/accuracy-study*.arrow + data/models/*.bin): only what is not committed trains.
  const names = await engineJson(["study", "--print-runs", ...planArgs], python);
  if (!customPlan) {
    for (const cmd of importCommands(study, names, planFile, undefined, log, files)) await runEngineOrThrow(cmd, log, python);
  }
  if (!flags["write-only"]) {
    log(`training in ${relative(repoRoot, study) || study} (rerun to resume after an interruption)`);
    const args = ["study", "--out", study, ...common, ...planArgs];
    const code = await runEngineOrThrow(args, log, python);
    if (code !== 0) throw new UserError("training stopped before the study finished; rerun npm run experiment:accuracy to resume");
  }
  log("exporting weights, attention maps and reference logits of the finished runs");
  await runEngineOrThrow(["export", "--study", study, "--out", join(study, "export"), ...common], log, python);
  const r = writeStudyOutputs(study, outDir, log, "pretrain-full-seed0", repoRoot, files, studyGenerator(String(flags.study)));
  log(`wrote ${r.rows} rows of ${r.runs} runs to ${relative(repoRoot, outDir) || outDir}/: ${[files.study, files.predictions, files.locality, ...(files.maps ? [files.maps] : [])].join(", ")}, models/`);
  if (flags.json) process.stdout.write(JSON.stringify(r) + "\n");
}

guardStdout("experiment:accuracy");
main(process.argv.slice(2)).catch((e: unknown) => {
  process.exit(reportFailure(e, "experiment:accuracy"));
});
