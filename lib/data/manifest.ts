/**
 * The manifest of committed data: `data/manifest.json` records, for every committed data file under `data/`
 * (not `data/external/`, which is imported, never committed) — the Arrow tables, the model weights
 * `data/models/*.bin` and the readings `data/digitized/*.json` — its sha256 and the command that regenerates
 * it. The writers update the entry whenever they write such a file (`writeArrowTable`, the study output's
 * weights copy), so the command that writes a file records it; the readers (`readArrowTable`,
 * `readWeights`) check it before decoding: a file changed by hand, by a bad merge or by corruption is an
 * error naming the file and the command to run.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { writeFileAtomic } from "./atomic-write.ts";
import { sha256Hex } from "./sha256.ts";
import { repoRoot } from "../paths.ts";
import { UserError } from "../errors.ts";

/** One manifest entry. */
export interface ManifestEntry {
  sha256: string;
  /** The command that writes the file, e.g. `npm run data:digitize:fig5`. */
  command: string;
}

/** Path of the manifest. */
export function manifestPath(root = repoRoot): string {
  return join(root, "data", "manifest.json");
}

/** The manifest key of `path` (relative to `data/`, with `/`), or null when the file is not committed data. */
export function manifestKey(path: string, root = repoRoot): string | null {
  const rel = relative(join(root, "data"), path);
  if (rel === "" || rel.startsWith("..") || rel.startsWith(`external${sep}`) || rel === "external") return null;
  const key = rel.split(sep).join("/");
  return isDataFileKey(key) ? key : null;
}

/** Whether `key` (relative to `data/`) names a kind of file the manifest records. */
function isDataFileKey(key: string): boolean {
  if (key.endsWith(".arrow")) return true;
  if (/^models\/[^/]+\.bin$/.test(key)) return true;
  return /^digitized\/[^/]+\.json$/.test(key);
}

/**
 * The command recorded for a file that carries no provenance of its own (`npm run data:manifest -- --record`
 * of a weights file or a reading); null for Arrow files, whose schema metadata names their generator.
 */
export function defaultCommand(key: string): string | null {
  if (key.startsWith("models/")) return "npm run experiment:accuracy";
  if (key.startsWith("digitized/")) return "edited by hand (a reading of the poster's figure), then npm run data:manifest -- --record data/" + key;
  return null;
}

/**
 * Throws {@link UserError} when `bytes`, read from `path`, disagree with the manifest (no-op for files that
 * are not committed data): the check every reader of committed data calls before decoding.
 */
export function verifyDataFile(path: string, bytes: Uint8Array, root = repoRoot): void {
  const problem = dataFileProblem(path, bytes, root);
  if (problem !== null) throw new UserError(problem);
}

/** Reads the manifest (empty when the file does not exist). */
export function readManifest(root = repoRoot): Record<string, ManifestEntry> {
  const path = manifestPath(root);
  if (!existsSync(path)) return {};
  const parsed = JSON.parse(readFileSync(path, "utf8")) as { files?: Record<string, ManifestEntry> };
  return parsed.files ?? {};
}

/** Records `bytes` as the content of `path` (no-op for files that are not committed data). */
export function recordDataFile(path: string, bytes: Uint8Array, command: string, root = repoRoot): void {
  const key = manifestKey(path, root);
  if (key === null) return;
  const files = { ...readManifest(root), [key]: { sha256: sha256Hex(bytes), command } };
  const sorted: Record<string, ManifestEntry> = {};
  for (const k of Object.keys(files).sort()) sorted[k] = { sha256: files[k]!.sha256, command: files[k]!.command };
  const doc = {
    description: "sha256 of every committed data file and the command that regenerates it; written by the commands that write the files, checked on every read",
    files: sorted,
  };
  writeFileAtomic(manifestPath(root), JSON.stringify(doc, null, 1) + "\n");
}

/**
 * Checks `bytes` against the manifest entry of `path` (no-op for files that are not committed data).
 * @returns null when the file is fine, else the one-line problem (naming the file and the command).
 */
export function dataFileProblem(path: string, bytes: Uint8Array, root = repoRoot): string | null {
  const key = manifestKey(path, root);
  if (key === null) return null;
  const entry = readManifest(root)[key];
  const shown = `data/${key}`;
  if (entry === undefined) return `${shown} is not recorded in data/manifest.json; regenerate it with the command that writes it (which records it) or record it with npm run data:manifest -- --record ${shown}`;
  const found = sha256Hex(bytes);
  if (found === entry.sha256) return null;
  return `${shown}: sha256 ${found.slice(0, 12)}… does not match data/manifest.json (${entry.sha256.slice(0, 12)}…): the file was changed or corrupted; regenerate it with \`${entry.command}\`, restore it with git checkout -- ${shown}, or, if this content is the intended new version, record it with npm run data:manifest -- --record ${shown}`;
}
