/**
 * Repository-relative paths used everywhere in the kit, so that the CLI, the notebook runner,
 * the notebooks (run with the repository root as working directory) and the tests agree.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root (the folder holding package.json). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Absolute path of a file under `data/`. */
export function dataPath(...parts: string[]): string {
  return join(repoRoot, "data", ...parts);
}

/** Absolute path of a file under `data/external/` (imported reference data, never committed). */
export function externalDataPath(...parts: string[]): string {
  return join(repoRoot, "data", "external", ...parts);
}

/** Absolute path of a notebook's results folder, `results/<notebook>/`. */
export function resultsPath(notebook: string, ...parts: string[]): string {
  return join(repoRoot, "results", notebook, ...parts);
}
