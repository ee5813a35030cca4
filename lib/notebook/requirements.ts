/**
 * Data a notebook needs before it can run, declared in its metadata as
 * `"vitsparse": {"requires": ["data/external/x.arrow", ...]}` (paths relative to the repository root).
 * Missing files trigger the reference import (`ensureReferenceData()` from `lib/data/reference/ensure.ts`,
 * when that module exists); if they are still missing the notebook is skipped, never run half-way.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { UserError } from "../errors.ts";
import { importTypeScript } from "../import-source.ts";
import type { Notebook } from "./ipynb.ts";

/** The message of a notebook skipped for missing reference data. */
export const REFERENCE_UNAVAILABLE = "reference data unavailable (run npm run data:import)";

/** Outcome of {@link ensureRequirements}. */
export type RequirementCheck = { ok: true } | { ok: false; reason: string; missing: string[] };

/** The files a notebook declares in `metadata.vitsparse.requires`. Throws {@link UserError} if malformed. */
export function requiredFiles(nb: Notebook, label: string): string[] {
  const section = nb.metadata["vitsparse"];
  if (section === undefined) return [];
  if (typeof section !== "object" || section === null || Array.isArray(section)) {
    throw new UserError(`${label}: metadata.vitsparse must be an object, found ${JSON.stringify(section)}`);
  }
  const requires = section["requires"];
  if (requires === undefined) return [];
  if (!Array.isArray(requires) || !requires.every((r): r is string => typeof r === "string")) {
    throw new UserError(`${label}: metadata.vitsparse.requires must be a list of paths relative to the repository root`);
  }
  for (const r of requires) {
    if (isAbsolute(r) || r.split(/[\\/]/).includes("..")) {
      throw new UserError(`${label}: metadata.vitsparse.requires entry "${r}" must be a path inside the repository (relative, no "..")`);
    }
  }
  return requires;
}

/** The subset of `files` (relative to `root`) that does not exist. */
export function missingFiles(files: readonly string[], root: string): string[] {
  return files.filter((f) => !existsSync(join(root, f)));
}

type EnsureModule = { ensureReferenceData?: () => boolean | Promise<boolean> };

/**
 * Checks that `files` exist under `root`; if some are missing, runs the reference import once (when
 * `lib/data/reference/ensure.ts` exists) and checks again. Never throws: a failing import becomes the reason.
 */
export async function ensureRequirements(files: readonly string[], root: string): Promise<RequirementCheck> {
  let missing = missingFiles(files, root);
  if (missing.length === 0) return { ok: true };
  let detail = "";
  const ensurePath = join(root, "lib", "data", "reference", "ensure.ts");
  if (existsSync(ensurePath)) {
    try {
      const mod = (await importTypeScript(ensurePath)) as EnsureModule;
      if (typeof mod.ensureReferenceData === "function") await mod.ensureReferenceData();
      else detail = "; lib/data/reference/ensure.ts has no ensureReferenceData()";
    } catch (err) {
      detail = `; reference import failed: ${(err as Error).message}`;
    }
    missing = missingFiles(files, root);
    if (missing.length === 0) return { ok: true };
  }
  return { ok: false, reason: `${REFERENCE_UNAVAILABLE}; missing ${missing.join(", ")}${detail}`, missing };
}
