/**
 * Which notebooks a default `npm run reproduce` runs: the `notebooks/*.ipynb` files that git tracks. A
 * notebook made with Jupyter's New (`notebooks/Untitled.ipynb`), anything under `.ipynb_checkpoints/` and any
 * other untracked file is not run by default and never writes committed results. Outside a git work tree
 * (a downloaded archive), the kit's numbered notebooks `NN-name.ipynb` are the list.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { join, relative } from "node:path";

/** The kit's notebook naming pattern, used when git cannot say which notebooks are tracked. */
export const NUMBERED_NOTEBOOK = /^\d\d-[A-Za-z0-9._-]+\.ipynb$/;

/** The committed notebooks and how they were found. */
export interface CommittedNotebooks {
  /** Absolute paths, in name order. */
  paths: string[];
  /** `git`: tracked by git; `pattern`: no git work tree, the numbered notebooks. */
  source: "git" | "pattern";
}

/** The committed notebooks of `root` (see the module comment). */
export function committedNotebooks(root: string): CommittedNotebooks {
  const dir = join(root, "notebooks");
  const git = spawnSync("git", ["-C", root, "ls-files", "-z", "--", "notebooks"], { encoding: "utf8" });
  if (git.status === 0 && git.error === undefined && isWorkTreeRoot(root)) {
    const paths = git.stdout
      .split("\0")
      .filter((p) => /^notebooks\/[^/]+\.ipynb$/.test(p))
      .map((p) => join(root, p))
      .filter((p) => existsSync(p))
      .sort();
    return { paths, source: "git" };
  }
  const paths = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => NUMBERED_NOTEBOOK.test(f))
        .sort()
        .map((f) => join(dir, f))
    : [];
  return { paths, source: "pattern" };
}

/** Whether `root` is the top of a git work tree (not a folder inside some other repository). */
function isWorkTreeRoot(root: string): boolean {
  const top = spawnSync("git", ["-C", root, "rev-parse", "--show-toplevel"], { encoding: "utf8" });
  if (top.status !== 0) return false;
  return relative(realpathSync(top.stdout.trim()), realpathSync(root)) === "";
}
