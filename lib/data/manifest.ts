/**
 * The manifest of committed data: `data/manifest.json` records, for every committed data file under `data/`
 * (not `data/external/`, which is imported, never committed) — the Arrow tables, the model weights
 * `data/models/*.bin` and the readings `data/digitized/*.json` — its sha256 and the command that regenerates
 * it. Only that command records the entry (`owners.ts` names it; `writeArrowTable` checks before writing,
 * the study output's weights copy records its own), and the readers (`readArrowTable`, `readWeights`, the
 * readings' readers) check it before decoding: a file changed by hand, by a bad merge or by corruption is an
 * error naming the file and the command to run. A manifest that is not valid JSON, not a regular file, too
 * large or of the wrong shape is one line naming it, never a parser's stack trace.
 */
import { join, relative, sep } from "node:path";
import { writeFileAtomic } from "./atomic-write.ts";
import { readRegularFile } from "./read-file.ts";
import { sha256Hex } from "./sha256.ts";
import { DATA_FILE_OWNERS, isOwnerCommand } from "./owners.ts";
import { UserError } from "../errors.ts";
import { repoRoot } from "../paths.ts";

/** One manifest entry. */
export interface ManifestEntry {
  sha256: string;
  /** The command that writes the file, e.g. `npm run data:digitize:fig5`. */
  command: string;
}

/** Largest manifest the reader accepts (the committed one is 2 KB). */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

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

const RESTORE = "restore it with git checkout -- data/manifest.json";

/**
 * Reads the manifest (empty when the file does not exist).
 * @throws UserError of one line naming data/manifest.json when it is not a regular file, larger than
 *   {@link MAX_MANIFEST_BYTES}, not valid JSON or not `{ "files": { KEY: { sha256, command } } }`
 */
export function readManifest(root = repoRoot): Record<string, ManifestEntry> {
  const path = manifestPath(root);
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, "", MAX_MANIFEST_BYTES);
  } catch (err) {
    if (err instanceof UserError && err.message.endsWith(": no such file")) return {};
    if (err instanceof UserError) throw new UserError(`${err.message.split(path).join("data/manifest.json").trim()}; ${RESTORE}`);
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (err) {
    throw new UserError(`data/manifest.json is not valid JSON (${(err as Error).message}); ${RESTORE}`);
  }
  const files = (parsed as { files?: unknown } | null)?.files;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || typeof files !== "object" || files === null || Array.isArray(files)) {
    throw new UserError(`data/manifest.json: expected an object with a "files" object; ${RESTORE}`);
  }
  const out: Record<string, ManifestEntry> = {};
  for (const [key, entry] of Object.entries(files as Record<string, unknown>)) {
    const e = entry as Partial<ManifestEntry> | null;
    if (typeof e !== "object" || e === null || typeof e.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(e.sha256) || typeof e.command !== "string" || e.command === "") {
      throw new UserError(`data/manifest.json: the entry of "${key}" is not { "sha256": 64 hex digits, "command": text }; ${RESTORE}`);
    }
    out[key] = { sha256: e.sha256, command: e.command };
  }
  return out;
}

/**
 * Why `command` may not record `path` in the manifest, or null when it may (a path that is not committed
 * data needs no record). Only the file's owner (`owners.ts`) records it.
 */
export function recordProblem(path: string, command: string, root = repoRoot): string | null {
  const key = manifestKey(path, root);
  if (key === null) return null;
  const owner = DATA_FILE_OWNERS[key] ?? (key.endsWith(".arrow") ? undefined : defaultCommand(key) ?? undefined);
  if (owner === undefined) return `data/${key} is not a committed data file (lib/data/owners.ts lists them); no command records it in data/manifest.json`;
  if (!isOwnerCommand(command, owner)) return `data/${key} is regenerated only by \`${owner}\`, not by \`${command}\`; its data/manifest.json entry was left as it was`;
  return null;
}

/**
 * Records `bytes` as the content of `path` (no-op for files that are not committed data).
 * @throws UserError when `command` does not own the file (see {@link recordProblem})
 */
export function recordDataFile(path: string, bytes: Uint8Array, command: string, root = repoRoot): void {
  const key = manifestKey(path, root);
  if (key === null) return;
  const problem = recordProblem(path, command, root);
  if (problem !== null) throw new UserError(problem);
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
  let manifest: Record<string, ManifestEntry>;
  try {
    manifest = readManifest(root);
  } catch (err) {
    if (err instanceof UserError) return err.message;
    throw err;
  }
  const entry = manifest[key];
  const shown = `data/${key}`;
  if (entry === undefined) return `${shown} is not recorded in data/manifest.json; regenerate it with the command that writes it (which records it) or record it with npm run data:manifest -- --record ${shown}`;
  const found = sha256Hex(bytes);
  if (found === entry.sha256) return null;
  return `${shown}: sha256 ${found.slice(0, 12)}… does not match data/manifest.json (${entry.sha256.slice(0, 12)}…): the file was changed or corrupted; regenerate it with \`${entry.command}\`, restore it with git checkout -- ${shown}, or, if this content is the intended new version, record it with npm run data:manifest -- --record ${shown}`;
}
