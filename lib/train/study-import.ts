/**
 * Resuming the study across machines: the committed study (data/accuracy-study.arrow + data/models/*.bin) is
 * adopted into a fresh study folder before training, so only the runs that are not committed yet are trained.
 * Each run is deterministic per seed, so adopting a committed run equals retraining it (the engine checks
 * that the weights' model configuration is the one the plan builds).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { DataFileError } from "../data/arrow-table.ts";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { readStudy, type StudyRow } from "../data/files/accuracy-study.ts";
import { dataPath } from "../paths.ts";
import { studyFiles, type StudyFiles } from "./studies.ts";

/** The engine's per-epoch record rebuilt from a committed row (accuracy as a fraction, as the engine writes it). */
export function recordFromRow(row: StudyRow, previousWallSeconds: number): Record<string, unknown> {
  const correct = Math.round(row.testAccuracy * 100);
  const fraction = correct / 10_000;
  if (100 * fraction !== row.testAccuracy) {
    throw new UserError(`${row.run} epoch ${row.epoch}: test accuracy ${row.testAccuracy} % is not a whole number of the 10,000 test images`);
  }
  return {
    phase: row.phase, variant: row.variant, seed: row.seed, epoch: row.epoch, testAccuracy: fraction,
    testLoss: row.testLoss, trainLoss: row.trainLoss, imagesSeen: row.imagesSeen, trainSeconds: row.trainSeconds,
    epochSeconds: row.wallSeconds - previousWallSeconds, final: row.final, wallSeconds: row.wallSeconds,
    torch: row.torch, threads: row.threads,
  };
}

/** Committed runs (final row present and weights file committed), with their records in epoch order. */
export function committedRuns(dataDir = dataPath(), log: (l: string) => void = () => {}, files: StudyFiles = studyFiles("")): Map<string, { weights: string; records: Record<string, unknown>[] }> {
  const out = new Map<string, { weights: string; records: Record<string, unknown>[] }>();
  const file = join(dataDir, files.study);
  if (!existsSync(file)) return out;
  let rows: StudyRow[];
  try {
    rows = readStudy(file).rows;
  } catch (e) {
    // A file written before the per-run columns (run, pretrainSeed, torch, threads) existed cannot say which
    // weights belong to which row: nothing is adopted, and every run trains (each is deterministic per seed).
    if (e instanceof DataFileError && /found no such column/.test(e.message)) {
      log(`${file} predates the per-run columns (${e.message.split(": ").slice(-2).join(": ")}): no committed run adopted`);
      return out;
    }
    throw e;
  }
  for (const run of new Set(rows.map((r) => r.run))) {
    const mine = rows.filter((r) => r.run === run).sort((a, b) => a.epoch - b.epoch);
    const weights = join(dataDir, "models", files.model(run));
    if (!mine.at(-1)?.final || !existsSync(weights)) continue;
    let prev = 0;
    const records = mine.map((r) => {
      const rec = recordFromRow(r, prev);
      prev = r.wallSeconds;
      return rec;
    });
    out.set(run, { weights, records });
  }
  return out;
}

/**
 * Writes, for each committed run not finished in `studyDir`, its records to `<studyDir>/import/<run>.json` and
 * returns the engine arguments that adopt it (`import-run`), in the committed file's order.
 */
export function importCommands(studyDir: string, planRunNames: readonly string[], plan?: string, dataDir = dataPath(), log: (l: string) => void = () => {}, files: StudyFiles = studyFiles("")): string[][] {
  const committed = committedRuns(dataDir, log, files);
  const cmds: string[][] = [];
  for (const name of planRunNames) {
    const c = committed.get(name);
    if (!c || existsSync(join(studyDir, "runs", name, "final.pt"))) continue;
    mkdirSync(join(studyDir, "import"), { recursive: true });
    const recordsFile = join(studyDir, "import", `${name}.json`);
    writeFileAtomic(recordsFile, JSON.stringify(c.records));
    cmds.push(["import-run", "--out", studyDir, "--name", name, "--weights", c.weights, "--records", recordsFile, ...(plan ? ["--plan", plan] : [])]);
  }
  return cmds;
}
