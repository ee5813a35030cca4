/**
 * Outputs of exploratory commands never land in tracked paths: only `npm run reproduce` (and each regeneration
 * command, for its own files) writes `results/`, `data/`, `notebooks/`, … . A path inside the repository is refused
 * when it, or a folder above it inside the repository, holds files git tracks (the repository root itself
 * included); untracked and ignored folders (`scratch/`, a new `my-runs/`) are fine, and so is anything outside
 * the repository. Without git, the top-level folders of the repository's fixed layout are refused instead.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.ts";
import { repoRoot } from "../paths.ts";

/** Folders of the fixed layout that hold tracked files (used when git cannot answer). */
const LAYOUT_FOLDERS = ["results", "data", "notebooks", "lib", "test", "scripts", "experiments", ".ci", "bin", "jupyter", "node_modules", ".git"];

/** Whether git tracks anything at `rel` (a file, or files under a folder) in the repository; undefined without git. */
function gitTracks(rel: string): boolean | undefined {
  const r = spawnSync("git", ["-C", repoRoot, "ls-files", "--", rel === "" ? "." : rel], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 || r.error) return undefined;
  return r.stdout.length > 0;
}

/**
 * Returns `path` (absolute) when writing there cannot touch a tracked file; throws otherwise.
 * @param what the flag, e.g. `run: --out` (starts the message)
 * @throws UserError `<what> <path>: inside the tracked folder <folder>/ …; write under scratch/ or outside the repository`
 */
export function checkOutsideTracked(path: string, what: string): string {
  const abs = resolve(path);
  const rel = relative(repoRoot, abs);
  if (rel.startsWith("..") || isAbsolute(rel)) return abs;
  const refuse = (folder: string): never => {
    throw new UserError(`${what} ${path}: ${folder === "" ? "the repository root" : `${folder}${sep}`} holds tracked files (only npm run reproduce writes there); expected a folder under scratch/ or outside the repository`);
  };
  if (rel === "") refuse("");
  const parts = rel.split(sep);
  if (!existsSync(join(repoRoot, ".git"))) {
    if (LAYOUT_FOLDERS.includes(parts[0]!)) refuse(parts[0]!);
    return abs;
  }
  // The path and every folder above it inside the repository (a new file in results/x/ is refused too).
  for (let i = parts.length; i >= 1; i--) {
    const sub = parts.slice(0, i).join(sep);
    const tracked = gitTracks(sub);
    if (tracked === undefined) {
      if (LAYOUT_FOLDERS.includes(parts[0]!)) refuse(parts[0]!);
      return abs;
    }
    if (tracked) refuse(sub);
  }
  return abs;
}
