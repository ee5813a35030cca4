/**
 * Test helper: makes the imported ViTCoD reference tables available the kit way
 * (`ensureReferenceData()` imports them into data/external/ when missing) and returns the paths of the two
 * Arrow files; null when no reference data is reachable (tests then skip). An import failure is returned as
 * the Error, so the reference tests FAIL with its message instead of skipping silently.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensureReferenceData } from "../../lib/data/reference/ensure.ts";
import { GLOBAL_TOKENS_FILE, MASK_ENTRIES_FILE } from "../../lib/data/reference/vitcod-mask.ts";
import { localReferenceDir } from "../../lib/data/reference/locate.ts";
import { externalDataPath } from "../../lib/paths.ts";

export interface VitcodReferencePaths {
  masks: string;
  globalTokens: string;
}

export async function vitcodReference(): Promise<VitcodReferencePaths | Error | null> {
  try {
    if (!(await ensureReferenceData())) return null;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
  return { masks: externalDataPath(MASK_ENTRIES_FILE), globalTokens: externalDataPath(GLOBAL_TOKENS_FILE) };
}

/** Unwraps a reference result inside a test (throws the import error). */
export function need(ref: VitcodReferencePaths | Error | null): VitcodReferencePaths {
  if (ref instanceof Error) throw ref;
  if (ref === null) throw new Error("reference data unavailable (the test should have been skipped)");
  return ref;
}

/** Path of the raw info_0.95.npy for the CLI test (the CLI reads .npy directly), or null. */
export function rawMaskNpy(): string | null {
  const dir = localReferenceDir();
  const p = [join(dir, "vitcod", "info_0.95.npy"), join(dir, "info_0.95.npy")].find((c) => existsSync(c));
  return p ?? null;
}
