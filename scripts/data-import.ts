/**
 * `npm run data:import`: finds the pinned reference files (VITSPARSE_REFERENCE_DIR, else ../shared/reference,
 * else a download from the public repositories at the pinned commits), verifies their SHA-256 and converts
 * them to Arrow files under data/external/ (git-ignored). Progress on stderr, a summary on stdout.
 */
import { JSON_FLAG, type FlagSpec } from "../lib/cli/args.ts";
import { parseLeaf, type LeafSpec } from "../lib/cli/command.ts";
import { DATA_IMPORT_JSON } from "../lib/cli/script-json.ts";
import { checkOutputDir } from "../lib/cli/validate.ts";
import { UserError } from "../lib/errors.ts";
import { reportFailure } from "../lib/cli/fatal.ts";
import { runScriptMain } from "../lib/cli/script.ts";
import { importReferenceData } from "../lib/data/reference/import.ts";
import { REFERENCE_DIR_ENV } from "../lib/data/reference/locate.ts";
import { REFERENCE_FILES } from "../lib/data/reference/manifest.ts";
import { REFERENCE_OUTPUTS } from "../lib/data/reference/outputs.ts";

const FLAGS: FlagSpec[] = [
  { name: "out-dir", type: "string", description: "write the Arrow files here instead of data/external/" },
  { name: "no-download", type: "boolean", description: "do not try to download when no local folder has the files" },
  { name: "timeout", type: "number", description: "per-file download timeout in seconds", default: 60 },
  JSON_FLAG,
];

const SPEC: LeafSpec = {
  path: "data:import",
  usage: "npm run data:import -- [flags]",
  description: [
    "Imports the pinned reference data (ViTCoD's mask, global tokens, simulator logs, TX2 TensorRT profile and",
    "LeViT-128 fvcore printout) into data/external/*.arrow, verifying every raw file's sha256 first.",
    `Raw files are looked up in $${REFERENCE_DIR_ENV}, else <repo>/../shared/reference, else downloaded from`,
    "raw.githubusercontent.com at the pinned commits. Each raw file must be a regular file of at most its pinned size",
    "with its pinned sha256; every bad file is reported (one line each, exit 2) and nothing is written. Reruns are",
    "byte-identical.",
    "",
    "outputs:",
    ...REFERENCE_OUTPUTS.map((o) => `  data/external/${o.file}  <- ${o.source.name}`),
    `verified only (no converter yet): ${REFERENCE_FILES.filter((f) => !REFERENCE_OUTPUTS.some((o) => o.source === f)).map((f) => f.name).join(", ")}`,
  ].join("\n"),
  flags: FLAGS,
  json: DATA_IMPORT_JSON,
};

async function runImport(argv: string[]): Promise<number> {
  const flags = parseLeaf(SPEC, argv);
  if (!flags) return 0;
  const timeout = flags.timeout as number;
  if (!(timeout > 0)) throw new UserError(`data:import: --timeout must be a positive number of seconds, got ${timeout}`);
  // The output folder is checked before anything is read (not under a file, not in /proc, /sys or /dev, writable).
  // The files it would write there must not be committed files or in data/ outside data/external/.
  const outDir =
    typeof flags["out-dir"] === "string"
      ? checkOutputDir(flags["out-dir"], "data:import: --out-dir", { command: "npm run data:import", files: REFERENCE_OUTPUTS.map((o) => o.file), bytes: 8 << 20 })
      : undefined;
  const summary = await importReferenceData({
    ...(outDir !== undefined ? { outDir } : {}),
    download: flags["no-download"] !== true,
    timeoutMs: timeout * 1000,
  });
  if (!summary) {
    console.error(`data:import: no reference data reachable; nothing written (set ${REFERENCE_DIR_ENV} to a folder holding the files, or run with internet access)`);
    return 1;
  }
  if (flags.json) {
    console.log(JSON.stringify(summary));
    return 0;
  }
  const from = summary.origin === "directory" ? summary.dir : "the pinned GitHub commits (downloaded)";
  console.log(`verified sha256 of ${summary.verified.length} reference files from ${from}`);
  for (const o of summary.outputs) {
    console.log(`  ${o.changed ? "wrote    " : "unchanged"} ${o.path}  (${o.rows} rows, ${o.bytes} bytes, from ${o.source})`);
  }
  const changed = summary.outputs.filter((o) => o.changed).length;
  console.log(`${summary.outputs.length} Arrow files up to date (${changed} written, ${summary.outputs.length - changed} already identical)`);
  return 0;
}

/** `npm run data:import ARGV`: returns the exit status; every bad input is one line each and 2. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await runImport(argv);
  } catch (err) {
    if (err instanceof UserError) {
      // One line per problem (a ReferenceFilesError lists every bad file), each naming the command.
      for (const line of err.message.split("\n")) console.error(line.startsWith("data:import:") ? line : `data:import: ${line}`);
      return 2;
    }
    return reportFailure(err, "data:import");
  }
}

runScriptMain(import.meta.url, "data:import", main);
