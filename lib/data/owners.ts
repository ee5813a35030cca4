/**
 * Who may write each tracked place of the repository: the one table the output guard
 * (`lib/data/output-guard.ts`) and the manifest (`lib/data/manifest.ts`) consult. A committed data file is
 * written only by its regeneration command, `results/` and the tracked notebooks only by a complete default
 * `npm run reproduce`; every other command writes to `scratch/` or outside the repository.
 */

/** The complete default run that alone writes `results/` and the tracked notebooks. */
export const REPRODUCE_OWNER = "npm run reproduce (a complete default run, no notebook named)";

/**
 * The command that regenerates each committed data file, by its path under `data/` (the manifest key). A
 * file's provenance `generator` (and so its manifest `command`) is this command, optionally followed by its
 * arguments (`npm run bench -- --rounds 31`).
 */
export const DATA_FILE_OWNERS: Readonly<Record<string, string>> = {
  "accuracy-geometry-cost.arrow": "npm run accuracy:geometry-cost",
  "accuracy-kernel-check.arrow": "npm run accuracy:kernel-check",
  "accuracy-kernel-check-poster-geometry.arrow": "npm run accuracy:kernel-check",
  "accuracy-predictions.arrow": "npm run experiment:accuracy",
  "accuracy-predictions-poster-geometry.arrow": "npm run experiment:accuracy",
  "accuracy-study-poster-geometry.arrow": "npm run experiment:accuracy",
  "attention-locality-poster-geometry.arrow": "npm run experiment:accuracy",
  "accuracy-reported.arrow": "npm run data:accuracy-reported",
  "accuracy-study.arrow": "npm run experiment:accuracy",
  "attention-locality.arrow": "npm run experiment:accuracy",
  "attention-maps-fashion-mnist.arrow": "npm run experiment:accuracy",
  "fig5-pruning-vs-accuracy.arrow": "npm run data:digitize:fig5",
  "fpga-resources-reported.arrow": "npm run data:fig12",
  "kernel-bench.arrow": "npm run bench",
  "latency-breakdown-cpu.arrow": "npm run measure:latency",
  "latency-breakdown-reported.arrow": "npm run data:digitize",
};

/** Folders under `data/` and who writes them (a prefix of the path relative to `data/`, ending in `/`). */
export const DATA_FOLDER_OWNERS: Readonly<Record<string, string>> = {
  "external/": "npm run data:import",
  "models/": "npm run experiment:accuracy",
  "digitized/": "nobody but a person (the hand-made readings npm run data:digitize reads)",
};

/** The manifest itself: each regeneration command records its own entry. */
export const MANIFEST_OWNER = "the data commands, each for its own entry (or npm run data:manifest -- --record)";

/** Whether `command` (a generator or manifest command, possibly with arguments) is `owner`'s command. */
export function isOwnerCommand(command: string, owner: string): boolean {
  return command === owner || command.startsWith(`${owner} `);
}

/**
 * The owner of a path given relative to `data/` (with `/`): a regeneration command, or a sentence saying
 * that no command writes there.
 */
export function dataPathOwner(relToData: string): string {
  const file = DATA_FILE_OWNERS[relToData];
  if (file !== undefined) return file;
  if (relToData === "manifest.json") return MANIFEST_OWNER;
  for (const [prefix, owner] of Object.entries(DATA_FOLDER_OWNERS)) {
    if (relToData === prefix.slice(0, -1) || relToData.startsWith(prefix)) return owner;
  }
  return "no command (data/ holds only the committed data files listed in data/manifest.json and the folders external/, models/, digitized/)";
}
