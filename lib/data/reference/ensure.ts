/**
 * `ensureReferenceData()`: the guard that tests, notebooks and `reproduce` call before reading
 * `data/external/*`. Imports the reference data when an output is missing; answers false (with one clear
 * stderr line) when no reference data is reachable, so callers skip instead of crashing.
 */
import { existsSync } from "node:fs";
import { importReferenceData, referenceOutputPaths, type ImportOptions } from "./import.ts";

let pending: Promise<boolean> | undefined;

/**
 * Makes sure every `data/external/*` output of the reference import exists, importing when one is missing.
 * The answer for the default options is computed once per process.
 * @param options overrides for tests (folder, environment, output folder, fetch); default: the real setup
 * @returns true when the outputs exist (now); false when no reference data is reachable (one stderr line)
 * @throws ReferenceFilesError (or Sha256MismatchError for a download) when a reachable raw file is bad (never for mere unavailability)
 */
export async function ensureReferenceData(options?: ImportOptions): Promise<boolean> {
  if (options) return ensureOnce(options);
  pending ??= ensureOnce({});
  return pending;
}

async function ensureOnce(options: ImportOptions): Promise<boolean> {
  const missing = referenceOutputPaths(options.outDir).filter((p) => !existsSync(p));
  if (missing.length === 0) return true;
  const lines: string[] = [];
  const summary = await importReferenceData({ ...options, log: (l) => lines.push(l) });
  const say = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!summary) {
    const reason = (lines.filter((l) => l.includes("unavailable")).pop() ?? "reference data: unavailable").replace(/^reference data: /, "");
    say(`reference data: ${reason}; what needs it is skipped (npm run data:import imports it once the files are reachable)`);
    return false;
  }
  const written = summary.outputs.filter((o) => o.changed).length;
  say(`reference data: imported ${summary.outputs.length} tables (${written} written) from ${summary.dir ?? "the pinned repositories"}`);
  return true;
}
