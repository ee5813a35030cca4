/**
 * Complete value checks: every column of every committed data file declares its domain, every committed file
 * passes its checks, and a fuzz of consistent-but-wrong values (the file re-encoded with one value out of
 * its domain, so its bytes are a valid Arrow file and its manifest entry can be updated to match) is refused
 * by the file's own reader with one line naming the file, the column (or rule), the row and the command that
 * regenerates it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { columnDomain, decodeArrowTable, encodeArrowTable, type ColumnSpec, type ColumnValues, type DataTable } from "../../lib/data/arrow-table.ts";
import { COMMITTED_DATA_FILES, verifyCommittedData } from "../../lib/data/files/registry.ts";
import { readManifest, recordDataFile } from "../../lib/data/manifest.ts";
import { DATA_FILE_OWNERS } from "../../lib/data/owners.ts";
import { writeFileAtomic } from "../../lib/data/atomic-write.ts";
import { repoRoot } from "../../lib/paths.ts";

const root = mkdtempSync(join(tmpdir(), "vitsparse-domains-"));
mkdirSync(join(root, "data"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The committed file's table, decoded with all its checks. */
function committedTable(key: string, schema: readonly ColumnSpec[]): DataTable {
  return decodeArrowTable(new Uint8Array(readFileSync(join(repoRoot, "data", key))), schema, `data/${key}`);
}

/** Encodes `table` WITHOUT value checks (a copy of the schema without domains, NaN allowed, no rules): a valid Arrow file holding any values. */
function encodeUnchecked(schema: readonly ColumnSpec[], table: DataTable): Uint8Array {
  const loose = schema.map((s) => ({ name: s.name, type: s.type, ...(s.unit !== undefined ? { unit: s.unit } : {}), ...(s.type.startsWith("float") ? { nan: "fuzzed", range: [-Infinity, Infinity] as const } : {}), ...(s.type === "int32" || s.type === "uint8" ? { range: [-Infinity, Infinity] as const } : {}) }));
  return encodeArrowTable(loose, table, "fuzz", { allowEmpty: true });
}

/** A value outside the column's declared domain (null when none is representable in its type). */
function outOfDomain(spec: ColumnSpec, current: unknown): unknown[] {
  if (spec.type === "bool") return [!current];
  if (spec.type === "utf8") {
    if (spec.values !== undefined) return ["not-a-declared-value"];
    if (spec.pattern !== undefined) return ["!! not matching"];
    return [""];
  }
  const [lo, hi] = spec.range ?? (spec.unit === "%" ? [0, 100] : [-Infinity, Infinity]);
  const out: number[] = [];
  const int = spec.type === "int32" || spec.type === "uint8";
  const [tmin, tmax] = spec.type === "uint8" ? [0, 255] : spec.type === "int32" ? [-2147483648, 2147483647] : [-Infinity, Infinity];
  if (Number.isFinite(hi) && hi + 1 <= tmax) out.push(int ? hi + 1 : hi * 2 + 1);
  if (Number.isFinite(lo) && lo - 1 >= tmin) out.push(int ? lo - 1 : lo - 1 - Math.abs(lo));
  if (!int && spec.nan === undefined) out.push(Number.NaN);
  // In range but not a printed value: one more decimal than the column declares.
  if (spec.decimals !== undefined && typeof current === "number" && Number.isFinite(current)) out.push(current + 10 ** -(spec.decimals + 1) * 3);
  return out;
}

function withValue(values: ColumnValues, row: number, v: unknown): ColumnValues {
  const copy = Array.from(values as ArrayLike<unknown>);
  copy[row] = v;
  if (values instanceof Float64Array) return Float64Array.from(copy as number[]);
  if (values instanceof Float32Array) return Float32Array.from(copy as number[]);
  if (values instanceof Int32Array) return Int32Array.from(copy as number[]);
  if (values instanceof Uint8Array) return Uint8Array.from(copy as number[]);
  return copy as ColumnValues;
}

describe("every committed data file declares the domain of every column", () => {
  it.each(COMMITTED_DATA_FILES.map((f) => [f.key, f] as const))("%s", (_key, f) => {
    const undeclared = f.schema.filter((s) => columnDomain(s) === null).map((s) => `${s.name} (${s.type})`);
    expect(undeclared, "columns without a declared range, allowed values, pattern or free-text description").toEqual([]);
  });

  it("the registry lists exactly the committed Arrow files, each owned by one command", () => {
    expect(COMMITTED_DATA_FILES.map((f) => f.key)).toEqual(Object.keys(readManifest()).filter((k) => k.endsWith(".arrow")).sort());
    for (const f of COMMITTED_DATA_FILES) expect(DATA_FILE_OWNERS[f.key], f.key).toBeDefined();
  });

  it("every committed file passes all its checks", () => {
    expect(() => verifyCommittedData()).not.toThrow();
  });
});

