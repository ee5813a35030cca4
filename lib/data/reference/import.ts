/**
 * The reference import: find and verify the raw reference files (see `locate.ts`), convert each to an Arrow
 * table in memory, and only then write the tables under `data/external/`, each atomically. A hash mismatch
 * or a conversion error therefore leaves every output untouched. Files whose bytes would not change are not
 * rewritten, and the encoding is deterministic, so a rerun gives byte-identical files.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeArrowTable } from "../arrow-table.ts";
import { writeFileAtomic } from "../atomic-write.ts";
import { externalDataPath } from "../../paths.ts";
import { loadReferenceFiles, type LocateOptions } from "./locate.ts";
import { REFERENCE_FILES } from "./manifest.ts";
import { REFERENCE_OUTPUTS } from "./outputs.ts";

/** Options of {@link importReferenceData}: where to look (see {@link LocateOptions}) and where to write. */
export interface ImportOptions extends LocateOptions {
  /** Output folder (default `data/external/`). */
  outDir?: string;
}

/** One written (or already up-to-date) output. */
export interface ImportedOutput {
  file: string;
  path: string;
  source: string;
  rows: number;
  bytes: number;
  /** False when the file already held exactly these bytes (not rewritten). */
  changed: boolean;
}

/** What an import did. */
export interface ImportSummary {
  origin: "directory" | "download";
  dir?: string;
  /** Raw files whose SHA-256 was verified. */
  verified: string[];
  outputs: ImportedOutput[];
}

/** Paths of all import outputs in `outDir` (default `data/external/`). */
export function referenceOutputPaths(outDir?: string): string[] {
  return REFERENCE_OUTPUTS.map((o) => (outDir ? join(outDir, o.file) : externalDataPath(o.file)));
}

/**
 * Runs the import.
 * @returns what was done, or `null` when no reference data is reachable (nothing written)
 * @throws ReferenceFilesError listing every raw file of the folder that is missing, not a regular file, too
 *   large or differs from its pinned hash (nothing written); Sha256MismatchError for such a downloaded file;
 *   UserError when a raw file is malformed or `VITSPARSE_REFERENCE_DIR` is wrong
 */
export async function importReferenceData(options: ImportOptions = {}): Promise<ImportSummary | null> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const loaded = await loadReferenceFiles({ ...options, files: REFERENCE_FILES, log });
  if (!loaded) return null;

  const staged: { out: (typeof REFERENCE_OUTPUTS)[number]; path: string; bytes: Uint8Array; rows: number }[] = [];
  for (const [i, out] of REFERENCE_OUTPUTS.entries()) {
    const raw = loaded.files.get(out.source.name)!;
    const table = out.convert(raw, out.source);
    const path = options.outDir ? join(options.outDir, out.file) : externalDataPath(out.file);
    const bytes = encodeArrowTable(out.schema, table, out.file);
    const rows = Object.values(table.columns)[0]?.length ?? 0;
    staged.push({ out, path, bytes, rows });
    log(`reference data: converted ${i + 1}/${REFERENCE_OUTPUTS.length} ${out.source.name} -> ${out.file} (${rows} rows)`);
  }

  const outputs: ImportedOutput[] = [];
  for (const s of staged) {
    const same = existsSync(s.path) && Buffer.compare(readFileSync(s.path), Buffer.from(s.bytes)) === 0;
    if (!same) writeFileAtomic(s.path, s.bytes);
    outputs.push({ file: s.out.file, path: s.path, source: s.out.source.name, rows: s.rows, bytes: s.bytes.length, changed: !same });
  }
  return {
    origin: loaded.origin,
    ...(loaded.dir !== undefined ? { dir: loaded.dir } : {}),
    verified: [...loaded.files.keys()],
    outputs,
  };
}
