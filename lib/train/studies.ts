/**
 * The accuracy studies the kit commits, as data: each names its plan, its checkpoint folder and the data files
 * it writes. `main` is the 7×7 + CLS study (the engine's default plan); `poster-geometry` a reduced study at
 * the poster's 14×14 + CLS geometry. `npm run experiment:accuracy -- --study NAME` trains and writes one.
 */

/** One committed study. */
export interface StudyDef {
  /** Plan file relative to the repository root, or null for the engine's default plan. */
  plan: string | null;
  /** Default checkpoint folder (git-ignored). */
  checkpointDir: string;
  /** Suffix of its data files: accuracy-study<suffix>.arrow, ... and models/vit-fashion-mnist<suffix>-<run>.bin. */
  suffix: string;
  /** Whether it writes the per-image attention maps of its first pretrained model (a large file: main only). */
  maps: boolean;
  /** One line for --help. */
  description: string;
}

/** The registry of committed studies. */
export const STUDIES: Readonly<Record<string, StudyDef>> = {
  main: {
    plan: null,
    checkpointDir: "scratch/accuracy-study",
    suffix: "",
    maps: true,
    description: "7x7 + CLS on all 60,000 images: 3 pretraining seeds, fine-tune variants and controls, equal-budget scratch pairs",
  },
  "poster-geometry": {
    plan: "lib/train/plans/poster-geometry.json",
    checkpointDir: "scratch/accuracy-study-poster-geometry",
    suffix: "-poster-geometry",
    maps: false,
    description: "the poster's 14x14 + CLS (2x2 patches) on a 20,000-image subset: one pretraining, full / windowed-lower / random-lower fine-tunes",
  },
};

/** The command that regenerates a study's data files (the provenance generator and manifest command). */
export function studyGenerator(name: string): string {
  return name === "main" ? "npm run experiment:accuracy" : `npm run experiment:accuracy -- --study ${name}`;
}

/** The kernel-check file of a study, relative to the data folder (`accuracy-kernel-check<suffix>.arrow`). */
export function kernelCheckFileName(suffix: string): string {
  return `accuracy-kernel-check${suffix}.arrow`;
}

/** The command that regenerates a study's kernel-check file (with `--images` when not all 10,000 test images). */
export function kernelCheckGenerator(name: string, images = 10_000): string {
  const args = [...(name === "main" ? [] : ["--study", name]), ...(images === 10_000 ? [] : ["--images", String(images)])];
  return args.length === 0 ? "npm run accuracy:kernel-check" : `npm run accuracy:kernel-check -- ${args.join(" ")}`;
}

/** The data files a study writes, relative to the data folder. */
export interface StudyFiles {
  study: string;
  locality: string;
  predictions: string;
  /** Null when the study writes no maps. */
  maps: string | null;
  /** Model file name of a run. */
  model: (run: string) => string;
}

/** The data files of a study with this suffix (see {@link StudyDef.suffix}). */
export function studyFiles(suffix: string, maps = suffix === ""): StudyFiles {
  return {
    study: `accuracy-study${suffix}.arrow`,
    locality: `attention-locality${suffix}.arrow`,
    predictions: `accuracy-predictions${suffix}.arrow`,
    maps: maps ? "attention-maps-fashion-mnist.arrow" : null,
    model: (run) => `vit-fashion-mnist${suffix}-${run}.bin`,
  };
}
