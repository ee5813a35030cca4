/**
 * Atomic file writes: the content goes to a temporary file in the same folder, which is then renamed
 * over the target, so a reader (or a crash) never sees a half-written file. A failure of the filesystem
 * (no space, read-only, no permission) is an {@link IoError} of one line naming the target.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { ioError } from "../errors.ts";
import { repoRoot } from "../paths.ts";

/** `path` for messages: relative to the repository root when inside it. */
function shown(path: string): string {
  const rel = relative(repoRoot, path);
  return rel === "" || rel.startsWith("..") ? path : rel;
}

/** Writes `content` to `path` atomically, creating the parent folder when needed. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw ioError(err, "create the folder of", shown(path));
  }
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw ioError(err, "write", shown(path));
  }
}
