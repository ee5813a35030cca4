/**
 * vitest's global set-up (vitest.config.ts), run once before any test file of `npm test` or `npx vitest run`:
 * the kit's install step for the Debian packages the tests need (lib/system-packages.ts). With everything there
 * it only checks files (milliseconds); a missing package is installed where the machine allows it, saying so,
 * and otherwise named in one line with the command that installs it — the tests that need it then fail with
 * that same line (test/system-requirements.ts). It also brings the compiled `vitsparse` command up to date,
 * gives the run its own temporary folder (see {@link useRunTempDir}) and starts compiling the cells of the fixture
 * notebooks and of the runs in ./warmed-runs.ts into the cell cache in the background (./cell-cache-warm-up.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureSystemPackages, TEST_PACKAGES } from "../lib/system-packages.ts";
import { buildCli, freshBuild } from "../bin/cli-build.js";
import { fixtureJobs, startCellCacheWarmUp, warmedRunJobs } from "./cell-cache-warm-up.ts";

/** The prefix of a test run's temporary folder in the system's temporary folder. */
export const RUN_TEMP_PREFIX = "vitsparse-test-run";
/** Names the test run's temporary folder while it is TMPDIR. */
const RUN_TEMP_ENV = "VITSPARSE_TEST_RUN_TMPDIR";

/**
 * Whether this run's set-up has already run: vitest calls the global set-up once per project, in this one
 * process, and a vitest that a test starts inherits the run's temporary folder. Either way the first set-up of
 * the run did the work (packages, build, folder, warm-up), and the folder is removed only by the one that made it.
 */
function runSetUpDone(): boolean {
  return process.env[RUN_TEMP_ENV] !== undefined && process.env[RUN_TEMP_ENV] === process.env.TMPDIR;
}

/**
 * Points TMPDIR (and TMP, TEMP) of this process — and so of every test process and everything they start — at
 * a new folder in the system's temporary folder, and returns the function that removes it after the run. The
 * tests' fixtures (`mkdtempSync(join(tmpdir(), …))`: throw-away repositories, bad input files), Chromium's,
 * Jupyter's and Python's temporary files all land there, so a run leaves nothing behind (before, each run
 * left about 80 folders in /tmp). The folder is outside the repository on purpose: the tests use it as a
 * place that is not the checkout (paths printed absolute, a repository of its own, git status of the kit
 * unchanged). The kit's own temporary files go to scratch/ (test/scratch-discipline.test.ts).
 */
function useRunTempDir(): () => void {
  const dir = mkdtempSync(join(tmpdir(), `${RUN_TEMP_PREFIX}-`));
  process.env[RUN_TEMP_ENV] = dir;
  const before = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  for (const key of ["TMPDIR", "TMP", "TEMP"] as const) process.env[key] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[RUN_TEMP_ENV];
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

export default async function setup(): Promise<() => void> {
  if (runSetUpDone()) return () => {};
  // Once per run, so a missing package is named in one line (not once per project).
  const r = ensureSystemPackages(TEST_PACKAGES, (line) => process.stdout.write(`${line}\n`));
  if (r.line !== undefined) process.stdout.write(`${r.line}\n`);
  // The compiled CLI, once, before test files spawn it in parallel (the launcher would otherwise rebuild a stale
  // one in each of them).
  if (freshBuild() === null) await buildCli();
  const removeRunTempDir = useRunTempDir();
  // The notebooks of the warmed runs that are not files of their own go in the run's folder.
  const warmUp = startCellCacheWarmUp([...fixtureJobs(), ...warmedRunJobs(mkdtempSync(join(tmpdir(), "warm-up-")))]);
  return () => {
    warmUp.stop();
    removeRunTempDir();
  };
}
