/**
 * Finds the raw reference files: the folder named by `VITSPARSE_REFERENCE_DIR`, else
 * `<repoRoot>/../shared/reference`, else a download from the public repositories at the pinned commits.
 * Every file's SHA-256 is verified before anything is returned; progress goes to the `log` callback
 * (stderr by default), which says which folder was used, that files were downloaded, or that nothing was
 * reachable.
 */
import { existsSync, lstatSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../../errors.ts";
import { repoRoot as defaultRepoRoot } from "../../paths.ts";
import { readRegularFile } from "../read-file.ts";
import { verifySha256 } from "../sha256.ts";
import { downloadReferenceFile, DownloadError, type FetchLike } from "./download.ts";
import { REFERENCE_FILES, rawUrl, type ReferenceFile } from "./manifest.ts";

/** Name of the environment variable that points at a local reference folder. */
export const REFERENCE_DIR_ENV = "VITSPARSE_REFERENCE_DIR";

/** Verified reference file contents and where they came from. */
export interface LoadedReference {
  /** File bytes by manifest name; every one matched its pinned SHA-256. */
  files: Map<string, Uint8Array>;
  /** `directory` (a local folder) or `download` (fetched from the repositories). */
  origin: "directory" | "download";
  /** The folder used, for `origin === "directory"`. */
  dir?: string;
}

/** Options of {@link loadReferenceFiles}; all optional. */
export interface LocateOptions {
  /** Files to load (default: the whole manifest). */
  files?: readonly ReferenceFile[];
  /** Environment to read `VITSPARSE_REFERENCE_DIR` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Repository root; the default folder is `<repoRoot>/../shared/reference`. */
  repoRoot?: string;
  /** Whether to try downloading when no folder has the files (default true). */
  download?: boolean;
  /** Per-file download timeout in ms (default 60 s). */
  timeoutMs?: number;
  /** Injected fetch (tests). */
  fetchImpl?: FetchLike;
  /** Progress sink (default: a line on stderr). */
  log?: (line: string) => void;
}

/**
 * The local folder the reference files are read from: `VITSPARSE_REFERENCE_DIR` when set, else
 * `<repoRoot>/../shared/reference` (whether or not it exists).
 */
export function localReferenceDir(env: Record<string, string | undefined> = process.env, root: string = defaultRepoRoot): string {
  const envDir = env[REFERENCE_DIR_ENV];
  return envDir !== undefined && envDir !== "" ? resolve(envDir) : resolve(root, "..", "shared", "reference");
}

/** Where a file sits inside a reference folder: `<dir>/<folder>/<name>` or, flat, `<dir>/<name>`. */
export function findInDirectory(dir: string, file: ReferenceFile): string | undefined {
  for (const candidate of [join(dir, file.folder, file.name), join(dir, file.name)]) {
    if (existsSync(candidate) || isSymlink(candidate)) return candidate;
  }
  return undefined;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every problem of a reference run, one line per bad file (missing, not a regular file, larger than the
 * pinned version, wrong SHA-256); thrown after all files were checked, so one run reports them all.
 */
export class ReferenceFilesError extends UserError {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ReferenceFilesError";
  }
}

/**
 * Reads and verifies each file from `dir`: a regular file (a directory, FIFO, device or a symlink to one is
 * refused unread), at most its pinned size (read no further), with its pinned SHA-256.
 * @throws ReferenceFilesError listing every bad file
 */
function readVerified(dir: string, files: readonly ReferenceFile[], missingPrefix?: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const problems: string[] = [];
  for (const f of files) {
    const path = findInDirectory(dir, f);
    if (path === undefined) {
      problems.push(`${missingPrefix ?? dir}: the folder lacks ${f.folder}/${f.name} (expected at <dir>/<folder>/<name> or <dir>/<name>)`);
      continue;
    }
    try {
      const bytes = readRegularFile(path, "reference file", f.bytes);
      verifySha256(bytes, f.sha256, path);
      out.set(f.name, bytes);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length > 0) throw new ReferenceFilesError(problems);
  return out;
}

/**
 * Loads and verifies the reference files.
 * @returns the verified bytes, or `null` when no folder holds them and the download failed (offline).
 * @throws ReferenceFilesError (nothing is returned, so nothing gets written) listing every file of the folder
 *   that is missing, not a regular file, larger than pinned or has another hash; UserError when
 *   `VITSPARSE_REFERENCE_DIR` names a missing folder; Sha256MismatchError for a downloaded file with another hash.
 */
export async function loadReferenceFiles(options: LocateOptions = {}): Promise<LoadedReference | null> {
  const files = options.files ?? REFERENCE_FILES;
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = options.repoRoot ?? defaultRepoRoot;

  const envDir = env[REFERENCE_DIR_ENV];
  if (envDir !== undefined && envDir !== "") {
    const dir = resolve(envDir);
    if (!isDirectory(dir)) {
      throw new UserError(`${REFERENCE_DIR_ENV}=${envDir}: no such folder (expected a folder holding the reference files, e.g. a copy of ../shared/reference)`);
    }
    log(`reference data: using ${dir} (from ${REFERENCE_DIR_ENV}), verifying sha256 of ${files.length} files`);
    return { files: readVerified(dir, files, `${REFERENCE_DIR_ENV}=${envDir}`), origin: "directory", dir };
  }

  const sharedDir = localReferenceDir({}, root);
  let why: string;
  if (isDirectory(sharedDir)) {
    const missing = files.filter((f) => findInDirectory(sharedDir, f) === undefined);
    if (missing.length === 0) {
      log(`reference data: using ${sharedDir}, verifying sha256 of ${files.length} files`);
      return { files: readVerified(sharedDir, files), origin: "directory", dir: sharedDir };
    }
    why = `${sharedDir} lacks ${missing.map((f) => f.name).join(", ")}`;
  } else {
    why = `${sharedDir} does not exist`;
  }

  if (options.download === false) {
    log(`reference data: unavailable (${REFERENCE_DIR_ENV} is unset and ${why}; download disabled)`);
    return null;
  }
  log(`reference data: ${REFERENCE_DIR_ENV} is unset and ${why}; downloading ${files.length} files from the pinned commits`);
  const out = new Map<string, Uint8Array>();
  for (const [i, f] of files.entries()) {
    let bytes: Uint8Array;
    try {
      bytes = await downloadReferenceFile(f, options.timeoutMs, options.fetchImpl);
    } catch (err) {
      if (!(err instanceof DownloadError)) throw err;
      log(`reference data: unavailable (no local folder: ${REFERENCE_DIR_ENV} is unset and ${why}; download failed: ${err.message}); set ${REFERENCE_DIR_ENV} to a folder holding the files`);
      return null;
    }
    verifySha256(bytes, f.sha256, rawUrl(f));
    log(`reference data: downloaded ${i + 1}/${files.length} ${f.name} (${bytes.length} bytes, sha256 ok)`);
    out.set(f.name, bytes);
  }
  return { files: out, origin: "download" };
}
