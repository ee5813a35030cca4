/**
 * Fuzzing the Arrow reader: mutated copies of committed data files (flipped bytes, overwritten lengths,
 * truncations, spliced tails) must each give a clean DataFileError or a valid read — never a crash of
 * another kind, a huge allocation or a hang.
 */
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { DataFileError, decodeArrowTable, type ColumnSpec, type ColumnType } from "../../lib/data/arrow-table.ts";
import { dataPath } from "../../lib/paths.ts";
import { mulberry32 } from "../../lib/random.ts";

const FILES = ["fig5-pruning-vs-accuracy.arrow", "fpga-resources-reported.arrow", "kernel-bench.arrow", "latency-breakdown-reported.arrow", "accuracy-reported.arrow"];

/** The schema a file declares, as ColumnSpecs (so the fuzzed read decodes every column). */
function schemaOf(bytes: Uint8Array): ColumnSpec[] {
  return tableFromIPC(bytes).schema.fields.map((f) => {
    const t = String(f.type).toLowerCase();
    const type: ColumnType = t === "float64" ? "float64" : t === "float32" ? "float32" : t === "int32" ? "int32" : t === "uint8" ? "uint8" : t === "bool" ? "bool" : "utf8";
    const unit = f.metadata.get("unit");
    // Value rules off (NaN allowed, any range): this test is about the decoder, not the values.
    return { name: f.name, type, ...(unit !== undefined ? { unit } : {}), nan: "fuzzed", range: [-Infinity, Infinity] as const };
  });
}

/** Outcome of reading one mutated file: "ok", or "error" for a DataFileError; anything else throws. */
function readMutated(bytes: Uint8Array, schema: ColumnSpec[], label: string): "ok" | "error" {
  try {
    const table = decodeArrowTable(bytes, schema, label, { allowEmpty: true });
    for (const values of Object.values(table.columns)) expect(values.length).toBeLessThanOrEqual(8 * bytes.byteLength);
    return "ok";
  } catch (err) {
    if (err instanceof DataFileError) return "error";
    throw new Error(`${label}: ${(err as Error).name}: ${(err as Error).message}`);
  }
}

describe("Arrow reader under mutation", () => {
  it("gives a clean error or a valid read for 1,500 mutated files", () => {
    const random = mulberry32(20251201);
    const int = (n: number): number => Math.floor(random() * n);
    const counts = { ok: 0, error: 0 };
    for (const name of FILES) {
      const original = new Uint8Array(readFileSync(dataPath(name)));
      const schema = schemaOf(original);
      for (let trial = 0; trial < 300; trial++) {
        const bytes = original.slice();
        const kind = trial % 5;
        if (kind === 0) {
          for (let i = 0, n = 1 + int(30); i < n; i++) bytes[int(bytes.length)]! ^= 1 << int(8);
        } else if (kind === 1) {
          // 30 flipped bytes near the end (where the footer and the last batch's metadata are)
          for (let i = 0; i < 30; i++) bytes[bytes.length - 1 - int(Math.min(600, bytes.length))] = int(256);
        } else if (kind === 2) {
          // a plausible-looking huge length written over 4 or 8 aligned bytes
          const at = int(bytes.length >> 2) << 2;
          const view = new DataView(bytes.buffer);
          view.setInt32(at, [0x7fffffff, -1, 0x40000000, bytes.length * 16][int(4)]!, true);
        } else if (kind === 3) {
          const cut = int(bytes.length);
          readMutated(bytes.subarray(0, cut), schema, `${name} truncated at ${cut}`);
          counts.error++;
          continue;
        } else {
          bytes.copyWithin(int(bytes.length), int(bytes.length), bytes.length);
        }
        counts[readMutated(bytes, schema, `${name} trial ${trial}`)]++;
      }
    }
    expect(counts.ok + counts.error).toBe(1500);
    expect(counts.error).toBeGreaterThan(500);
  }, 60_000);

  it("reads the unmutated committed files", () => {
    for (const name of FILES) {
      const bytes = new Uint8Array(readFileSync(dataPath(name)));
      expect(readMutated(bytes, schemaOf(bytes), name)).toBe("ok");
    }
  });
});
