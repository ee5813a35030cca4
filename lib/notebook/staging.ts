/**
 * Staging for `npm run reproduce`: notebooks of a default run write their executed copy and their results
 * into a private folder under `scratch/` (git-ignored); only when the run has finished are the outputs of the
 * notebooks that succeeded, and the regathered claims ledger, moved over the committed files. The move is a
 * short list of renames recorded first in a journal (`COMMIT.json`), so it is all-or-nothing in effect: a
 * run killed before the journal is written changed nothing; one killed during the renames (milliseconds) is
 * completed by the next run, which also removes the folders that killed runs left behind.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { SCRATCH_DIR } from "../paths.ts";

/** Git-ignored folder (under the repository root) for everything that must not become a committed file (lib/paths.ts). */
export { SCRATCH_DIR };

/** Absolute path under `root/scratch/`. */
export function scratchPath(root: string, ...parts: string[]): string {
  return join(root, SCRATCH_DIR, ...parts);
}

/** A staging folder of one run. */
export interface Stage {
  dir: string;
  /** Results root the notebooks of the run write into (`VITSPARSE_RESULTS_DIR`). */
  results: string;
  /** Where the executed notebooks go. */
  notebooks: string;
}

/** One rename of the commit: `from` (in the stage) replaces `to` (a committed file or folder). */
export interface Move {
  from: string;
  to: string;
}

const STAGE_PREFIX = ".stage-";
const JOURNAL = "COMMIT.json";

/** Creates a fresh staging folder for this process under `root/scratch/`. */
export function createStage(root: string): Stage {
  const dir = scratchPath(root, `${STAGE_PREFIX}${process.pid}-${Date.now().toString(36)}`);
  const stage = { dir, results: join(dir, "results"), notebooks: join(dir, "notebooks") };
  mkdirSync(stage.results, { recursive: true });
  mkdirSync(stage.notebooks, { recursive: true });
  return stage;
}

/** Removes a staging folder (never throws). */
export function removeStage(stage: Pick<Stage, "dir">): void {
  rmSync(stage.dir, { recursive: true, force: true });
}

/**
 * Moves the staged outputs over the committed ones: writes the journal, applies it, removes the stage.
 * Folders are replaced whole (the old one is moved aside first), files by one atomic rename.
 */
export function commitStage(stage: Stage, moves: readonly Move[]): void {
  writeFileAtomic(join(stage.dir, JOURNAL), JSON.stringify({ moves }, null, 1) + "\n");
  applyJournal(stage.dir, moves);
  removeStage(stage);
}

/** Applies the moves; idempotent, so an interrupted commit can be completed by running it again. */
function applyJournal(dir: string, moves: readonly Move[]): void {
  for (const [i, { from, to }] of moves.entries()) {
    if (!existsSync(from)) continue; // already moved
    mkdirSync(dirname(to), { recursive: true });
    if (statSync(from).isDirectory() && existsSync(to)) {
      const aside = join(dir, "replaced", String(i));
      rmSync(aside, { recursive: true, force: true });
      mkdirSync(dirname(aside), { recursive: true });
      renameSync(to, aside);
    }
    renameSync(from, to);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Cleans up after runs that were killed: a stage whose process is gone is completed when its journal was
 * written (the run had finished) and removed otherwise. Returns one line per stage handled.
 */
export function recoverStages(root: string): string[] {
  const dir = scratchPath(root);
  if (!existsSync(dir)) return [];
  const lines: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = new RegExp(`^${STAGE_PREFIX.replace(".", "\\.")}(\\d+)-`).exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const stageDir = join(dir, name);
    const journal = join(stageDir, JOURNAL);
    if (existsSync(journal)) {
      try {
        const { moves } = JSON.parse(readFileSync(journal, "utf8")) as { moves: Move[] };
        applyJournal(stageDir, moves);
        lines.push(`completed the commit of an interrupted run (${name})`);
      } catch (err) {
        lines.push(`could not complete the commit of ${name}: ${(err as Error).message}`);
        continue;
      }
    } else {
      lines.push(`removed the staging folder of an interrupted run (${name}); committed files were not touched`);
    }
    rmSync(stageDir, { recursive: true, force: true });
  }
  return lines;
}
