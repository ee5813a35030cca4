/**
 * For tests that need Debian packages (lib/system-packages.ts): called inside a `describe`, makes every test of
 * it fail with the one line naming the missing packages and the command that installs them. Never a silent
 * skip: `npm test`'s set-up (test/system-setup.ts) installs them where the machine allows it.
 */
import { beforeAll } from "vitest";
import { systemPackagesProblem } from "../lib/system-packages.ts";

export function requireSystemPackages(names: readonly string[]): void {
  const problem = systemPackagesProblem(names);
  beforeAll(() => {
    if (problem !== null) throw new Error(problem);
  });
}
