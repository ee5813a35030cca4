/** Helpers for the notebook runner tests: temporary copies of the fixture notebooks and a CLI runner. */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../lib/paths.ts";

/** Folder of the fixture notebooks (never executed in place). */
export const FIXTURES = join(repoRoot, "test", "fixtures", "notebooks");

/** Copies the named fixture notebooks into a fresh temporary folder and returns that folder. */
export function copyFixtures(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "vitsparse-nb-"));
  for (const name of names) copyFileSync(join(FIXTURES, `${name}.ipynb`), join(dir, `${name}.ipynb`));
  return dir;
}

/** Result of a CLI run. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx scripts/reproduce.ts ARGS` at the repository root (claims gathering off unless asked). */
export function runReproduce(args: string[]): CliRun {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/reproduce.ts", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 240_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
