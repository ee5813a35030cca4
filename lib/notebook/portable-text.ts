/**
 * Makes captured notebook output independent of where the repository is checked out: absolute paths
 * (and `file://` URLs) under the repository root are rewritten relative to it.
 */
import { pathToFileURL } from "node:url";

/** Rewrites `root/...` and `file://root/...` in `text` to repository-relative paths (`root` alone → `.`). */
export function portablePaths(text: string, root: string): string {
  const dir = root.replace(/\/+$/, "");
  if (dir === "") return text;
  const url = pathToFileURL(dir).href;
  return text.split(url + "/").join("").split(url).join(".").split(dir + "/").join("").split(dir).join(".");
}
