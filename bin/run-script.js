#!/usr/bin/env node
// @ts-check
/**
 * `node bin/run-script.js scripts/NAME.ts [ARGS]`: runs an npm script of the kit (package.json's `scripts` call
 * it so) from the compiled build (bin/cli-build.js), after checking that every source it was built from is
 * unchanged; when one changed, or there is no build yet, it builds first (about a second), so a stale build
 * never runs. The script sees the same `process.argv` as when Node runs `scripts/NAME.ts` itself, so it runs
 * exactly as through tsx, without tsx transpiling and resolving its modules at each start (about 0.3–0.6 s of
 * CPU per run). Where no build can be made it says so in one line and runs the TypeScript source through tsx,
 * as does `VITSPARSE_CLI_FROM_SOURCE=1`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchEntry, repoRoot, SCRIPTS_DIR } from "./cli-build.js";

const [script, ...args] = process.argv.slice(2);
const match = script === undefined ? null : new RegExp(`^(?:\\./)?${SCRIPTS_DIR}/([a-z0-9][a-z0-9-]*)\\.ts$`).exec(script);
if (match === null || !existsSync(join(repoRoot, SCRIPTS_DIR, `${match[1]}.ts`))) {
  process.stderr.write(`run-script: expected an npm script of this repository as scripts/NAME.ts, got ${script === undefined ? "nothing" : JSON.stringify(script)}\n`);
  process.exit(2);
}
const name = /** @type {string} */ (match[1]);
const source = join(repoRoot, SCRIPTS_DIR, `${name}.ts`);

const entry = process.env.VITSPARSE_CLI_FROM_SOURCE === "1" ? null : await launchEntry(name, `${name}: cannot compile the npm scripts`);
// What the script sees when Node runs it directly: itself as the entry point (it runs only then), its arguments.
process.argv = [/** @type {string} */ (process.argv[0]), source, ...args];
if (entry === null) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(entry).href);
}
