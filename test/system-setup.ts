/**
 * vitest's global set-up (vitest.config.ts), run once before any test file of `npm test` or `npx vitest run`:
 * the kit's install step for the Debian packages the tests need (lib/system-packages.ts). With everything there
 * it only checks files (milliseconds); a missing package is installed where the machine allows it, saying so,
 * and otherwise named in one line with the command that installs it — the tests that need it then fail with
 * that same line (test/system-requirements.ts).
 */
import { ensureSystemPackages, TEST_PACKAGES } from "../lib/system-packages.ts";

export default function setup(): void {
  const r = ensureSystemPackages(TEST_PACKAGES, (line) => process.stdout.write(`${line}\n`));
  if (r.line !== undefined) process.stdout.write(`${r.line}\n`);
}
