import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { tableFromIPC } from "apache-arrow";

/**
 * `node:fs` with a switch: while `diskFull.on`, every writeFileSync writes the first half of its data and
 * then fails like a full disk (ENOSPC), as a crash in the middle of a write would leave it.
 */
const diskFull = vi.hoisted(() => ({ on: false }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (!diskFull.on) return fs.writeFileSync(file, data, options);
    const bytes = typeof data === "string" ? Buffer.from(data) : (data as Uint8Array);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});
import {
  DataFileError,
  readArrowTable,
  rowsToColumns,
  tableRows,
  writeArrowTable,
  type ColumnSpec,
  type DataTable,
} from "../../lib/data/arrow-table.ts";

const schema: ColumnSpec[] = [
  { name: "model", type: "utf8" },
  { name: "share", type: "float64", unit: "%" },
  { name: "count", type: "int32", unit: "ops" },
  { name: "flag", type: "bool" },
];

const table: DataTable = {
  columns: { model: ["DeiT-Tiny", "LeViT-128"], share: [30.5, 34], count: [7, -2], flag: [true, false] },
  provenance: {
    kind: "digitized",
    source: "poster Fig. 1",
    license: "Apache-2.0",
    sha256: "ab".repeat(32),
    generator: "test",
    description: "a test table",
    extra: { uncertainty: "±0.5 %" },
  },
};

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "vitsparse-arrow-"));
}

describe("arrow-table", () => {
  it("round-trips columns, provenance and units", () => {
    const path = join(tmp(), "t.arrow");
    writeArrowTable(path, schema, table);
    const back = readArrowTable(path, schema);
    expect(tableRows(back)).toEqual([
      { model: "DeiT-Tiny", share: 30.5, count: 7, flag: true },
      { model: "LeViT-128", share: 34, count: -2, flag: false },
    ]);
    expect(back.provenance).toEqual(table.provenance);
    // Units and provenance are visible to any Arrow reader (plain apache-arrow here, no kit code).
    const raw = tableFromIPC(readFileSync(path));
    expect(raw.schema.metadata.get("kind")).toBe("digitized");
    expect(raw.schema.fields.find((f) => f.name === "share")?.metadata.get("unit")).toBe("%");
    // The Arrow IPC *file* format (what pyarrow.ipc.open_file and DuckDB read): magic at both ends.
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 6).toString("latin1")).toBe("ARROW1");
    expect(bytes.subarray(bytes.length - 6).toString("latin1")).toBe("ARROW1");
  });

  it("writes byte-identical files for the same table", () => {
    const dir = tmp();
    writeArrowTable(join(dir, "a.arrow"), schema, table);
    writeArrowTable(join(dir, "b.arrow"), schema, table);
    expect(readFileSync(join(dir, "a.arrow")).equals(readFileSync(join(dir, "b.arrow")))).toBe(true);
  });

  it("names file, column, expected and found on a type mismatch", () => {
    const path = join(tmp(), "t.arrow");
    writeArrowTable(path, schema, table);
    const wrong: ColumnSpec[] = [{ name: "count", type: "float64", unit: "ops" }];
    expect(() => readArrowTable(path, wrong)).toThrowError(/t\.arrow: column "count": expected float64, found int32/);
  });

  it("names the missing column and the unit mismatch", () => {
    const path = join(tmp(), "t.arrow");
    writeArrowTable(path, schema, table);
    expect(() => readArrowTable(path, [{ name: "latency", type: "float64" }])).toThrowError(/column "latency": expected float64, found no such column/);
    expect(() => readArrowTable(path, [{ name: "share", type: "float64", unit: "ms" }])).toThrowError(/expected unit "ms", found "%"/);
  });

  it("refuses a directory, a FIFO and a symlink to /dev/zero without reading them, and names a missing file", () => {
    const dir = tmp();
    mkdirSync(join(dir, "d.arrow"));
    expect(spawnSync("mkfifo", [join(dir, "f.arrow")]).status).toBe(0);
    symlinkSync("/dev/zero", join(dir, "z.arrow"));
    expect(() => readArrowTable(join(dir, "d.arrow"), schema)).toThrowError(/d\.arrow is a directory; expected a regular file$/);
    expect(() => readArrowTable(join(dir, "f.arrow"), schema)).toThrowError(/f\.arrow is a FIFO \(named pipe\); expected a regular file$/);
    expect(() => readArrowTable(join(dir, "z.arrow"), schema)).toThrowError(/z\.arrow \(a symlink to \/dev\/zero\) is a character device/);
    expect(() => readArrowTable(join(dir, "missing.arrow"), schema)).toThrowError(/missing\.arrow: cannot read the file \(missing\? run the command that makes it\)/);
    for (const f of ["d.arrow", "f.arrow", "z.arrow"]) expect(() => readArrowTable(join(dir, f), schema)).toThrowError(DataFileError);
  });

  it("rejects a file that is not Arrow, naming it", () => {
    const path = join(tmp(), "bad.arrow");
    writeFileSync(path, "not arrow");
    expect(() => readArrowTable(path, schema)).toThrowError(DataFileError);
    expect(() => readArrowTable(path, schema)).toThrowError(/bad\.arrow/);
  });

  it("leaves no file behind when a write fails", () => {
    const dir = tmp();
    const bad: DataTable = { ...table, columns: { ...table.columns, count: [1.5, 2] } };
    expect(() => writeArrowTable(join(dir, "t.arrow"), schema, bad)).toThrowError(/column "count" \(int32\): row 0 holds 1.5/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps the previous file whole when the disk fills up in the middle of a write", () => {
    const dir = tmp();
    const path = join(dir, "t.arrow");
    writeArrowTable(path, schema, table);
    const before = readFileSync(path);
    const bigger: DataTable = { ...table, columns: { model: ["a", "b", "c"], share: [1, 2, 3], count: [1, 2, 3], flag: [true, true, false] } };
    diskFull.on = true;
    try {
      expect(() => writeArrowTable(path, schema, bigger)).toThrowError(/ENOSPC/);
    } finally {
      diskFull.on = false;
    }
    expect(readFileSync(path).equals(before)).toBe(true); // a direct (non-atomic) write would have left half a file
    expect(readdirSync(dir)).toEqual(["t.arrow"]); // and no temporary file is left behind
    expect(tableRows(readArrowTable(path, schema))).toHaveLength(2);
  });

  it("requires provenance", () => {
    const dir = tmp();
    const noSource: DataTable = { ...table, provenance: { ...table.provenance, source: "" } };
    expect(() => writeArrowTable(join(dir, "t.arrow"), schema, noSource)).toThrowError(/provenance "source" is missing/);
  });

  it("converts rows to columns and reports missing values", () => {
    const cols = rowsToColumns(schema, [{ model: "x", share: 1, count: 2, flag: true }]);
    expect(cols.model).toEqual(["x"]);
    const dir = tmp();
    const partial = rowsToColumns(schema, [{ model: "x", share: 1, flag: true }]);
    expect(() => writeArrowTable(join(dir, "t.arrow"), schema, { columns: partial, provenance: table.provenance })).toThrowError(
      /column "count" \(int32\): row 0 holds undefined/,
    );
  });
});