describe("consistent-but-wrong values (re-encoded, manifest updated) are refused", () => {
  it.each(COMMITTED_DATA_FILES.map((f) => [f.key, f] as const))("%s: one value out of its domain, in each column", (key, f) => {
    const table = committedTable(key, f.schema);
    const rows = (Object.values(table.columns)[0] ?? []).length;
    const owner = DATA_FILE_OWNERS[key]!;
    const path = join(root, "data", key);
    let cases = 0;
    for (const [c, spec] of f.schema.entries()) {
      const row = (c * 7919) % rows;
      const current = (table.columns[spec.name] as ArrayLike<unknown>)[row];
      // A large file (200,000 rows): one wrong value per column is enough.
      for (const bad of outOfDomain(spec, current).slice(0, rows > 10_000 ? 1 : undefined)) {
        // A bool flip is wrong only where a row rule relates the column to others.
        const ruled = [...(f.rules?.rows ?? [])].some((r) => r.columns.includes(spec.name));
        if (spec.type === "bool" && !ruled) continue;
        const mutated: DataTable = { ...table, columns: { ...table.columns, [spec.name]: withValue(table.columns[spec.name]!, row, bad) } };
        const bytes = encodeUnchecked(f.schema, mutated);
        // Consistent: the file and its manifest entry agree (the reader's sha256 check passes).
        writeFileAtomic(path, bytes);
        recordDataFile(path, bytes, owner, root);
        let error: Error | undefined;
        try {
          f.read(path);
        } catch (err) {
          error = err as Error;
        }
        const what = `${key} column ${spec.name} row ${row} = ${String(bad)}`;
        expect(error, `${what} was accepted`).toBeDefined();
        expect(error!.name, what).toBe("DataFileError");
        expect(error!.message, what).not.toContain("\n");
        expect(error!.message, what).toContain(key);
        expect(error!.message, what).toMatch(/row \d+|query \d+/);
        if (spec.type !== "bool" && !spec.name.match(/^(query|key|layer|head)$/)) expect(error!.message, what).toContain(`"${spec.name}"`);
        expect(error!.message, what).toContain(`regenerate it with \`${owner}`);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(0);
  }, 120_000);

  it.each([
    ["kernel-bench.arrow", "density", 2, /column "density" row 0: 2 is outside \[0, 1\]; regenerate it with `npm run bench -- --rounds 31`/],
    ["attention-maps-fashion-mnist.arrow", "weight", -1, /column "weight" row 0: -1 is outside \[0, 1\]; regenerate it with `npm run experiment:accuracy`/],
    ["latency-breakdown-cpu.arrow", "medianUs", -5, /column "medianUs" row 0: -5 us is outside \[0, Infinity\]; regenerate it with `npm run measure:latency -- --models/],
    ["fig5-pruning-vs-accuracy.arrow", "sparsity", 34.6795625, /column "sparsity" row 0: 34\.6795625 has more than 3 decimals, expected a value as printed \(at most 3\); regenerate it with `npm run data:digitize:fig5`/],
    ["latency-breakdown-reported.arrow", "percent", 12.5, /column "percent" row 0: 12\.5 has more than 0 decimals/],
    ["kernel-bench.arrow", "kitDenseUs", 1234.5, /row 0: windowedVsKitDense = kitDenseUs \/ kitWindowedUs does not hold \(windowedVsKitDense [\d.]+, kitDenseUs 1234\.5, kitWindowedUs [\d.]+\)/],
  ] as const)("the issue's finding: %s %s = %s", (key, column, value, message) => {
    const f = COMMITTED_DATA_FILES.find((x) => x.key === key)!;
    const table = committedTable(key, f.schema);
    const bytes = encodeUnchecked(f.schema, { ...table, columns: { ...table.columns, [column]: withValue(table.columns[column]!, 0, value) } });
    const path = join(root, "data", key);
    writeFileAtomic(path, bytes);
    recordDataFile(path, bytes, DATA_FILE_OWNERS[key]!, root);
    expect(() => f.read(path)).toThrow(message);
  });
});

describe("damaged text (a flipped byte, manifest updated) is refused", () => {
  /** Flips the middle byte of the first occurrence of `text` in `bytes` (an ASCII byte becomes invalid UTF-8). */
  function flipInside(bytes: Uint8Array, text: string): Uint8Array | null {
    const at = Buffer.from(bytes).indexOf(Buffer.from(text, "utf8"));
    if (at < 0) return null;
    const out = bytes.slice();
    const i = at + Math.floor(text.length / 2);
    out[i] = out[i]! ^ 0xff;
    return out;
  }

  it.each(COMMITTED_DATA_FILES.map((f) => [f.key, f] as const))("%s: in the provenance, a column's metadata and a text value", (key, f) => {
    const original = new Uint8Array(readFileSync(join(repoRoot, "data", key)));
    const table = committedTable(key, f.schema);
    const targets: [string, string][] = [["provenance generator", table.provenance.generator], ["provenance source", table.provenance.source]];
    const described = f.schema.find((s) => s.description !== undefined && /^[\x20-\x7e]{8,}/.test(s.description));
    if (described) targets.push([`column "${described.name}" description`, described.description!.slice(0, 24)]);
    const text = f.schema.find((s) => s.type === "utf8");
    if (text) {
      const v = (table.columns[text.name] as string[]).find((x) => /^[\x20-\x7e]{3,}$/.test(x));
      if (v !== undefined) targets.push([`column "${text.name}" value`, v]);
    }
    const path = join(root, "data", key);
    for (const [what, needle] of targets) {
      const bytes = flipInside(original, needle);
      expect(bytes, `${what} (${needle}) is in the file`).not.toBeNull();
      writeFileAtomic(path, bytes!);
      recordDataFile(path, bytes!, DATA_FILE_OWNERS[key]!, root);
      let error: Error | undefined;
      try {
        f.read(path);
      } catch (err) {
        error = err as Error;
      }
      expect(error, `${key}: a flipped byte in the ${what} was accepted`).toBeDefined();
      expect(error!.name).toBe("DataFileError");
      expect(error!.message).not.toContain("\n");
      expect(error!.message, what).toMatch(/not valid UTF-8|is not one of|does not match|not a valid Arrow IPC file|schema metadata/);
    }
  });
});
