/**
 * `npm run data:manifest [-- --record data/FILE.arrow ...]`
 * Checks every committed data file against `data/manifest.json` (exit 1 naming each mismatch and the command
 * that regenerates it). `--record FILE` records a file's current content: for a file written by its command
 * before the manifest existed, after checking it is the intended version.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../lib/errors.ts";
import { dataFileProblem, manifestKey, readManifest, recordDataFile } from "../lib/data/manifest.ts";
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

function main(argv: string[]): number {
  if (argv.includes("--help")) {
    process.stdout.write("usage: npm run data:manifest [-- --record data/FILE.arrow ...]\n\nChecks every committed data/*.arrow against data/manifest.json (sha256 + the command that regenerates it); exit 0 all match, 1 a mismatch, 2 bad input.\n  --record FILE   record FILE's current content (the command is taken from its provenance)\n");
    return 0;
  }
  if (argv[0] === "--record") {
    if (argv.length < 2) throw new UserError("data:manifest: --record needs one or more data/*.arrow files");
    for (const file of argv.slice(1)) {
      const path = resolve(file);
      if (manifestKey(path) === null) throw new UserError(`data:manifest: ${file} is not a committed data file (expected data/**/*.arrow outside data/external)`);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path);
      } catch {
        throw new UserError(`data:manifest: cannot read ${file}`);
      }
      const command = tableFromIPC(bytes).schema.metadata.get("generator") ?? "(unknown command)";
      recordDataFile(path, bytes, command);
      process.stderr.write(`data:manifest: recorded ${file} (${command})\n`);
    }
    return 0;
  }
  if (argv.length > 0) throw new UserError(`data:manifest: unexpected argument "${argv[0]}" (expected --record FILE ... or nothing)`);
  const files = committedDataFiles();
  let bad = 0;
  for (const path of files) {
    const problem = dataFileProblem(path, readFileSync(path));
    if (problem !== null) {
      bad++;
      process.stderr.write(`${problem}\n`);
    }
  }
  const known = new Set(files.map((f) => manifestKey(f)));
  for (const key of Object.keys(readManifest())) {
    if (!known.has(key)) {
      bad++;
      process.stderr.write(`data/${key} is recorded in data/manifest.json but missing\n`);
    }
  }
  process.stderr.write(`data:manifest: ${files.length - bad} of ${files.length} data files match\n`);
  return bad > 0 ? 1 : 0;
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
