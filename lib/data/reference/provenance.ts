/**
 * Provenance of the Arrow files made from reference files: the source repository, commit, path, licence and
 * SHA-256 of the raw file, the command that made it, and what it holds.
 */
import type { DataKind, Provenance } from "../arrow-table.ts";
import { sourceLine, type ReferenceFile } from "./manifest.ts";

/** The command that writes every `data/external/*.arrow` file. */
export const IMPORT_GENERATOR = "npm run data:import";

/**
 * Builds the provenance of an imported table.
 * @param kind `reported` for others' published numbers re-encoded losslessly; `derived` for values the kit computed
 * @param extra further facts (shape, run chosen, ...); repository, commit, path and file are added here
 */
export function referenceProvenance(
  file: ReferenceFile,
  kind: DataKind,
  description: string,
  extra: Record<string, string> = {},
): Provenance {
  return {
    kind,
    source: sourceLine(file),
    license: file.license,
    sha256: file.sha256,
    generator: IMPORT_GENERATOR,
    description,
    extra: {
      ...extra,
      repository: `github.com/${file.repository}`,
      commit: file.commit,
      path: file.path,
      file: file.name,
    },
  };
}
