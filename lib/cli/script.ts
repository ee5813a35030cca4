/**
 * The frame of an npm script (`scripts/*.ts`): its `--help`, strict words, and a {@link UserError} as one line
 * on stderr with exit status 2. Scripts that regenerate committed files report what they wrote, as text or as
 * the `--json` object {@link WRITTEN_JSON} documents.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { reportFailure } from "./fatal.ts";
import { guardStdout } from "./stdout-guard.ts";
import { sha256Hex } from "../data/sha256.ts";
import { repoRoot } from "../paths.ts";
import { JSON_FLAG, type ParsedArgs } from "./args.ts";
import { parseLeaf, type LeafSpec } from "./command.ts";
import { WRITTEN_JSON } from "./script-json.ts";

/** Runs `main` with the script's flags (undefined after `--help`); an expected error becomes one line (exit 2 or 1, `fatal.ts`). */
export async function runScript(spec: LeafSpec, main: (flags: ParsedArgs["flags"]) => Promise<number> | number): Promise<void> {
  guardStdout(spec.path);
  try {
    const flags = parseLeaf(spec, process.argv.slice(2));
    process.exitCode = flags ? await main(flags) : 0;
  } catch (err) {
    process.exitCode = reportFailure(err, spec.path);
  }
}

/** The `--json` object of a script that wrote `paths`: each file's repository-relative path, size and SHA-256. */
export function writtenFiles(paths: readonly string[]): { written: { file: string; bytes: number; sha256: string }[] } {
  return {
    written: paths.map((p) => {
      const abs = isAbsolute(p) ? p : join(repoRoot, p);
      const bytes = readFileSync(abs);
      return { file: relative(repoRoot, abs), bytes: bytes.length, sha256: sha256Hex(bytes) };
    }),
  };
}

/**
 * A script that regenerates committed files and takes no other input: `write` returns the paths it wrote;
 * stdout gets `--json`'s object, else stderr one line per file.
 */
export function runWriterScript(spec: Omit<LeafSpec, "flags" | "json">, write: () => string[]): Promise<void> {
  return runScript({ ...spec, flags: [JSON_FLAG], json: WRITTEN_JSON }, (flags) => {
    const report = writtenFiles(write());
    if (flags.json) console.log(JSON.stringify(report));
    else for (const w of report.written) process.stderr.write(`wrote ${w.file} (${w.bytes} bytes, sha256 ${w.sha256})\n`);
    return 0;
  });
}
