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

/** True for MIME types whose content is text that {@link portablePaths} may rewrite. */
export function isTextMime(mime: string): boolean {
  return mime.startsWith("text/") || mime === "image/svg+xml";
}

/** A copy of a MIME bundle with keys sorted and paths in its text entries made repository-relative. */
export function portableBundle(bundle: Readonly<Record<string, string>>, root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(bundle).sort()) {
    const value = bundle[key]!;
    out[key] = isTextMime(key) && typeof value === "string" ? portablePaths(value, root) : value;
  }
  return out;
}
