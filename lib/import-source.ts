/**
 * Imports a TypeScript module named at run time (a path under a repository root only known then), whether
 * this process runs the kit's sources through tsx or its compiled build (bin/cli-build.js), which has no
 * TypeScript loader: there, Node refuses the `.ts` extension and the module is loaded with tsx's `tsImport`
 * (its own loader for that import and what it imports, leaving the rest of the process as it is).
 */
import { pathToFileURL } from "node:url";

/** Imports the TypeScript file at the absolute path `path` and returns its module namespace. */
export async function importTypeScript(path: string): Promise<unknown> {
  const url = pathToFileURL(path).href;
  try {
    return await import(url);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw err;
    const { tsImport } = await import("tsx/esm/api");
    return await tsImport(url, import.meta.url);
  }
}
