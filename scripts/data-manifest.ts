/**
 * `npm run data:manifest [-- --record data/FILE ...] [--json]`
 * Checks every committed data file against `data/manifest.json` (exit 1 naming each mismatch and the command
 * that regenerates it). `--record FILE` records a file's current content: for a file written by its command
 * before the manifest existed, after checking it is the intended version.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../lib/errors.ts";
import { JSON_FLAG, type FlagSpec } from "../lib/cli/args.ts";
import { leafHelp, type LeafSpec } from "../lib/cli/command.ts";
import { DATA_MANIFEST_JSON } from "../lib/cli/script-json.ts";
import { dataFileProblem, defaultCommand, manifestKey, readManifest, recordDataFile } from "../lib/data/manifest.ts";
import { tableFromIPC } from "apache-arrow";
import { repoRoot } from "../lib/paths.ts";

function committedDataFiles(dir = join(repoRoot, "data")): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "external") out.push(...committedDataFiles(path));
    else if (entry.isFile() && manifestKey(path) !== null) out.push(path);
  }
  return out.sort();
}

const FLAGS: FlagSpec[] = [
  { name: "record", type: "string", description: "FILE ... (all words after it): record each file's current content; the command is taken from its provenance" },
  JSON_FLAG,
];

const SPEC: LeafSpec = {
  path: "data:manifest",
  usage: "npm run data:manifest -- [--record data/FILE ...] [--json]",
  description:
    "Checks every committed data file (data/**/*.arrow, data/models/*.bin, data/digitized/*.json) against data/manifest.json (sha256 + the command that regenerates it); " +
    "exit 0 all match, 1 a mismatch (each named on stderr), 2 bad input.",
  flags: FLAGS,
  json: DATA_MANIFEST_JSON,
};

function main(argv: string[]): number {
  const json = argv.includes("--json");
  const words = argv.filter((a) => a !== "--json");
  if (words.includes("--help") || words.includes("-h")) {
    console.log(leafHelp(SPEC));
    return 0;
  }
  if (words[0] === "--record") {
    if (words.length < 2) throw new UserError("data:manifest: --record needs one or more data/*.arrow files");
    const recorded: { file: string; command: string }[] = [];
    for (const file of words.slice(1)) {
      const path = resolve(file);
      const key = manifestKey(path);
      if (key === null) throw new UserError(`data:manifest: ${file} is not a committed data file (expected data/**/*.arrow outside data/external, data/models/*.bin or data/digitized/*.json)`);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path);
      } catch {
        throw new UserError(`data:manifest: cannot read ${file}`);
      }
      const command = defaultCommand(key) ?? tableFromIPC(bytes).schema.metadata.get("generator") ?? "(unknown command)";
      recordDataFile(path, bytes, command);
      recorded.push({ file, command });
      process.stderr.write(`data:manifest: recorded ${file} (${command})\n`);
    }
    if (json) console.log(JSON.stringify({ checked: recorded.length, matching: recorded.length, problems: [], recorded }));
    return 0;
  }
  if (words.length > 0) throw new UserError(`data:manifest: unexpected argument "${words[0]}" (expected --record FILE ..., --json or nothing)`);
  const files = committedDataFiles();
  const problems: string[] = [];
  for (const path of files) {
    const problem = dataFileProblem(path, readFileSync(path));
    if (problem !== null) problems.push(problem);
  }
  const known = new Set(files.map((f) => manifestKey(f)));
  for (const key of Object.keys(readManifest())) {
    if (!known.has(key)) problems.push(`data/${key} is recorded in data/manifest.json but missing`);
  }
  for (const p of problems) process.stderr.write(`${p}\n`);
  const matching = files.length - problems.filter((p) => !p.endsWith("but missing")).length;
  process.stderr.write(`data:manifest: ${matching} of ${files.length} data files match\n`);
  if (json) console.log(JSON.stringify({ checked: files.length, matching, problems }));
  return problems.length > 0 ? 1 : 0;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (err) {
  if (err instanceof UserError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
