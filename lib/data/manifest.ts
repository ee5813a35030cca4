/**
 * The manifest of committed data: `data/manifest.json` records, for every committed Arrow file under `data/`
 * (not `data/external/`, which is imported, never committed) and every model weights file `data/models/*.bin`,
 * its sha256 and the command that regenerates
 * it. `writeArrowTable` updates the entry whenever it writes such a file (so the command that writes a file
 * records it), and `readArrowTable` checks it before decoding: a file changed by hand, by a bad merge or by
 * corruption is an error naming the file and the command to run.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { writeFileAtomic } from "./atomic-write.ts";
import { sha256Hex } from "./sha256.ts";
import { repoRoot } from "../paths.ts";

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
  const parts = rel.split(sep);
  // Committed data: Arrow files, and the study's model weights (data/models/*.bin).
  if (!rel.endsWith(".arrow") && !(parts.length === 2 && parts[0] === "models" && rel.endsWith(".bin"))) return null;
  return rel.split(sep).join("/");
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
