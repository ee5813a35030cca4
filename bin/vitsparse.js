#!/usr/bin/env node
// @ts-check
/**
 * The `vitsparse` command. Runs the compiled CLI (bin/cli-build.js: made at `npm ci`, kept in
 * node_modules/.cache/vitsparse-cli/) after checking that every source it was built from is unchanged; when one
 * changed, or there is no build yet, it builds first (about a second), so a stale build never runs. Where it
 * cannot build (esbuild missing, the folder not writable) it says so in one line and runs the TypeScript
 * sources through tsx, as does `VITSPARSE_CLI_FROM_SOURCE=1` (the slower path, for comparison and debugging).
 */
import { pathToFileURL } from "node:url";
import { launchEntry } from "./cli-build.js";

/** @typedef {(argv: string[]) => Promise<number>} Main */

/** @returns {Promise<Main>} the CLI's `main` from the TypeScript sources (tsx transpiles them at each start) */
async function mainFromSource() {
  const { register } = await import("tsx/esm/api");
  register();
  return /** @type {{ main: Main }} */ (await import("../lib/cli/main.ts")).main;
}

/** @returns {Promise<Main>} */
async function loadMain() {
  if (process.env.VITSPARSE_CLI_FROM_SOURCE === "1") return mainFromSource();
  const entry = await launchEntry(undefined, "vitsparse: cannot compile the command line");
  if (entry === null) return mainFromSource();
  return /** @type {{ main: Main }} */ (await import(pathToFileURL(entry).href)).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
