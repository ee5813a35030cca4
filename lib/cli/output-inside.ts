/**
 * Exploratory outputs (`run --out`, `sweep --out`) stay out of the kit's tracked folders altogether: beside the
 * one output guard's check of the path itself (`lib/data/output-guard.ts`: owner, writability), no folder above
 * it inside the repository may hold tracked files, so `lib/x/`, `results/new/` or `experiments/out/` are refused
 * while `scratch/…`, a new top-level folder or any path outside the repository are fine.
 */
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.ts";
import { ownerOfRepoPath } from "../data/output-guard.ts";
import { repoRoot } from "../paths.ts";

/**
 * Throws when a folder between the repository root and `path` is owned (tracked files, results/, data/).
 * @param what the flag, e.g. `run: --out`
 * @param isFolder `path` is the output folder itself (checked too), not a file in one
 */
export function checkOutsideTrackedFolders(path: string, what: string, isFolder = false): void {
  const abs = resolve(path);
  let dir = isFolder ? abs : dirname(abs);
  while (true) {
    const rel = relative(repoRoot, dir);
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return;
    const owner = ownerOfRepoPath(rel.split(sep).join("/"));
    if (owner !== null) throw new UserError(`${what} ${path}: it lies inside ${rel.split(sep).join("/")}/, which ${owner.startsWith("npm run") ? `only \`${owner.replace(/ \(.*\)$/, "")}\` writes` : `is written by ${owner}`}; write to scratch/ or outside the repository instead`);
    dir = dirname(dir);
  }
}