describe("value checks (on write and on read)", () => {
  const pct: ColumnSpec[] = [
    { name: "name", type: "utf8" },
    { name: "percent", type: "float64", unit: "%" },
    { name: "available", type: "float64", nan: "not reported" },
  ];
  const provenance = table.provenance;
  const good: DataTable = { columns: { name: ["a", "b"], percent: [10, 95], available: [NaN, 3] }, provenance };

  it("accepts finite values in range and NaN where the column says what NaN means", () => {
    const path = join(tmp(), "ok.arrow");
    writeArrowTable(path, pct, good);
    expect(Number.isNaN(readArrowTable(path, pct).columns.available![0] as number)).toBe(true);
  });

  it("rejects NaN, infinities, percentages outside [0, 100] and empty tables, naming file, column and row", () => {
    const dir = tmp();
    const bad = (columns: Partial<Record<string, (number | string)[]>>): DataTable => ({ columns: { ...good.columns, ...columns } as DataTable["columns"], provenance });
    expect(() => writeArrowTable(join(dir, "a.arrow"), pct, bad({ percent: [10, NaN] }))).toThrowError(/a\.arrow: column "percent" row 1: NaN, expected a finite number in \[0, 100\]/);
    expect(() => writeArrowTable(join(dir, "b.arrow"), pct, bad({ percent: [-56000, 95] }))).toThrowError(/b\.arrow: column "percent" row 0: -56000 % is outside \[0, 100\]/);
    expect(() => writeArrowTable(join(dir, "c.arrow"), pct, bad({ available: [Infinity, 1] }))).toThrowError(/column "available" row 0: Infinity, expected a finite number/);
    expect(() => writeArrowTable(join(dir, "d.arrow"), pct, { columns: { name: [], percent: [], available: [] }, provenance })).toThrowError(/d\.arrow: the table has no rows/);
    expect(readdirSync(dir)).toEqual([]);
    // The same checks on read: a file written under a laxer schema is refused by the strict one.
    const lax: ColumnSpec[] = [{ name: "name", type: "utf8" }, { name: "percent", type: "float64", unit: "%", range: [-1e9, 1e9] }, { name: "available", type: "float64", nan: "-" }];
    const path = join(dir, "latency.arrow");
    writeArrowTable(path, lax, bad({ percent: [10, -56000] }));
    expect(() => readArrowTable(path, pct)).toThrowError(/latency\.arrow: column "percent" row 1: -56000 % is outside \[0, 100\]/);
  });
});
