import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeNpy, writeNpy, type NpyWritable } from "../../lib/data/npy-write.ts";
import { parseNpy } from "../../lib/data/npy.ts";
import { IoError, UserError } from "../../lib/errors.ts";
import { requireSystemPackages } from "../system-requirements.ts";

/** Debian's Python with NumPy (the `python3` on PATH is not Debian's). */
const PYTHON = "/usr/bin/python3";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-npy-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads files with numpy and returns, per file, dtype.str, shape, C-contiguity and the values as a flat list. */
function numpyLoad(paths: string[]): { descr: string; shape: number[]; c: boolean; values: (number | boolean)[] }[] {
  const script = [
    "import json, sys, numpy as np",
    "out = []",
    "for p in sys.argv[1:]:",
    "    a = np.load(p, allow_pickle=False, max_header_size=10**6)",
    "    out.append({'descr': a.dtype.str, 'shape': list(a.shape), 'c': bool(a.flags['C_CONTIGUOUS']), 'values': [x if isinstance(x, bool) else (x if x == x else 'nan') for x in a.ravel(order='C').tolist()]})",
    "print(json.dumps(out))",
  ].join("\n");
  const r = spawnSync(PYTHON, ["-c", script, ...paths], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`numpy could not read the files: ${r.stderr}`);
  return JSON.parse(r.stdout) as { descr: string; shape: number[]; c: boolean; values: (number | boolean)[] }[];
}

const cases: [string, NpyWritable, string][] = [
  ["bool (2, 3)", { dtype: "bool", shape: [2, 3], data: [1, 0, 0, 1, 1, 0] }, "|b1"],
  ["bool from booleans (3,)", { dtype: "bool", shape: [3], data: [true, false, true] }, "|b1"],
  ["uint8 (2, 2, 2)", { dtype: "uint8", shape: [2, 2, 2], data: [0, 1, 2, 3, 4, 5, 254, 255] }, "|u1"],
  ["int8 (4,)", { dtype: "int8", shape: [4], data: [-128, -1, 0, 127] }, "|i1"],
  ["int16 (2, 2)", { dtype: "int16", shape: [2, 2], data: [-32768, -2, 3, 32767] }, "<i2"],
  ["int32 (1, 3)", { dtype: "int32", shape: [1, 3], data: [-(2 ** 31), 7, 2 ** 31 - 1] }, "<i4"],
  ["int64 (3,)", { dtype: "int64", shape: [3], data: [-(2 ** 53 - 1), 0, 2 ** 53 - 1] }, "<i8"],
  ["float32 (2, 1)", { dtype: "float32", shape: [2, 1], data: [0.5, -3.25] }, "<f4"],
  ["float64 (2, 3)", { dtype: "float64", shape: [2, 3], data: [Math.PI, -1e-300, 0.1, 1e300, -0, 2 / 3] }, "<f8"],
  ["0-d float64", { dtype: "float64", shape: [], data: [42.5] }, "<f8"],
  ["empty (0, 4) bool", { dtype: "bool", shape: [0, 4], data: [] }, "|b1"],
  // shape (1, 2, 3, 4): C order means the last axis varies fastest.
  ["int32 (1, 2, 3, 4) C order", { dtype: "int32", shape: [1, 2, 3, 4], data: Array.from({ length: 24 }, (_, i) => i) }, "<i4"],
];

describe("encodeNpy", () => {
  it("puts the data at a multiple of 64 bytes after a newline-terminated header", () => {
    for (const [, arr] of cases) {
      const bytes = encodeNpy(arr);
      const headerLength = bytes[8]! | (bytes[9]! << 8);
      expect((10 + headerLength) % 64).toBe(0);
      expect(bytes[10 + headerLength - 1]).toBe(0x0a);
    }
  });

  it("reads back through the kit's own reader with the same dtype, shape and values", () => {
    for (const [name, arr, descr] of cases) {
      const back = parseNpy(encodeNpy(arr), name);
      expect(back.descr, name).toBe(descr);
      expect(back.shape, name).toEqual(arr.shape);
      const want = Array.from(arr.data as ArrayLike<number | boolean>, (v) => (typeof v === "boolean" ? Number(v) : arr.dtype === "float32" ? Math.fround(v) : v));
      const got = Array.from(back.data as ArrayLike<number | bigint>, (v) => Number(v));
      expect(got, name).toEqual(want);
    }
  });

  // NumPy arrays have at most 32 axes, so its headers always fit format 1.0; 2.0 is checked with the kit's reader only.
  it("uses format 2.0 when the header does not fit 65,535 bytes", () => {
    const shape = Array.from({ length: 30_000 }, () => 1);
    const bytes = encodeNpy({ dtype: "uint8", shape, data: [9] });
    expect([bytes[6], bytes[7]]).toEqual([2, 0]);
    const back = parseNpy(bytes, "wide.npy");
    expect(back.shape.length).toBe(30_000);
    expect(Array.from(back.data as Uint8Array)).toEqual([9]);
  });

  const bad: [string, NpyWritable, RegExp][] = [
    ["data shorter than the shape", { dtype: "bool", shape: [2, 2], data: [1, 0, 1] }, /holds 4 elements, the data has 3/],
    ["a bool that is not 0/1", { dtype: "bool", shape: [2], data: [1, 2] }, /element 1 is 2, expected 0, 1, true or false/],
    ["uint8 out of range", { dtype: "uint8", shape: [1], data: [256] }, /expected an integer in \[0, 255\]/],
    ["int32 not an integer", { dtype: "int32", shape: [1], data: [1.5] }, /element 0 is 1.5/],
    ["a negative side", { dtype: "bool", shape: [-1], data: [] }, /non-negative integer/],
    ["an unsafe int64", { dtype: "int64", shape: [1], data: [2 ** 60] }, /bigint or a safe integer/],
  ];
  for (const [name, arr, re] of bad) {
    it(`rejects ${name} with a UserError`, () => {
      expect(() => encodeNpy(arr)).toThrow(UserError);
      expect(() => encodeNpy(arr)).toThrow(re);
    });
  }
});

describe("writeNpy", () => {
  it("writes atomically and leaves no file behind when the path cannot be written", () => {
    const target = join(dir, "blocker");
    writeFileSync(target, "x");
    // A failing filesystem is an IoError naming the path (exit 1 at the CLI).
    expect(() => writeNpy(join(target, "a.npy"), { dtype: "bool", shape: [1], data: [1] })).toThrow(IoError);
    expect(() => writeNpy(join(target, "a.npy"), { dtype: "bool", shape: [1], data: [1] })).toThrow(/^cannot (write|create the folder of) .*blocker\/a\.npy: E[A-Z]+/);
    expect(readdirSync(dir).filter((f) => f.includes("tmp"))).toEqual([]);
  });
});

describe("NumPy reads what the writer writes", () => {
  requireSystemPackages(["python3-numpy"]);
  it("dtype, shape, C order and every value", () => {
    const paths = cases.map(([, arr], i) => {
      const p = join(dir, `case-${i}.npy`);
      writeNpy(p, arr);
      return p;
    });
    const loaded = numpyLoad(paths);
    cases.forEach(([name, arr, descr], i) => {
      const got = loaded[i]!;
      expect(got.descr, name).toBe(descr);
      expect(got.shape, name).toEqual(arr.shape);
      expect(got.c, name).toBe(true);
      const want = Array.from(arr.data as ArrayLike<number | boolean>, (v) =>
        arr.dtype === "bool" ? Boolean(v) : arr.dtype === "float32" ? Math.fround(v as number) : v,
      );
      expect(got.values, name).toEqual(want);
    });
  });
});
