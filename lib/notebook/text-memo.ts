/**
 * Remembers, across processes, what TypeScript said about a cell's text, so that a notebook process whose
 * cells all come from the cell cache (`./cell-cache.ts`) never loads the compiler at all.
 *
 * Before a cell runs, three things are read from its text with tslab's bundled TypeScript: the text with
 * object shorthand expanded (`expandShorthandProperties`), tslab's metadata of it (`//%module`, `//%browser`)
 * and its import specifiers (part of the cell cache's key). Each depends only on the text and on the code
 * that computes it (TypeScript's and tslab's versions, the kit's rewrite), and loading the 8 MB compiler for
 * them cost a notebook process about 0.4 CPU-s. So each answer is recorded under `scratch/cache/cell-text/`,
 * named by a SHA-256 of the function's name, its identity (those versions) and the text, and read back from
 * there. Off with the cell cache (`VITSPARSE_CELL_CACHE=0`): then every answer is computed. Deleting the
 * folder is always safe.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../data/atomic-write.ts";
import { sha256Hex } from "../data/sha256.ts";
import { scratchDir } from "../paths.ts";
import { cellCacheEnabled } from "./cell-cache.ts";

/** Version of the record format; a record of another version is computed again. */
const MEMO_FORMAT = 1;

/** Where the answers are recorded. */
export function textMemoDir(): string {
  return scratchDir("cache", "cell-text");
}

/** How many answers this process read from the records, and how many it computed. */
export interface TextMemoStats {
  recalled: number;
  computed: number;
}

const stats: TextMemoStats = { recalled: 0, computed: 0 };

/** This process's counts so far. */
export function textMemoStats(): TextMemoStats {
  return { ...stats };
}

/**
 * `compute` remembered across processes: the answer for a text is computed once (per `name` and `identity`)
 * and read back afterwards. `identity` must change whenever `compute` may answer differently (the versions of
 * the code it runs); answers must be JSON values.
 */
export function memoizedByText<T>(name: string, identity: string, compute: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text: string): T => {
    if (!cellCacheEnabled()) return compute(text);
    const key = sha256Hex(JSON.stringify([MEMO_FORMAT, name, identity, text]));
    if (known.has(key)) return known.get(key)!;
    const file = join(textMemoDir(), `${key}.json`);
    let value: T;
    const recorded = readRecord<T>(file);
    if (recorded !== null) {
      value = recorded.value;
      stats.recalled++;
    } else {
      value = compute(text);
      stats.computed++;
      try {
        writeFileAtomic(file, JSON.stringify({ value }));
      } catch {
        // A record that cannot be written only costs time: the next process computes the answer again.
      }
    }
    known.set(key, value);
    return value;
  };
}

function readRecord<T>(file: string): { value: T } | null {
  try {
    const record = JSON.parse(readFileSync(file, "utf8")) as unknown;
    return typeof record === "object" && record !== null && "value" in record ? (record as { value: T }) : null;
  } catch {
    return null;
  }
}
