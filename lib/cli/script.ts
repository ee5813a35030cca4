/**
 * The frame of an npm script (`scripts/*.ts`): its `--help`, strict words, and a {@link UserError} as one line
 * on stderr with exit status 2. Scripts that regenerate committed files report what they wrote, as text or as
 * the `--json` object {@link WRITTEN_JSON} documents.
 */
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { isAbsolute, join, relative } from "node:path";
import { reportFailure } from "./fatal.ts";
import { guardStdout } from "./stdout-guard.ts";
import { sha256Hex } from "../data/sha256.ts";
import { repoRoot } from "../paths.ts";
import { JSON_FLAG, type ParsedArgs } from "./args.ts";
import { parseLeaf, type LeafSpec } from "./command.ts";
import { WRITTEN_JSON } from "./written-json.ts";

/** The frames of scripts imported rather than run (a test calls them in-process), by module URL. */
const importedFrames = new Map<string, (argv: string[]) => Promise<number>>();

/**
 * Runs `main` with the script's flags (undefined after `--help`); an expected error becomes one line (exit 2 or
 * 1, `fatal.ts`). With `moduleUrl` (the script's `import.meta.url`) it runs only when that module is the entry
 * point; imported, it registers the frame for {@link importedScriptFrame} instead.
 */
export async function runScript(spec: LeafSpec, main: (flags: ParsedArgs["flags"]) => Promise<number> | number, moduleUrl?: string): Promise<void> {
  const frame = async (argv: string[]): Promise<number> => {
    try {
      const flags = parseLeaf(spec, argv);
      return flags ? await main(flags) : 0;
    } catch (err) {
      return reportFailure(err, spec.path);
    }
  };
  if (moduleUrl !== undefined && !isEntryModule(moduleUrl)) {
    importedFrames.set(moduleUrl, frame);
    return;
  }
  guardStdout(spec.path);
  process.exitCode = await frame(process.argv.slice(2));
}

/** The frame (`argv` -> exit status) a script built on {@link runScript} registered when it was imported. */
export function importedScriptFrame(moduleUrl: string): ((argv: string[]) => Promise<number>) | undefined {
  return importedFrames.get(moduleUrl);
}

/**
 * Whether the module at `moduleUrl` (its `import.meta.url`) is the file Node was started with, symbolic links
 * resolved: a script runs itself only then, so a test can import it and call its `main` in-process.
 */
export function isEntryModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === moduleUrl;
  } catch {
    return false;
  }
}

/**
 * Runs a script whose `main(argv)` returns its exit status and reports every expected failure itself (one
 * line, exit 2 or 1): when `moduleUrl` is the entry point, guards stdout, runs `main` with the process's
 * arguments and exits with its status (an error `main` lets escape is a bug: Node prints its trace, exit 1).
 * Imported (a test calling `main` in-process), it does nothing.
 */
export function runScriptMain(moduleUrl: string, command: string, main: (argv: string[]) => Promise<number>): void {
  if (!isEntryModule(moduleUrl)) return;
  guardStdout(command);
  void main(process.argv.slice(2)).then((code) => process.exit(code));
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
export function runWriterScript(spec: Omit<LeafSpec, "flags" | "json">, write: () => string[], moduleUrl?: string): Promise<void> {
  return runScript({ ...spec, flags: [JSON_FLAG], json: WRITTEN_JSON }, (flags) => {
    const report = writtenFiles(write());
    if (flags.json) console.log(JSON.stringify(report));
    else for (const w of report.written) process.stderr.write(`wrote ${w.file} (${w.bytes} bytes, sha256 ${w.sha256})\n`);
    return 0;
  }, moduleUrl);
}
