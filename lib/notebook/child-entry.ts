/**
 * How the runner starts its child processes, a notebook worker (`./notebook-worker-process.ts`) and the cell
 * precompiler (`./precompile-process.ts`): from the same code the runner itself runs.
 *
 * - A runner from the compiled build (bin/cli-build.js; what `npm run reproduce` runs) forks the copies of its
 *   own build: bin/cli-build.js bundles both entries, with every module they import, as `workers/NAME.js`
 *   beside the scripts, and defines `VITSPARSE_WORKERS_DIR` in the bundle as that folder. A worker
 *   then needs tsx only for what its cells import: tslab compiles a cell to CommonJS, so its imports of
 *   `./lib/*.ts` go through Node's `require`, which tsx's CommonJS hook (`--require tsx/cjs`) handles. Without
 *   tsx's ESM loader, no module of the worker itself is resolved and loaded through that loader's thread
 *   (measured: about 0.24 CPU-s less per notebook process). The precompiler runs no cell and needs no loader.
 * - A runner from the TypeScript sources (through tsx: `VITSPARSE_CLI_FROM_SOURCE=1`, or imported by a test)
 *   forks the `.ts` entries with `node --import tsx`. So does a runner whose build folder is gone (builds
 *   superseded 10 minutes earlier are removed).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The build's folder of the workers (absolute path), defined by bin/cli-build.js in the bundle; not defined when the sources run. */
declare const VITSPARSE_WORKERS_DIR: string | undefined;

/** The runner's child processes, by the name of their entry (`./NAME.ts`, or `workers/NAME.js` in the build). */
export type ChildName = "notebook-worker-process" | "precompile-process";

/** Where a child process starts: its entry module and Node's options for it. */
export interface ChildEntry {
  modulePath: string;
  execArgv: string[];
}

/** Where the child process `name` starts (see the module's comment). */
export function childEntry(name: ChildName): ChildEntry {
  const built = typeof VITSPARSE_WORKERS_DIR === "string" ? join(VITSPARSE_WORKERS_DIR, `${name}.js`) : null;
  if (built !== null && existsSync(built)) {
    const execArgv = name === "notebook-worker-process" ? ["--require", createRequire(import.meta.url).resolve("tsx/cjs")] : [];
    return { modulePath: built, execArgv };
  }
  return { modulePath: fileURLToPath(new URL(`./${name}.ts`, import.meta.url)), execArgv: ["--import", "tsx"] };
}
