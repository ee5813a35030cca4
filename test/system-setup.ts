/**
 * vitest's global set-up (vitest.config.ts), run once before any test file of `npm test` or `npx vitest run`:
 * the kit's install step for the Debian packages the tests need (lib/system-packages.ts). With everything there
 * it only checks files (milliseconds); a missing package is installed where the machine allows it, saying so,
 * and otherwise named in one line with the command that installs it — the tests that need it then fail with
 * that same line (test/system-requirements.ts). It also brings the compiled `vitsparse` command up to date.
 */
import { ensureSystemPackages, TEST_PACKAGES } from "../lib/system-packages.ts";
import { buildCli, freshBuild } from "../bin/cli-build.js";

export default async function setup(): Promise<void> {
  const r = ensureSystemPackages(TEST_PACKAGES, (line) => process.stdout.write(`${line}\n`));
  if (r.line !== undefined) process.stdout.write(`${r.line}\n`);
  // The compiled CLI, once, before test files spawn it in parallel (the launcher would otherwise rebuild a stale
  // one in each of them).
  if (freshBuild() === null) await buildCli();
}
