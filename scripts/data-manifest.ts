/**
 * `npm run data:manifest [-- --record data/FILE ...] [--json]`
 * Checks every committed data file against `data/manifest.json` (exit 1 naming each mismatch and the command
 * that regenerates it). `--record FILE` records a file's current content: for a file written by its command
 * before the manifest existed, after checking it is the intended version.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { JSON_FLAG, type FlagSpec } from "../lib/cli/args.ts";
import { leafHelp, type LeafSpec } from "../lib/cli/command.ts";
import { reportFailure } from "../lib/cli/fatal.ts";
import { guardStdout } from "../lib/cli/stdout-guard.ts";
import { DATA_MANIFEST_JSON } from "../lib/cli/script-json.ts";
import { UserError } from "../lib/errors.ts";
import { MAX_DATA_FILE_BYTES } from "../lib/data/arrow-table.ts";
import { ArrowLayoutError, checkArrowFileLayout } from "../lib/data/arrow-bounds.ts";
import { dataFileProblem, defaultCommand, manifestKey, readManifest, recordDataFile } from "../lib/data/manifest.ts";
import { readRegularFile } from "../lib/data/read-file.ts";
import { tableFromIPC } from "apache-arrow";
import { repoRoot } from "../lib/paths.ts";

/**
 * Every `*.arrow` name under data/ (not data/external/), whatever it is: a regular file, a directory, a link
 * to a device — the checks below say what is wrong with each. Linked folders are not followed.
 */
function committedDataFiles(dir = join(repoRoot, "data")): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (manifestKey(path) !== null) out.push(path);
    else if (entry.isDirectory() && entry.name !== "external") out.push(...committedDataFiles(path));
  }
  return out.sort();
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads a data file as a regular file of bounded size; a problem is one line naming it. */
function readDataFile(path: string, shown: string): Uint8Array {
  try {
    return readRegularFile(path, "", MAX_DATA_FILE_BYTES);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(err.message.split(path).join(shown).trim());
    throw err;
  }
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
      const bytes = readDataFile(path, file);
      let command = defaultCommand(key) ?? undefined;
      if (command === undefined) try {
        checkArrowFileLayout(bytes);
        command = tableFromIPC(bytes).schema.metadata.get("generator");
      } catch (err) {
        const why = err instanceof ArrowLayoutError ? err.message : (err as Error).message.split("\n")[0];
        throw new UserError(`data:manifest: ${file} is not a readable Arrow IPC file (${why}); nothing recorded`);
      }
      if (command === undefined) throw new UserError(`data:manifest: ${file} has no generator in its provenance; nothing recorded`);
      recordDataFile(path, bytes, command);
      recorded.push({ file, command });
      process.stderr.write(`data:manifest: recorded ${file} (${command})\n`);
    }
    if (json) console.log(JSON.stringify({ checked: recorded.length, matching: recorded.length, problems: [], recorded }));
    return 0;
  }
  if (words.length > 0) throw new UserError(`data:manifest: unexpected argument "${words[0]}" (expected --record FILE ..., --json or nothing)`);
  const manifest = readManifest();
  const found = committedDataFiles();
  const files = [...new Set([...found, ...Object.keys(manifest).map((k) => join(repoRoot, "data", k))])].sort();
  const problems: string[] = [];
  let matching = 0;
  for (const path of files) {
    const key = manifestKey(path)!;
    const shown = `data/${key}`;
    let problem: string | null;
    if (!found.includes(path) && !exists(path)) problem = `${shown} is recorded in data/manifest.json but missing; restore it with git checkout -- ${shown} or regenerate it with \`${manifest[key]!.command}\``;
    else {
      try {
        problem = dataFileProblem(path, readDataFile(path, shown));
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        problem = `${err.message}; restore it with git checkout -- ${shown}${manifest[key] ? ` or regenerate it with \`${manifest[key]!.command}\`` : ""}`;
      }
    }
    if (problem === null) matching++;
    else problems.push(problem);
  }
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stderr.write(`data:manifest: ${matching} of ${files.length} data files match\n`);
  if (json) console.log(JSON.stringify({ checked: files.length, matching, problems }));
  return problems.length > 0 ? 1 : 0;
}

guardStdout("data:manifest");
try {
  process.exit(main(process.argv.slice(2)));
} catch (err) {
  process.exit(reportFailure(err, "data:manifest"));
}
