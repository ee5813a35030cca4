/**
 * Repository-relative paths used everywhere in the kit, so that the CLI, the notebook runner,
 * the notebooks (run with the repository root as working directory) and the tests agree.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root (the folder holding package.json). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Git-ignored folder (under the repository root) for every temporary and exploratory file of the kit: staging
 * folders, parameter runs, Jupyter results, checkpoints, temporary files. Nothing else is written outside a
 * command's declared outputs.
 */
export const SCRATCH_DIR = "scratch";

/** Absolute path under `scratch/`. */
export function scratchDir(...parts: string[]): string {
  return join(repoRoot, SCRATCH_DIR, ...parts);
}

/**
 * Creates a new, empty, uniquely named folder under `scratch/tmp/` for temporary files and returns its path;
 * the caller removes it when done (a killed run leaves it in the git-ignored scratch/, never in the system's /tmp).
 */
export function makeTempDir(prefix: string): string {
  const parent = scratchDir("tmp");
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `${prefix}-`));
}

/** Absolute path of a file under `data/`. */
export function dataPath(...parts: string[]): string {
  return join(repoRoot, "data", ...parts);
}

/** Absolute path of a file under `data/external/` (imported reference data, never committed). */
export function externalDataPath(...parts: string[]): string {
  return join(repoRoot, "data", "external", ...parts);
}

/**
 * Environment variable that moves the results root away from `results/`. `npm run reproduce -- --out PATH`
 * sets it for runs with changed parameters, so an experiment never overwrites the committed results.
 */
export const RESULTS_DIR_ENV = "VITSPARSE_RESULTS_DIR";

/** Absolute path of the results root: `$VITSPARSE_RESULTS_DIR`, else `results/`. */
export function resultsRoot(): string {
  const override = process.env[RESULTS_DIR_ENV];
  return override !== undefined && override !== "" ? resolve(override) : join(repoRoot, "results");
}

/** Absolute path of a notebook's results folder, `results/<notebook>/` (see {@link resultsRoot}). */
export function resultsPath(notebook: string, ...parts: string[]): string {
  return join(resultsRoot(), notebook, ...parts);
}
